using System.Collections;
using System.Reflection;

namespace Consilium.Storage.Tests.Support;

/// <summary>
/// Structural comparison by public properties, recursively, so that a property the storage loses shows up by its path
/// (records compare lists by reference, which would hide it). DateTimeOffsets must match in instant and offset.
/// </summary>
internal static class DeepAssert
{
    public static void Equal(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }
        var type = expected.GetType();
        if (IsLeaf(type))
        {
            Assert.True(Equals(expected, actual), $"{path}: expected {Show(expected)}, got {Show(actual)}");
            if (expected is DateTimeOffset e && actual is DateTimeOffset a)
            {
                Assert.True(e.Offset == a.Offset, $"{path}: expected offset {e.Offset}, got {a.Offset}");
            }
            return;
        }
        if (expected is IEnumerable expectedItems)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} items, got {right.Count}");
            for (var i = 0; i < left.Count; i++)
            {
                Equal(left[i], right[i], $"{path}[{i}]");
            }
            return;
        }
        foreach (var property in DataProperties(type))
        {
            Equal(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }

    /// <summary>Fails on any null property or empty collection: the sample must exercise everything the model has.</summary>
    public static void FullyPopulated(object value, string path = "$")
    {
        var type = value.GetType();
        if (IsLeaf(type))
        {
            return;
        }
        if (value is IEnumerable items)
        {
            var list = items.Cast<object?>().ToList();
            Assert.True(list.Count > 0, $"{path} is empty in the sample");
            for (var i = 0; i < list.Count; i++)
            {
                Assert.True(list[i] is not null, $"{path}[{i}] is null in the sample");
                FullyPopulated(list[i]!, $"{path}[{i}]");
            }
            return;
        }
        foreach (var property in DataProperties(type))
        {
            var v = property.GetValue(value);
            Assert.True(v is not null, $"{path}.{property.Name} is null in the sample");
            FullyPopulated(v!, $"{path}.{property.Name}");
        }
    }

    /// <summary>Public instance properties that hold data (settable, or positional); computed get-only ones are left out.</summary>
    private static IEnumerable<PropertyInfo> DataProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.SetMethod is not null && p.Name != "EqualityContract");

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeSpan);

    private static string Show(object? value) => value switch
    {
        null => "null",
        DateTimeOffset d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "?",
    };
}
