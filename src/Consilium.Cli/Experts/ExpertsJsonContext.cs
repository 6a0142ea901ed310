using System.Text.Json.Serialization;

namespace Consilium.Cli.Experts;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BenchAssignResult))]
internal sealed partial class ExpertsJsonContext : JsonSerializerContext;
