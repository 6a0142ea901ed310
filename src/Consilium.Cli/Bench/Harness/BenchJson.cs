using System.Text.Json;

namespace Consilium.Cli.Bench.Harness;

/// <summary>The one line a benchmark prints on standard output with <c>--json</c> (camelCase names); progress goes to stderr.</summary>
public static class BenchJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize<T>(T result) => JsonSerializer.Serialize(result, Options);

    public static void Write<T>(T result) => Console.Out.WriteLine(Serialize(result));
}
