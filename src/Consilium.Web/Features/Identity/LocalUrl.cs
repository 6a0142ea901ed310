namespace Consilium.Web.Features.Identity;

/// <summary>Return URLs are only ever local paths (no open redirects).</summary>
public static class LocalUrl
{
    public const string Start = "/start";

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal);

    public static string OrStart(string? url) => IsLocal(url) ? url! : Start;
}
