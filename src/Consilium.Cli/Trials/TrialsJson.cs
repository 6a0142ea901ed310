using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Consilium.Trials.Eligibility;
using Consilium.Trials.Matching;

namespace Consilium.Cli.Trials;

/// <summary>
/// The <c>trials match --json</c> output, exactly:
/// <c>{"trials":[{"nctId","title","status","score","nearestSiteKm","criteria":[{"kind","text","status","fact"}]}]}</c>, in rank order.
/// </summary>
internal static class TrialsJson
{
    public static string Serialize(IReadOnlyList<TrialMatch> matches)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("trials");
            foreach (var m in matches)
            {
                w.WriteStartObject();
                w.WriteString("nctId", m.Trial.NctId);
                w.WriteString("title", m.Trial.Title);
                w.WriteString("status", m.Trial.Status);
                w.WriteNumber("score", m.Score);
                if (m.NearestSite is { } site)
                {
                    w.WriteNumber("nearestSiteKm", Math.Round(site.Kilometres, 1));
                }
                else
                {
                    w.WriteNull("nearestSiteKm");
                }
                w.WriteStartArray("criteria");
                foreach (var c in m.Criteria)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", c.Criterion.Kind == CriterionKind.Inclusion ? "inclusion" : "exclusion");
                    w.WriteString("text", c.Criterion.Display);
                    w.WriteString("status", Status(c.Status));
                    w.WriteString("fact", c.ToFindOut is { } find ? $"{c.Fact} (to find out: {find})" : c.Fact);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Status(CriterionStatus s) => s switch
    {
        CriterionStatus.Met => "met",
        CriterionStatus.NotMet => "not-met",
        _ => "unknown",
    };
}
