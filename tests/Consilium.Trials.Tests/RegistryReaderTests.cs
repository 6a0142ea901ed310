using System.Text;
using Consilium.Trials.Matching;
using Consilium.Trials.Registry;

namespace Consilium.Trials.Tests;

public class RegistryReaderTests
{
    private const string Study = """
        {"protocolSection":{"identificationModule":{"nctId":"NCT01234567","briefTitle":"A trial"},
          "statusModule":{"overallStatus":"RECRUITING","lastUpdatePostDateStruct":{"date":"2025-11-06"}},
          "conditionsModule":{"conditions":["NSCLC"]},
          "eligibilityModule":{"eligibilityCriteria":"Inclusion Criteria:\n\n* ECOG 0-1","sex":"FEMALE","minimumAge":"18 Years","maximumAge":"6 Months"},
          "contactsLocationsModule":{"locations":[{"facility":"Hôpital","status":"RECRUITING","city":"Paris","country":"France","geoPoint":{"lat":48.85,"lon":2.35},"contacts":[{"name":"Dr A","phone":"+33 1"}]}]}},
         "derivedSection":{"miscInfoModule":{"versionHolder":"2025-12-09"},"conditionBrowseModule":{"meshes":[{"id":"D002289","term":"Carcinoma, Non-Small-Cell Lung"}]}}}
        """;

    private static IReadOnlyList<RegistryEntry> Read(string json, string name = "f.json") => CtGovJson.Read(Encoding.UTF8.GetBytes(json), name);

    [Fact]
    public void GivenASingleStudy_WhenRead_ThenTheFieldsMatchingNeedsAreThere()
    {
        var r = Assert.Single(Read(Study)).Record;

        Assert.Equal(("NCT01234567", "A trial", "RECRUITING"), (r.NctId, r.Title, r.Status));
        Assert.Equal(new DateOnly(2025, 11, 6), r.LastUpdate);
        Assert.Equal(new DateOnly(2025, 12, 9), r.VersionDate);
        Assert.Equal((TrialSex.Female, 18, 0), (r.Sex, r.MinimumAgeYears, r.MaximumAgeYears));
        Assert.Equal(["Carcinoma, Non-Small-Cell Lung"], r.ConditionMeshTerms);
        var site = Assert.Single(r.Sites);
        Assert.Equal((48.85, 2.35, "Dr A"), (site.Latitude!.Value, site.Longitude!.Value, site.Contacts[0].Name));
    }

    [Fact]
    public void GivenAnArrayOrAnApiPage_WhenRead_ThenEveryStudyIsRead()
    {
        Assert.Equal(2, Read($"[{Study},{Study.Replace("NCT01234567", "NCT07654321", StringComparison.Ordinal)}]").Count);
        Assert.Single(Read($"{{\"studies\":[{Study}],\"nextPageToken\":\"x\"}}"));
    }

    [Theory]
    [InlineData("{\"protocolSection\":{\"identificationModule\":{\"briefTitle\":\"x\"}}}", "protocolSection.identificationModule.nctId")]
    [InlineData("{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"12345\",\"briefTitle\":\"x\"}}}", "is not an NCT number")]
    [InlineData("{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT01234567\",\"briefTitle\":\"x\"},\"eligibilityModule\":{\"minimumAge\":\"eighteen\"}}}", "protocolSection.eligibilityModule.minimumAge")]
    [InlineData("{\"protocolSection\":", "not valid JSON")]
    [InlineData("{\"hello\":1}", "not a ClinicalTrials.gov API v2 export")]
    public void GivenABadFile_WhenRead_ThenTheMessageNamesTheFileAndTheField(string json, string expected)
    {
        var ex = Assert.Throws<TrialRecordException>(() => Read(json, "bad.json"));

        Assert.StartsWith("bad.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAFolder_WhenOneFileIsBad_ThenNothingIsReturnedAndTheFileIsNamed()
    {
        var dir = Directory.CreateTempSubdirectory("consilium-trials-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.json"), Study);
            Directory.CreateDirectory(Path.Combine(dir.FullName, "more"));
            File.WriteAllText(Path.Combine(dir.FullName, "more", "b.json"), "[1]");

            var ex = Assert.Throws<TrialRecordException>(() => CtGovJson.ReadPath(dir.FullName));

            Assert.Contains(Path.Combine("more", "b.json"), ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

/// <summary>The 100 real ClinicalTrials.gov records in ../shared/data/trials.</summary>
public class RealRecordsTests
{
    private static string? Folder => Consilium.Tests.Shared.SharedDataLocator.Find(Path.Combine("trials", "ctgov_v2_nsclc")) is { } root ? Path.Combine(root, "trials", "ctgov_v2_nsclc") : null;

    [SkippableFact]
    public void GivenTheRealRecords_WhenRead_ThenAllHundredAreReadWithCriteriaAndSites()
    {
        Skip.If(Folder is null, "../shared/data/trials is not present");
        var records = CtGovJson.ReadPath(Folder!).Select(e => e.Record).ToList();

        Assert.Equal(100, records.Count);
        Assert.Equal(100, records.Select(r => r.NctId).Distinct().Count());
        Assert.Equal(26, records.Count(r => r.Status == "RECRUITING"));
        Assert.Equal(959, records.Sum(r => r.Sites.Count));
        Assert.All(records, r => Assert.NotEmpty(Eligibility.CriteriaSplitter.Split(r.EligibilityText)));
    }

    [SkippableFact]
    public void GivenTheRealRecords_WhenAnNsclcPatientIsMatched_ThenRecruitingNsclcTrialsAreRankedWithReasons()
    {
        Skip.If(Folder is null, "../shared/data/trials is not present");
        var prepared = CtGovJson.ReadPath(Folder!).Select(e => PreparedTrial.Prepare(e.Record)).ToList();

        var ranked = TrialMatcher.Match(Patients.Facts(Patients.Nsclc()), prepared, new TrialMatchOptions { Top = 10 });

        Assert.Equal(10, ranked.Count);
        Assert.All(ranked, m => Assert.True(m.Trial.IsOpen));
        Assert.All(ranked, m => Assert.True(m.Condition.Score >= 0.8));
        Assert.Equal(ranked.OrderBy(m => m.Excluded).ThenByDescending(m => m.Score).Select(m => m.Score), ranked.Select(m => m.Score));
        Assert.Contains(ranked, m => m.Criteria.Any(c => c.Requirements.Count > 0 && c.Status != Eligibility.CriterionStatus.Unknown));
    }
}
