using System.Globalization;
using System.Text;

namespace Consilium.Fhir.Intake;

/// <summary>
/// The input could not be read as a case: not JSON, not a FHIR Bundle, or an entry that is not valid FHIR R4.
/// The message names what is wrong and where (entry index, resource, element path, line and column in the input when known).
/// </summary>
public sealed class FhirIntakeException : Exception
{
    public FhirIntakeException()
        : base("The FHIR input could not be read.")
    {
    }

    public FhirIntakeException(string message)
        : base(message)
    {
        Problem = message;
    }

    public FhirIntakeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    private FhirIntakeException(string message, string problem, Exception? innerException)
        : base(message, innerException)
    {
        Problem = problem;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; private init; } = "The FHIR input could not be read.";

    /// <summary>Zero-based index of the Bundle entry at fault, when the problem is inside an entry.</summary>
    public int? EntryIndex { get; private init; }

    /// <summary>Resource type of the entry at fault (e.g. <c>Patient</c>).</summary>
    public string? ResourceType { get; private init; }

    /// <summary>Resource id of the entry at fault, when it has one.</summary>
    public string? ResourceId { get; private init; }

    /// <summary>Element path inside the resource (e.g. <c>Patient.birthDate</c>) or JSON path in the input.</summary>
    public string? Path { get; private init; }

    /// <summary>One-based line in the input, when known.</summary>
    public long? Line { get; private init; }

    /// <summary>One-based column (byte position) in the line, when known.</summary>
    public long? Column { get; private init; }

    internal static FhirIntakeException At(string problem, int? entryIndex = null, string? resourceType = null, string? resourceId = null, string? path = null, long? line = null, long? column = null, Exception? inner = null)
    {
        var sb = new StringBuilder();
        if (entryIndex is { } i)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Bundle.entry[{i}]");
            if (resourceType is not null)
            {
                sb.Append(" (").Append(resourceType);
                if (!string.IsNullOrEmpty(resourceId))
                {
                    sb.Append('/').Append(resourceId);
                }
                sb.Append(')');
            }
            sb.Append(": ");
        }
        sb.Append(problem.TrimEnd('.'));
        var where = new List<string>();
        if (!string.IsNullOrEmpty(path))
        {
            where.Add($"at {path}");
        }
        if (line is { } l)
        {
            where.Add(column is { } c ? $"line {l}, column {c}" : $"line {l}");
        }
        if (where.Count > 0)
        {
            sb.Append(" (").Append(string.Join(", ", where)).Append(')');
        }
        sb.Append('.');
        return new FhirIntakeException(sb.ToString(), problem, inner)
        {
            EntryIndex = entryIndex,
            ResourceType = resourceType,
            ResourceId = resourceId,
            Path = path,
            Line = line,
            Column = column,
        };
    }
}
