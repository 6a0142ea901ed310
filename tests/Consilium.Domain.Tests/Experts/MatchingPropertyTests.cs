using Consilium.Domain.Experts;
using Consilium.Domain.Experts.Synthetic;
using Consilium.Domain.Matching;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Consilium.Domain.Tests.Experts;

public class MatchingPropertyTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static string Fingerprint(MatchResult r) => string.Join(";", r.Needs.Select(n =>
        string.Join(",", n.Candidates.Select(c => $"{c.Expert.Id}:{c.Score:R}:{string.Join("|", c.Parts.Select(p => p.Reason))}"))
        + "/" + string.Join(",", n.Excluded.Select(x => $"{x.Expert.Id}:{string.Join("|", x.Failed.Select(f => f.Constraint))}"))));

    [Property(MaxTest = 25)]
    public bool GivenAnySyntheticNetwork_WhenMatched_ThenNoCandidateFailsAConstraintAndEveryExcludedDoes(PositiveInt seed, bool interpreter, bool crossBorder)
    {
        var generator = new SyntheticNetwork(seed.Get, AsOf);
        var experts = generator.Experts(60);
        var options = new MatchingOptions { InterpreterAvailable = interpreter, Licensure = crossBorder ? LicensurePolicy.CrossBorder : LicensurePolicy.SameJurisdiction };
        var engine = new MatchingEngine(new ExpertNetwork(experts), options);
        return generator.Cases(8, experts).Select(engine.Match).All(r => r.Needs.All(n =>
            n.Candidates.All(c => c.Constraints.All(k => k.Passed))
            && n.Excluded.All(x => x.Failed.Any())
            && n.Candidates.Select(c => c.Expert.Id).Intersect(n.Excluded.Select(x => x.Expert.Id)).Any() == false
            && n.Candidates.Zip(n.Candidates.Skip(1)).All(p => p.First.Score > p.Second.Score || (p.First.Score == p.Second.Score && string.CompareOrdinal(p.First.Expert.Id, p.Second.Expert.Id) < 0))));
    }

    [Property(MaxTest = 15)]
    public bool GivenTheSameInput_WhenMatchedTwiceEvenWithExpertsShuffled_ThenTheSameResult(PositiveInt seed)
    {
        var generator = new SyntheticNetwork(seed.Get, AsOf);
        var experts = generator.Experts(50);
        var cases = generator.Cases(5, experts);
        var shuffled = experts.OrderBy(e => e.Name, StringComparer.Ordinal).ThenByDescending(e => e.Id, StringComparer.Ordinal).ToList();
        var a = new MatchingEngine(new ExpertNetwork(experts));
        var b = new MatchingEngine(new ExpertNetwork(shuffled));
        return cases.All(c => Fingerprint(a.Match(c)) == Fingerprint(b.Match(c)) && Fingerprint(a.Match(c)) == Fingerprint(a.Match(c)));
    }

    [Property(MaxTest = 10)]
    public bool GivenASeed_WhenGeneratedTwice_ThenTheSameNetwork(PositiveInt seed)
    {
        var one = new SyntheticNetwork(seed.Get, AsOf).Experts(20);
        var two = new SyntheticNetwork(seed.Get, AsOf).Experts(20);
        return one.Zip(two).All(p => p.First.Id == p.Second.Id && p.First.Name == p.Second.Name && p.First.Conditions.SequenceEqual(p.Second.Conditions) && p.First.Licensures.SequenceEqual(p.Second.Licensures));
    }
}
