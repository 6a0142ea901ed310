using System.ComponentModel;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Consilium.Trials.Evaluation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Trials;

/// <summary>
/// <c>consilium trials eval --data DIR</c>: criterion-level agreement with expert eligibility labels, and how many
/// judged-eligible trials of the TREC / SIGIR topics that are among the records the matcher ranks in its top 10.
/// </summary>
internal sealed class TrialsEvalCommand : AsyncCommand<TrialsEvalCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("A folder in the layout of ../shared/data/trials (trialgpt_criterion_annotations/, trec_ct_benchmark/, ctgov_v2_nsclc/); the three paths below default to it.")]
        public string? Data { get; init; }

        [CommandOption("--labels <FILE>")]
        [Description("Expert criterion labels (JSON array with note, criterion_type, criterion_text, expert_eligibility).")]
        public string? Labels { get; init; }

        [CommandOption("--topics <DIR>")]
        [Description("TREC/SIGIR benchmark folder: one sub-folder per collection with queries.jsonl and qrels_test.tsv.")]
        public string? Topics { get; init; }

        [CommandOption("--registry <PATH>")]
        [Description("ClinicalTrials.gov API v2 JSON records to rank for the topics (a file or a folder).")]
        public string? Registry { get; init; }

        [CommandOption("--json")]
        [Description("Print the figures as one JSON object.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Data is null && Labels is null && Topics is null
                ? ValidationResult.Error("give --data DIR (or --labels FILE and/or --topics DIR with --registry PATH): what to measure against.")
                : ValidationResult.Success();
    }

    // The benchmark notes say nothing about dates; one fixed day keeps every run the same.
    private static readonly DateOnly AsOf = new(2025, 1, 1);

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var labels = settings.Labels ?? (settings.Data is { } d1 ? Path.Combine(d1, "trialgpt_criterion_annotations", "trialgpt_criterion_annotations.json") : null);
        var topics = settings.Topics ?? (settings.Data is { } d2 ? Path.Combine(d2, "trec_ct_benchmark") : null);
        var registry = settings.Registry ?? (settings.Data is { } d3 ? Path.Combine(d3, "ctgov_v2_nsclc") : null);
        if (labels is not null && !File.Exists(labels))
        {
            throw new BadInputException($"--labels {labels}: no such file.");
        }
        if (topics is not null && (!Directory.Exists(topics) || registry is null))
        {
            throw new BadInputException(registry is null ? "--topics needs --registry PATH: the trial records to rank." : $"--topics {topics}: no such folder.");
        }
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        LabelAgreement? agreement = null;
        IReadOnlyList<TopicResult>? ranking = null;
        var recordCount = 0;
        stderr.Progress().AutoClear(true).Start(ctx =>
        {
            if (labels is not null)
            {
                IReadOnlyList<LabelledCriterion> rows;
                try
                {
                    rows = LabelAgreement.Read(labels);
                }
                catch (Exception ex) when (ex is InvalidDataException or JsonException)
                {
                    throw new BadInputException($"--labels {ex.Message}", ex);
                }
                var task = ctx.AddTask("expert criterion labels", maxValue: rows.Count);
                agreement = LabelAgreement.Measure(rows, AsOf, new Experts.SyncProgress<int>(n => task.Value = n));
            }
            if (topics is not null && registry is not null)
            {
                var task = ctx.AddTask("TREC / SIGIR topics", maxValue: 1);
                var records = TrialRecords.Prepare(TrialRecords.ReadPath(registry).Select(e => e.Record));
                recordCount = records.Count;
                var (topicList, judgements) = TopicRanking.Read(topics);
                ranking = TopicRanking.Measure(topicList, judgements, records, AsOf);
                task.Value = 1;
            }
        });
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(agreement, ranking, recordCount), new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return Task.FromResult(ExitCodes.Ok);
        }
        if (agreement is { } a)
        {
            WriteAgreement(a);
        }
        if (ranking is { } r)
        {
            WriteRanking(r, recordCount);
        }
        return Task.FromResult(ExitCodes.Ok);
    }

    private static string Pct(double v) => v.ToString("P1", CultureInfo.InvariantCulture);

    private static void WriteAgreement(LabelAgreement a)
    {
        AnsiConsole.MarkupLine($"[bold]Criterion-level agreement with {a.Total} expert labels[/]");
        AnsiConsole.MarkupLine($"  accuracy {Pct(a.Accuracy)} ({a.Agreed}/{a.Total}); always answering \"not enough information\" would give {Pct(a.BaselineAccuracy)}");
        AnsiConsole.MarkupLine($"  criteria with a recognised statement: {a.Recognised} ({Pct(a.Coverage)}); accuracy on them {Pct(a.AccuracyWhereRecognised)} ({a.AgreedWhereRecognised}/{a.Recognised})");
        var table = new Table().AddColumns("Label", "Expert", "Consilium", "Agreed", "Precision", "Recall");
        foreach (var l in a.Labels)
        {
            table.AddRow(l.Label, l.Expert.ToString(CultureInfo.InvariantCulture), l.Predicted.ToString(CultureInfo.InvariantCulture), l.Agreed.ToString(CultureInfo.InvariantCulture),
                l.Predicted == 0 ? "-" : Pct(l.Precision), l.Expert == 0 ? "-" : Pct(l.Recall));
        }
        AnsiConsole.Write(table);
    }

    private static void WriteRanking(IReadOnlyList<TopicResult> results, int records)
    {
        var eligible = results.Sum(r => r.EligiblePresent.Count);
        var inTop = results.Sum(r => r.EligibleInTop10.Count);
        var judged = results.Sum(r => r.JudgedPresent.Count);
        var falseTop = results.Sum(r => r.NotEligibleInTop10.Count);
        AnsiConsole.MarkupLine($"[bold]TREC / SIGIR topics against {records} record(s)[/]");
        AnsiConsole.MarkupLine($"  topics with a judged trial among the records: {results.Count}; judgements on those trials: {judged}");
        AnsiConsole.MarkupLine($"  judged-eligible trials among the records: {eligible}; ranked in the top 10: {inTop}");
        AnsiConsole.MarkupLine($"  judged not eligible / not relevant but ranked in the top 10: {falseTop} of {judged - eligible}");
        foreach (var r in results)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(r.Topic.Id)}: judged {string.Join(", ", r.JudgedPresent)}; eligible {r.EligiblePresent.Count}, in top 10 {r.EligibleInTop10.Count}; not eligible in top 10 {r.NotEligibleInTop10.Count}");
        }
    }

    private static object ToJson(LabelAgreement? a, IReadOnlyList<TopicResult>? r, int records) => new
    {
        labels = a is null ? null : new
        {
            total = a.Total,
            agreed = a.Agreed,
            accuracy = Math.Round(a.Accuracy, 4),
            recognised = a.Recognised,
            accuracyWhereRecognised = Math.Round(a.AccuracyWhereRecognised, 4),
            baselineNotEnoughInformation = Math.Round(a.BaselineAccuracy, 4),
            perLabel = a.Labels.Select(l => new { label = l.Label, expert = l.Expert, predicted = l.Predicted, agreed = l.Agreed, precision = Math.Round(l.Precision, 4), recall = Math.Round(l.Recall, 4) }),
        },
        topics = r is null ? null : new
        {
            records,
            topicsWithJudgedRecords = r.Count,
            judgedRecords = r.Sum(x => x.JudgedPresent.Count),
            eligibleRecords = r.Sum(x => x.EligiblePresent.Count),
            eligibleInTop10 = r.Sum(x => x.EligibleInTop10.Count),
            notEligibleInTop10 = r.Sum(x => x.NotEligibleInTop10.Count),
        },
    };
}
