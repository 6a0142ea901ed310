using System.Globalization;

namespace Consilium.Cli;

/// <summary>The <c>--as-of DATE</c> option the clinical commands share: the moment their time windows count from.</summary>
internal static class AsOfOption
{
    /// <summary>
    /// <c>yyyy-MM-dd</c> (noon UTC that day) or ISO 8601; none given means now. Anything else is bad input (exit 2).
    /// </summary>
    public static DateTimeOffset Resolve(string? value, TimeProvider? time = null)
    {
        if (value is null)
        {
            return (time ?? TimeProvider.System).GetUtcNow();
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return new DateTimeOffset(d.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt))
        {
            return dt;
        }
        throw new BadInputException($"--as-of '{value}' is not a date (use yyyy-MM-dd or ISO 8601).");
    }
}
