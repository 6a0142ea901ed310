using System.Text.Json;

namespace Consilium.Cli.Tests.Triage;

/// <summary>`consilium triage FILE --json` on small FHIR fixtures, one per situation, urgency and red flag.</summary>
public class TriageCommandTests
{
    private const string AsOf = "2026-11-25";

    private static JsonElement TriageJson(string fixture)
    {
        var run = ConsiliumProcess.Start("triage", ConsiliumProcess.Fixture("Triage", fixture), "--json", "--as-of", AsOf);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StdErr}");
        Assert.Equal(string.Empty, run.StdErr);
        var lines = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return JsonDocument.Parse(lines[0]).RootElement.Clone();
    }

    private static string[] Situations(JsonElement r) => r.GetProperty("situations").EnumerateArray().Select(s => s.GetProperty("code").GetString()!).ToArray();

    private static string[] Evidence(JsonElement r, string situation) =>
        r.GetProperty("situations").EnumerateArray().Single(s => s.GetProperty("code").GetString() == situation)
            .GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Theory]
    [InlineData("cancer-untreated.json", "cancer", "Condition/lung-ca", "expedited")]
    [InlineData("cancer-on-chemotherapy.json", "cancer", "Condition/lung-ca", "standard")]
    [InlineData("surgery-in-10-days.json", "surgery-planned", "ServiceRequest/tkr", "expedited")]
    [InlineData("surgery-in-3-months.json", "surgery-planned", "Procedure/tkr", "standard")]
    [InlineData("symptoms-unexplained.json", "symptoms-unexplained", "Condition/ibs", "standard")]
    [InlineData("rare-disease.json", "rare-or-complex", "Condition/marfan", "standard")]
    [InlineData("complex-multimorbidity.json", "rare-or-complex", "Condition/ckd", "standard")]
    [InlineData("treatment-not-working.json", "treatment-not-working", "MedicationRequest/mtx", "standard")]
    [InlineData("patient-questionnaire.json", "treatment-not-working", "QuestionnaireResponse/intake", "standard")]
    public void GivenFixture_WhenTriagedAsJson_ThenSituationWithEvidenceAndUrgency(string fixture, string situation, string evidence, string urgency)
    {
        var r = TriageJson(fixture);

        Assert.Equal([situation], Situations(r));
        Assert.Contains(evidence, Evidence(r, situation));
        Assert.Equal(urgency, r.GetProperty("urgency").GetString());
        Assert.Empty(r.GetProperty("redFlags").EnumerateArray());
    }

    [Theory]
    [InlineData("red-flag-stroke.json", "stroke-signs", "Condition/st")]
    [InlineData("red-flag-chest-pain.json", "acute-coronary-syndrome", "Condition/mi")]
    [InlineData("red-flag-suicidal-ideation.json", "suicidal-ideation", "Observation/si")]
    [InlineData("red-flag-sepsis.json", "sepsis", "Condition/sep")]
    [InlineData("red-flag-severe-bleeding.json", "severe-bleeding", "Condition/hem")]
    [InlineData("red-flag-anaphylaxis.json", "anaphylaxis", "QuestionnaireResponse/intake#question")]
    public void GivenRecentRedFlag_WhenTriaged_ThenEmergencyAndSeekCareNow(string fixture, string flag, string evidence)
    {
        var r = TriageJson(fixture);

        Assert.Equal("emergency", r.GetProperty("urgency").GetString());
        var f = Assert.Single(r.GetProperty("redFlags").EnumerateArray());
        Assert.Equal(flag, f.GetProperty("code").GetString());
        Assert.Equal([evidence], f.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("emergency", f.GetProperty("advice").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GivenStrokeYearsAgo_WhenTriaged_ThenNoRedFlag()
    {
        var r = TriageJson("old-stroke-no-red-flag.json");
        Assert.Equal("standard", r.GetProperty("urgency").GetString());
        Assert.Empty(r.GetProperty("redFlags").EnumerateArray());
    }

    [Fact]
    public void GivenCancerCase_WhenTriaged_ThenTumourBoardAndOncologyExpertise()
    {
        var r = TriageJson("cancer-untreated.json");
        Assert.True(r.GetProperty("tumorBoard").GetBoolean());
        var expertise = r.GetProperty("expertise").EnumerateArray().Select(e => (e.GetProperty("specialty").GetString(), e.GetProperty("subspecialty").GetString())).ToList();
        Assert.Contains(("oncology", "thoracic oncology"), expertise);
        Assert.All(r.GetProperty("expertise").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("reason").GetString())));
    }

    [Theory]
    [InlineData("not-json.json", "not valid JSON")]
    [InlineData("patient-not-bundle.json", "Expected a FHIR Bundle")]
    [InlineData("bad-birthdate.json", "Patient.birthDate")]
    [InlineData("does-not-exist.json", "no such file")]
    public void GivenBadFile_WhenTriaged_ThenExitCode2AndOneClearLineOnStderr(string fixture, string expected)
    {
        var run = ConsiliumProcess.Start("triage", ConsiliumProcess.Fixture("Triage", fixture), "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.StdOut);
        var line = Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains(fixture, line, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenSampleCase_WhenTriagedWithoutJson_ThenReadableSummary()
    {
        var run = ConsiliumProcess.Start("triage", Path.Combine(AppContext.BaseDirectory, "samples", "cancer-surgery-planned.json"), "--as-of", AsOf);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Urgency: expedited", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("surgery-planned", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("colorectal surgery", run.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("triage")]
    [InlineData("import")]
    [InlineData("ddx")]
    public void GivenAnyCommand_WhenHelpAsked_ThenUsageIsPrinted(string command)
    {
        var run = ConsiliumProcess.Start(command, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("USAGE", run.StdOut, StringComparison.Ordinal);
    }
}
