using System.Text.Json;
using Consilium.Trials.Eligibility;
using Consilium.Trials.Matching;

namespace Consilium.Trials.Evaluation;

/// <summary>A benchmark patient topic (TREC Clinical Trials / SIGIR): its id, collection and note.</summary>
public sealed record Topic(string Collection, string Id, string Text);

/// <summary>A relevance judgement: 0 not relevant, 1 excluded, 2 eligible.</summary>
public sealed record Judgement(string TopicId, string NctId, int Score);

/// <summary>One topic's result: judged-eligible trials present in the records, and how many of them the matcher put in its top 10.</summary>
public sealed record TopicResult(Topic Topic, IReadOnlyList<string> EligiblePresent, IReadOnlyList<string> EligibleInTop10, IReadOnlyList<string> JudgedPresent, IReadOnlyList<string> NotEligibleInTop10);

/// <summary>
/// How the matcher ranks the trials experts judged eligible for each topic, among the imported records only (the
/// benchmarks' own trial texts are not available offline). Trials are ranked whatever their recruitment status, since
/// the judgements were made regardless of it.
/// </summary>
public static class TopicRanking
{
    /// <summary>Reads <c>queries.jsonl</c> and <c>qrels_test.tsv</c> from each collection folder under <paramref name="benchmarkDirectory"/>.</summary>
    public static (IReadOnlyList<Topic> Topics, IReadOnlyList<Judgement> Judgements) Read(string benchmarkDirectory)
    {
        var topics = new List<Topic>();
        var judgements = new List<Judgement>();
        foreach (var dir in Directory.EnumerateDirectories(benchmarkDirectory).Order(StringComparer.Ordinal))
        {
            var collection = Path.GetFileName(dir);
            var queries = Path.Combine(dir, "queries.jsonl");
            var qrels = Path.Combine(dir, "qrels_test.tsv");
            if (!File.Exists(queries) || !File.Exists(qrels))
            {
                continue;
            }
            foreach (var line in File.ReadLines(queries).Where(l => l.Trim().Length > 0))
            {
                using var doc = JsonDocument.Parse(line);
                topics.Add(new Topic(collection, doc.RootElement.GetProperty("_id").GetString()!, doc.RootElement.GetProperty("text").GetString()!));
            }
            foreach (var line in File.ReadLines(qrels).Skip(1))
            {
                var parts = line.Split('\t');
                if (parts.Length >= 3 && int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var score))
                {
                    judgements.Add(new Judgement(parts[0], parts[1], score));
                }
            }
        }
        return (topics, judgements);
    }

    public static IReadOnlyList<TopicResult> Measure(IReadOnlyList<Topic> topics, IReadOnlyList<Judgement> judgements, IReadOnlyList<PreparedTrial> trials, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(judgements);
        ArgumentNullException.ThrowIfNull(trials);
        var present = trials.Select(t => t.Record.NctId).ToHashSet(StringComparer.Ordinal);
        var byTopic = judgements.Where(j => present.Contains(j.NctId)).ToLookup(j => j.TopicId, StringComparer.Ordinal);
        var results = new List<TopicResult>();
        foreach (var topic in topics)
        {
            var judged = byTopic[topic.Id].ToList();
            if (judged.Count == 0)
            {
                continue;
            }
            var facts = PatientFacts.From(NoteReader.Read(topic.Text, asOf), asOf);
            var top = TrialMatcher.Match(facts, trials, new TrialMatchOptions { IncludeClosed = true, Top = 10 }).Select(m => m.Trial.NctId).ToList();
            var eligible = judged.Where(j => j.Score == 2).Select(j => j.NctId).ToList();
            var notEligible = judged.Where(j => j.Score < 2).Select(j => j.NctId).ToList();
            results.Add(new TopicResult(topic, eligible, eligible.Where(top.Contains).ToList(), judged.Select(j => j.NctId).ToList(), notEligible.Where(top.Contains).ToList()));
        }
        return results;
    }
}
