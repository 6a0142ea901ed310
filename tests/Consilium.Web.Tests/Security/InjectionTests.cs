using System.Net;
using System.Xml.Linq;
using Consilium.Domain.Opinions;
using Consilium.Storage.Audit;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Outcomes;
using Consilium.Web.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Consilium.Web.Tests.Security;

/// <summary>
/// SQL metacharacters in text that is stored and searched (kept and shown literally, matched literally, never an error), and
/// spreadsheet formulas and markup in the outcome exports (CSV cells open as text, chart labels stay text in the SVG).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class InjectionTests(Platform platform)
{
    private static readonly string[] SqlText =
    [
        "Robert'); DROP TABLE cases; --",
        "\" OR \"1\"=\"1",
        "' OR 1=1 --",
        "100%_sure \\ [a-z] *",
        "'; SELECT pg_sleep(5); --",
    ];

    [Fact]
    public async Task GivenSqlMetacharactersInStoredText_WhenSavedAndShown_ThenTheyComeBackLiterallyAndTheCasesAreAllThere()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var patient = await platform.AccountAsync($"sql {tag} {SqlText[0]}", ConsiliumRoles.Patient, $"sql-{tag}@test.example", twoFactor: false);
        using var session = platform.NewSession();
        await session.SignInAsync(patient);
        var casesBefore = await platform.Database.Cases.CountAsync();
        using var first = await session.PostFormAsync("/intake/new", "intake-1", new Dictionary<string, string>
        {
            ["Input.SymptomsUnexplained"] = "true", ["Input.BirthDate"] = "1970-01-01", ["Input.Sex"] = "Male", ["Input.Country"] = "GB",
        });
        var caseId = Guid.Parse(first.Headers.Location!.ToString().Split('/')[^2]);
        using (var second = await session.PostFormAsync($"/intake/{caseId}/2", "intake-2", new Dictionary<string, string>
        {
            ["Input.Diagnosis"] = SqlText[1], ["Input.Symptoms"] = string.Join('\n', SqlText), ["Input.SymptomWeeks"] = "4",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }
        using (var third = await session.PostFormAsync($"/intake/{caseId}/3", "intake-3", new Dictionary<string, string> { ["Input.Question"] = SqlText[2], ["Input.Consent"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        }
        using (var message = await session.PostFormAsync($"/cases/{caseId}", "case-message", new Dictionary<string, string> { ["Message.Text"] = SqlText[3] }))
        {
            Assert.Equal(HttpStatusCode.Redirect, message.StatusCode);
        }

        var stored = (await platform.Database.Cases.GetAsync(caseId))!;
        Assert.Equal(SqlText[2], stored.File.PatientQuestion);
        var page = WebUtility.HtmlDecode(await session.GetPageAsync($"/cases/{caseId}"));
        foreach (var text in new[] { SqlText[1], SqlText[2], SqlText[3] })
        {
            Assert.Contains(text, page, StringComparison.Ordinal);
        }
        Assert.Equal(casesBefore + 1, await platform.Database.Cases.CountAsync());
        Assert.NotNull(await platform.Database.Cases.GetAsync(platform.CaseA));
    }

    [Fact]
    public async Task GivenTheAuditFilterWithSqlAndLikeMetacharacters_WhenSearched_ThenOnlyEntriesLiterallyContainingThemMatchAndAnAccountIdFindsItsEntries()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var odd = await platform.AccountAsync($"100%_sure {tag}", ConsiliumRoles.Patient, $"odd-{tag}@test.example", twoFactor: false);
        using (var oddSession = platform.NewSession())
        {
            await oddSession.SignInAsync(odd);
            using var look = await oddSession.GetAsync($"/cases/{platform.CaseA}");
            Assert.Equal(HttpStatusCode.NotFound, look.StatusCode);
        }
        using var admin = platform.NewSession();
        await admin.SignInAsync(platform.Admin);

        // An account id (the label says "account id or name contains") finds that account's entries.
        using (var owner = platform.NewSession())
        {
            await owner.SignInAsync(platform.PatientA);
            await owner.GetPageAsync($"/cases/{platform.CaseA}");
        }
        var byId = await admin.GetPageAsync($"/admin/audit?actor={Uri.EscapeDataString(platform.PatientA.Id)}");
        Assert.Contains("case.view", byId, StringComparison.Ordinal);

        // "%_" matches only the actor with those characters in its name, not everything.
        var total = await platform.Database.Audit.CountAsync(new AuditQuery());
        var wildcards = await platform.Database.Audit.QueryAsync(new AuditQuery(ActorContains: "%_", Take: 1000));
        Assert.NotEmpty(wildcards);
        Assert.All(wildcards, e => Assert.Contains(odd.Id, e.Actor, StringComparison.Ordinal));
        Assert.True(wildcards.Count < total);
        var oddPage = await admin.GetPageAsync("/admin/audit?actor=" + Uri.EscapeDataString("%_"));
        Assert.Contains("case.access-denied", oddPage, StringComparison.Ordinal);

        foreach (var text in SqlText.Append("_").Append("%").Append("\\"))
        {
            using var response = await admin.GetAsync("/admin/audit?actor=" + Uri.EscapeDataString(text) + "&action=" + Uri.EscapeDataString(text));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains($"value=\"{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text)}\"", html, StringComparison.Ordinal);
            Assert.Empty(await platform.Database.Audit.QueryAsync(new AuditQuery(Action: text, ActorContains: text)));
        }
        Assert.True((await platform.Database.Audit.VerifyAsync()).Intact);
    }

    [Fact]
    public void GivenFormulaLikeAndQuotedGroupNames_WhenTheOutcomesAreExportedAsCsv_ThenEveryCellOpensAsTheTextItIs()
    {
        string[] names = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\tindented", "comma, inside", "line\nbreak", "plain"];
        var outcomes = names.Select(n => new OpinionOutcome(Guid.NewGuid(), ["cancer"], [n], DiagnosisAgreement.Confirmed, TreatmentAgreement.Agree,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(3), 14)).ToList();
        var csv = OutcomeData.Csv(OutcomeFigures.Compute(outcomes));
        var cells = ParseCsv(csv).SelectMany(row => row).ToList();
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
        foreach (var name in names)
        {
            Assert.Contains(cells, c => c == name || c == "'" + name);
        }
    }

    [Property(MaxTest = 500)]
    public Property GivenAnyText_WhenWrittenAsACsvCell_ThenItReadsBackAsItselfOrItselfAfterAnApostropheAndNeverStartsAFormula() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), text =>
        {
            var s = text.Get;
            var cell = Assert.Single(ParseCsv(OutcomeData.Quote(s) + ",end\n"))[0];
            var formula = s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
            return (formula ? cell == "'" + s : cell == s) && !(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@');
        });

    [Fact]
    public void GivenMarkupInAGroupName_WhenTheChartIsDrawnAsSvg_ThenTheSvgIsWellFormedAndHasTheNameAsText()
    {
        const string name = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        var row = new ConcordanceRow(name, 2, 1, 1, 0, 0, 1, 0, 1, 0);
        var svg = OutcomeCharts.Concordance([row], plan: false);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", svg, StringComparison.OrdinalIgnoreCase);
        var document = XDocument.Parse(svg);
        Assert.Contains(document.Descendants(), e => e.Nodes().OfType<XText>().Any(t => t.Value.Contains(name, StringComparison.Ordinal)));
    }

    /// <summary>RFC 4180: rows of cells; quoted cells may hold commas, quotes (doubled) and line breaks.</summary>
    private static List<List<string>> ParseCsv(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n' || (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n'))
            {
                if (c == '\r')
                {
                    i++;
                }
                row.Add(cell.ToString());
                cell.Clear();
                if (row.Count > 1 || row[0].Length > 0)
                {
                    rows.Add(row);
                }
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }
        return rows;
    }
}
