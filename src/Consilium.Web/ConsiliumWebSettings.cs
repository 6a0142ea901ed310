using Consilium.Storage.Configuration;

namespace Consilium.Web;

/// <summary>How to start the platform: from <c>consilium serve</c>, the Web project's own entry point, or a test.</summary>
public sealed class ConsiliumWebSettings
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Where to listen (semicolon-separated), default <see cref="DefaultUrl"/>.</summary>
    public string Urls { get; init; } = DefaultUrl;

    /// <summary>The database; null to bind <c>Consilium:Storage</c> from configuration.</summary>
    public StorageOptions? Storage { get; init; }

    /// <summary>Seed demo accounts and cases (only ever with <c>--demo</c>).</summary>
    public bool Demo { get; init; }

    /// <summary>ASP.NET Core environment name; null for the usual (ASPNETCORE_ENVIRONMENT, else Production).</summary>
    public string? EnvironmentName { get; init; }

    /// <summary>Configuration values that win over appsettings and the environment (tests use it).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where demo credentials are written (the console by default).</summary>
    public TextWriter? DemoOutput { get; init; }

    public string[] Args { get; init; } = [];
}
