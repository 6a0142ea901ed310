using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Consilium.Phenotypes.Phenopackets;
using Consilium.Phenotypes.Ranking;
using Consilium.Phenotypes.Text;
using Spectre.Console.Cli;

namespace Consilium.Cli.Phenotypes;

/// <summary><c>consilium ddx</c>: ranked differential diagnosis from phenopackets, HPO terms or free text.</summary>
internal sealed class DdxCommand : Command<DdxCommand.Settings>
{
    internal sealed class Settings : PhenotypeDataSettings
    {
        [CommandArgument(0, "[PATH]")]
        [Description("Phenopacket JSON files or directories of them.")]
        public string[] Paths { get; init; } = [];

        [CommandOption("--top <N>")]
        [Description("Candidates per case (default 10).")]
        [DefaultValue(10)]
        public int Top { get; init; } = 10;

        [CommandOption("--json")]
        [Description("JSON Lines on stdout, one line per case: {\"case\":…,\"candidates\":[[{\"id\",\"name\",\"score\",\"probability\"}…]]}.")]
        public bool Json { get; init; }

        [CommandOption("--terms <IDS>")]
        [Description("Observed HPO terms, comma-separated (single query).")]
        public string? Terms { get; init; }

        [CommandOption("--excluded <IDS>")]
        [Description("Excluded (explicitly absent) HPO terms, comma-separated.")]
        public string? Excluded { get; init; }

        [CommandOption("--text <TEXT>")]
        [Description("Free text (a patient's words or a clinical note); HPO terms are found in it, negations become exclusions.")]
        public string? Text { get; init; }

        [CommandOption("--sex <SEX>")]
        [Description("The patient's sex for a single query: male or female.")]
        public string? Sex { get; init; }

        [CommandOption("--onset <AGE>")]
        [Description("Age of onset for a single query: an HPO onset term (HP:0003593) or an ISO 8601 age (P6M, P12Y).")]
        public string? Onset { get; init; }

        [CommandOption("--database <DB>")]
        [Description("Only rank diseases of these databases, comma-separated (OMIM, ORPHA, DECIPHER). Default: all.")]
        public string? Database { get; init; }

        [CommandOption("--explain <N>")]
        [Description("In the readable output, explain the first N candidates (default 3).")]
        [DefaultValue(3)]
        public int Explain { get; init; } = 3;

        /// <summary>--onset as an HPO onset term (null when absent or not understood).</summary>
        public string? OnsetTerm => Onset?.Trim().ToUpperInvariant() is not { } onset ? null
            : AgeOfOnset.BandsOf(onset).Count > 0 ? onset : AgeOfOnset.TermOfAge(onset);

        public override Spectre.Console.ValidationResult Validate()
        {
            if (Top < 1)
            {
                return Spectre.Console.ValidationResult.Error("--top must be at least 1");
            }
            var single = Terms is not null || Text is not null;
            if (single && Paths.Length > 0)
            {
                return Spectre.Console.ValidationResult.Error("give either phenopacket PATHs or --terms/--text, not both");
            }
            if (!single && Paths.Length == 0)
            {
                return Spectre.Console.ValidationResult.Error("give phenopacket PATHs, or --terms / --text for a single query");
            }
            if ((Sex is not null || Onset is not null) && !single)
            {
                return Spectre.Console.ValidationResult.Error("--sex and --onset go with --terms/--text (phenopackets carry their own)");
            }
            if (Sex is not null && !Sex.Equals("male", StringComparison.OrdinalIgnoreCase) && !Sex.Equals("female", StringComparison.OrdinalIgnoreCase))
            {
                return Spectre.Console.ValidationResult.Error($"--sex must be male or female, got '{Sex}'");
            }
            if (Onset is not null && OnsetTerm is null)
            {
                return Spectre.Console.ValidationResult.Error($"--onset must be an HPO onset term (e.g. HP:0003593 infantile onset) or an ISO 8601 age (e.g. P6M, P12Y), got '{Onset}'");
            }
            return Spectre.Console.ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var files = settings.Paths.Length > 0 ? PhenopacketPaths.Expand(settings.Paths) : [];
        var data = PhenotypeData.Load(settings);
        var request = new RankingRequest { Top = settings.Top, Databases = DatabaseSet(settings.Database) };
        if (settings.Paths.Length == 0)
        {
            return SingleQuery(data, settings, request);
        }
        return RankFiles(data, files, settings, request, cancellationToken);
    }

    internal static HashSet<string>? DatabaseSet(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);

    private static int SingleQuery(PhenotypeData data, Settings settings, RankingRequest request)
    {
        var observed = SplitIds(settings.Terms).ToList();
        var excluded = SplitIds(settings.Excluded).ToList();
        var output = Console.Out;
        if (settings.Text is not null)
        {
            var extractor = new FindingExtractor(data.Ontology);
            var found = extractor.Extract(settings.Text);
            foreach (var f in found)
            {
                (f.IsNegated ? excluded : observed).Add(f.TermId);
            }
            if (!settings.Json)
            {
                output.WriteLine("Findings in the text:");
                foreach (var f in found)
                {
                    output.WriteLine($"  {(f.IsNegated ? "absent " : "present")}  {f.TermId} {data.Ontology[f.Term].Label}  \"{settings.Text.Substring(f.Start, f.Length)}\" at {f.Start}");
                }
                if (found.Count == 0)
                {
                    output.WriteLine("  (none recognised)");
                }
                output.WriteLine();
            }
        }
        var findings = new PatientFindings(observed, excluded) { Sex = settings.Sex?.ToUpperInvariant(), Onset = settings.OnsetTerm }.Resolve(data.Ontology);
        foreach (var note in findings.Notes)
        {
            Console.Error.WriteLine($"note: {note.Describe()}");
        }
        if (findings.Observed.Length == 0 && findings.Excluded.Length == 0)
        {
            throw new BadInputException("no usable HPO terms in the query (check the ids, e.g. HP:0001250)");
        }
        var differential = data.Engine.Rank(findings, request);
        if (settings.Json)
        {
            output.WriteLine(JsonLine("query", differential));
            return ExitCodes.Ok;
        }
        DdxReport.Write(output, data, differential, settings.Explain);
        return ExitCodes.Ok;
    }

    private static IEnumerable<string> SplitIds(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int RankFiles(PhenotypeData data, IReadOnlyList<string> files, Settings settings, RankingRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var output = Console.Out;
        var failures = 0;
        const int chunk = 512;
        var lines = new string[chunk];
        for (var start = 0; start < files.Count; start += chunk)
        {
            var count = Math.Min(chunk, files.Count - start);
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var path = files[start + i];
                var name = Path.GetFileName(path);
                try
                {
                    var packet = PhenopacketFile.Read(path);
                    var findings = new PatientFindings([.. packet.ObservedTermIds], [.. packet.ExcludedTermIds]) { Sex = packet.Subject?.Sex, Onset = packet.OnsetTermId }.Resolve(data.Ontology);
                    var differential = data.Engine.Rank(findings, request);
                    lines[i] = settings.Json ? JsonLine(name, differential) : DdxReport.Render(data, differential, name, settings.Explain);
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    Interlocked.Increment(ref failures);
                    Console.Error.WriteLine($"warning: {name}: {ex.Message}");
                    lines[i] = settings.Json ? ErrorLine(name, ex.Message) : $"{name}: unreadable ({ex.Message})";
                }
            });
            for (var i = 0; i < count; i++)
            {
                output.WriteLine(lines[i]);
            }
            output.Flush();
            var done = start + count;
            if (files.Count > 1)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ranked {done}/{files.Count} cases ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
        }
        return failures == files.Count ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    internal static string JsonLine(string caseName, Differential differential)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("case", caseName);
            w.WriteStartArray("candidates");
            foreach (var c in differential.Candidates)
            {
                w.WriteStartObject();
                w.WriteString("id", c.Disease.Id);
                w.WriteString("name", c.Disease.Name);
                w.WriteNumber("score", Math.Round(c.Score, 6));
                w.WriteNumber("probability", Math.Round(c.Probability, 6));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (differential.Findings.Notes.Count > 0)
            {
                w.WriteStartArray("notes");
                foreach (var n in differential.Findings.Notes)
                {
                    w.WriteStringValue(n.Describe());
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ErrorLine(string caseName, string error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("case", caseName);
            w.WriteStartArray("candidates");
            w.WriteEndArray();
            w.WriteString("error", error);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>Finds phenopacket files under the paths the user gave.</summary>
internal static class PhenopacketPaths
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var result = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                result.AddRange(Directory.EnumerateFiles(p, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(p))
            {
                result.Add(p);
            }
            else
            {
                throw new BadInputException($"phenopacket not found: {p}");
            }
        }
        if (result.Count == 0)
        {
            throw new BadInputException($"no phenopacket files (*.json) in {string.Join(", ", paths)}");
        }
        return result;
    }
}
