using Consilium.Domain.Cases;
using Consilium.Trials.Eligibility;
using Consilium.Trials.Matching;
using Consilium.Trials.Registry;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Consilium.Trials.Tests.Patients;

namespace Consilium.Trials.Tests;

public class MatchingTests
{
    private static readonly TrialMatchOptions Defaults = new();

    [Fact]
    public void GivenAClosedTrial_WhenMatched_ThenOnlyRecruitingOnesAreOptionsUnlessAskedForAll()
    {
        var trials = Trials.Prepared(Trials.Nsclc("NCT00000001"), Trials.Nsclc("NCT00000002", status: "COMPLETED"));

        Assert.Equal(["NCT00000001"], TrialMatcher.Match(Facts(Nsclc()), trials, Defaults).Select(m => m.Trial.NctId));
        Assert.Equal(2, TrialMatcher.Match(Facts(Nsclc()), trials, Defaults with { IncludeClosed = true }).Count);
    }

    [Fact]
    public void GivenAnotherCancer_WhenMatched_ThenLungTrialsAreNotCandidates()
    {
        var prostate = Nsclc() with { Conditions = [Condition("Malignant tumor of prostate")] };

        Assert.Empty(TrialMatcher.Match(Facts(prostate), Trials.Prepared(Trials.Nsclc("NCT00000001")), Defaults));
    }

    [Fact]
    public void GivenTheRegistryAgeAndSex_WhenTheyDoNotFit_ThenTheTrialRanksLastWithTheReason()
    {
        var womenOnly = Trials.Nsclc("NCT00000001") with { Sex = TrialSex.Female };
        var adults = Trials.Nsclc("NCT00000002");

        var ranked = TrialMatcher.Match(Facts(Nsclc(sex: AdministrativeSex.Male)), Trials.Prepared(womenOnly, adults), Defaults);

        Assert.Equal(["NCT00000002", "NCT00000001"], ranked.Select(m => m.Trial.NctId));
        var failed = Assert.Single(ranked[1].Failed);
        Assert.Equal("sex male", failed.Fact);
        Assert.Contains(ranked[1].Explanation, l => l.StartsWith("Excludes: Sex: female", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenABiomarkerTrial_WhenTheMarkerIsPresentAbsentOrUnknown_ThenPresentRanksFirstAndAbsentLast()
    {
        var egfr = Trials.Nsclc("NCT00000001", eligibility: "Inclusion Criteria:\n* EGFR exon 19 deletion or L858R mutation");
        var prepared = Trials.Prepared(egfr);
        static Consilium.Domain.Cases.ObservationRecord Egfr(string v) => Result("41103-3", "EGFR gene mutations found", v);

        var present = Assert.Single(TrialMatcher.Match(Facts(Nsclc(observations: Egfr("EGFR L858R mutation detected"))), prepared, Defaults));
        var unknown = Assert.Single(TrialMatcher.Match(Facts(Nsclc()), prepared, Defaults));
        var absent = Assert.Single(TrialMatcher.Match(Facts(Nsclc(observations: Egfr("negative"))), prepared, Defaults));

        Assert.True(present.Score > unknown.Score && unknown.Score > absent.Score);
        Assert.True(absent.Excluded);
        Assert.Contains(unknown.Explanation, l => l.StartsWith("To find out: EGFR", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenThePatientsLocation_WhenMatched_ThenTheNearestOpenSiteIsMeasuredAndCloserRanksHigher()
    {
        var paris = new GeoPoint(48.8566, 2.3522);
        var lyon = Trials.Nsclc("NCT00000001", sites: [Trials.Site("Centre Léon Bérard", "France", 45.7640, 4.8357), Trials.Site("Closed Paris site", "France", 48.86, 2.35, "COMPLETED")]);
        var berlin = Trials.Nsclc("NCT00000002", sites: [Trials.Site("Charité", "Germany", 52.52, 13.405)]);

        var ranked = TrialMatcher.Match(Facts(Nsclc()), Trials.Prepared(berlin, lyon), Defaults with { Near = paris });

        Assert.Equal(["NCT00000001", "NCT00000002"], ranked.Select(m => m.Trial.NctId));
        Assert.Equal("Centre Léon Bérard", ranked[0].NearestSite!.Site.Facility);
        Assert.InRange(ranked[0].NearestSite!.Kilometres, 385, 395);
        Assert.InRange(ranked[1].NearestSite!.Kilometres, 870, 890);
    }

    [Fact]
    public void GivenACountry_WhenMatched_ThenOnlyTrialsWithAnOpenSiteThereRemain()
    {
        var trials = Trials.Prepared(
            Trials.Nsclc("NCT00000001", sites: [Trials.Site("A", "France", 45, 4)]),
            Trials.Nsclc("NCT00000002", sites: [Trials.Site("B", "Germany", 52, 13), Trials.Site("C", "France", 48, 2, "WITHDRAWN")]));

        Assert.Equal(["NCT00000001"], TrialMatcher.Match(Facts(Nsclc()), trials, Defaults with { Country = "FR" }).Select(m => m.Trial.NctId));
    }

    [Fact]
    public void GivenTwoPointsApart_WhenTheDistanceIsComputed_ThenItIsTheGreatCircleDistance()
    {
        Assert.Equal(0, new GeoPoint(10, 10).KilometresTo(new GeoPoint(10, 10)), 6);
        Assert.InRange(new GeoPoint(40.7128, -74.0060).KilometresTo(new GeoPoint(51.5074, -0.1278)), 5560, 5580);
        Assert.Null(GeoPoint.Parse("91,0"));
        Assert.Equal(new GeoPoint(48.85, 2.35), GeoPoint.Parse(" 48.85 , 2.35 "));
    }

    [Property]
    public Property GivenAnySetOfTrials_WhenRanked_ThenEveryTrialThatMayTakeThePatientRanksAboveEveryExcludingOne() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Elements("Stage IV NSCLC", "Pregnant", "Age ≥ 80 years", "Female patients only", "EGFR mutation", "ECOG 0-1", "Small cell lung cancer")).Select(a => a.Take(12).ToArray()).ToArbitrary(), Gen.Choose(30, 85).ToArbitrary(), (criteria, age) =>
        {
            var records = criteria.Select((c, i) => Trials.Nsclc($"NCT{i:D8}", eligibility: $"Inclusion Criteria:\n* {c}\n\nExclusion Criteria:\n* {criteria[(i + 1) % criteria.Length]}")).ToArray();
            var ranked = TrialMatcher.Match(Facts(Nsclc(age)), Trials.Prepared(records), Defaults with { Top = 100 });
            var firstExcluded = ranked.ToList().FindIndex(m => m.Excluded);
            return ranked.Count == records.Length && (firstExcluded < 0 || ranked.Skip(firstExcluded).All(m => m.Excluded));
        });
}
