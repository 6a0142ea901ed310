using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Consilium.Phenotypes.Phenopackets;
using Consilium.Phenotypes.Ranking;
using Spectre.Console.Cli;

namespace Consilium.Cli.Phenotypes;

/// <summary>
/// <c>consilium ddx-eval</c>: ranks every phenopacket of a manifest and reports top-1/3/10 accuracy and MRR
/// on all cases, on cases whose diagnosis is annotated, and on those whose publication the annotations do not cite.
/// </summary>
internal sealed class DdxEvalCommand : Command<DdxEvalCommand.Settings>
{
    internal sealed class Settings : PhenotypeDataSettings
    {
        [CommandOption("--manifest <FILE>")]
        [Description("Manifest TSV with columns file, disease_id, pmid, disease_in_hpoa_* (e.g. dev_manifest.tsv).")]
        public string Manifest { get; init; } = "";

        [CommandOption("--cases <DIR>")]
        [Description("Directory of the phenopacket files. Default: beside the manifest, named after it (dev_manifest.tsv → dev/).")]
        public string? Cases { get; init; }

        [CommandOption("--database <DB>")]
        [Description("Rank among diseases of these databases (default OMIM: the truth is an OMIM id).")]
        [DefaultValue("OMIM")]
        public string Database { get; init; } = "OMIM";

        [CommandOption("--ranking-out <FILE>")]
        [Description("Also write the rankings as JSON Lines (same format as ddx --json), for the reference scorer.")]
        public string? RankingOut { get; init; }

        [CommandOption("--top <N>")]
        [Description("Candidates per case in --ranking-out (default 100).")]
        [DefaultValue(100)]
        public int Top { get; init; } = 100;

        [CommandOption("--plot <FILE>")]
        [Description("Also draw the top-k accuracy (k = 1..20) per subset as an SVG chart into FILE.")]
        public string? Plot { get; init; }

        [CommandOption("--json")]
        [Description("Print the figures as one JSON object instead of tables.")]
        public bool Json { get; init; }

        public override Spectre.Console.ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Manifest) ? Spectre.Console.ValidationResult.Error("--manifest is required") : Spectre.Console.ValidationResult.Success();
    }

    private sealed record ManifestRow(string File, string DiseaseId, string Pmid, bool Covered);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Manifest))
        {
            throw new BadInputException($"--manifest: file not found: {settings.Manifest}");
        }
        if (settings.Plot is not null && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(settings.Plot))))
        {
            throw new BadInputException($"--plot: the folder of {settings.Plot} does not exist");
        }
        var rows = ReadManifest(settings.Manifest);
        var casesDir = settings.Cases ?? DefaultCasesDirectory(settings.Manifest);
        if (!Directory.Exists(casesDir))
        {
            throw new BadInputException($"phenopacket directory not found: {casesDir} (pass --cases)");
        }
        var data = PhenotypeData.Load(settings);
        var databases = DdxCommand.DatabaseSet(settings.Database);
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var results = new EvaluatedCase[rows.Count];
        var lines = settings.RankingOut is null ? null : new string[rows.Count];
        var request = new RankingRequest { Top = settings.Top, Databases = databases };
        var done = 0;
        var missing = 0;
        Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var row = rows[i];
            var path = Path.Combine(casesDir, row.File);
            var circular = data.Annotations.Find(row.DiseaseId)?.References.Contains(row.Pmid) == true;
            try
            {
                var packet = PhenopacketFile.Read(path);
                var findings = new PatientFindings([.. packet.ObservedTermIds], [.. packet.ExcludedTermIds]) { Sex = packet.Subject?.Sex, Onset = packet.OnsetTermId }.Resolve(data.Ontology);
                results[i] = new EvaluatedCase(row.File, row.Pmid, row.Covered, circular, data.Engine.Place(findings, row.DiseaseId, databases));
                if (lines is not null)
                {
                    lines[i] = DdxCommand.JsonLine(Path.GetFileName(row.File), data.Engine.Rank(findings, request));
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref missing);
                Console.Error.WriteLine($"warning: {row.File}: {ex.Message}");
                results[i] = new EvaluatedCase(row.File, row.Pmid, row.Covered, circular, default);
            }
            var n = Interlocked.Increment(ref done);
            if (n % 1000 == 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluated {n}/{rows.Count} cases ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
        });
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        if (lines is not null && settings.RankingOut is not null)
        {
            File.WriteAllLines(settings.RankingOut, lines);
        }
        var report = AccuracyReport.Of(results);
        if (settings.Plot is not null)
        {
            try
            {
                File.WriteAllText(settings.Plot, DdxAccuracyChart.Svg(results));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BadInputException($"--plot: cannot write {settings.Plot}: {ex.Message}", ex);
            }
            Console.Error.WriteLine($"top-k accuracy chart: {settings.Plot}");
        }
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                cases = rows.Count,
                unreadable = missing,
                seconds = elapsed.TotalSeconds,
                cpuSeconds = cpu.TotalSeconds,
                subsets = report.Subsets,
            }));
        }
        else
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} cases from {settings.Manifest}, ranked among {settings.Database} diseases in {elapsed.TotalSeconds:F1} s wall, {cpu.TotalSeconds:F1} s CPU ({cpu.TotalMilliseconds / Math.Max(1, rows.Count):F2} ms CPU per case, {Environment.ProcessorCount} cores); unreadable: {missing}"));
            Console.Out.WriteLine();
            Console.Out.Write(report.Render());
        }
        return ExitCodes.Ok;
    }

    private static string DefaultCasesDirectory(string manifest)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(manifest)) ?? ".";
        var name = Path.GetFileNameWithoutExtension(manifest);
        var idx = name.IndexOf("_manifest", StringComparison.Ordinal);
        return Path.Combine(dir, idx > 0 ? name[..idx] : name);
    }

    private static List<ManifestRow> ReadManifest(string path)
    {
        using var reader = Consilium.Phenotypes.DataFiles.OpenText(path);
        var header = reader.ReadLine()?.Split('\t') ?? throw new BadInputException($"--manifest: {path} is empty");
        int Col(string name, bool prefix = false)
        {
            var i = Array.FindIndex(header, h => prefix ? h.StartsWith(name, StringComparison.Ordinal) : h == name);
            return i >= 0 ? i : throw new BadInputException($"--manifest: {path} has no column '{name}'");
        }
        var file = Col("file");
        var disease = Col("disease_id");
        var pmid = Col("pmid");
        var covered = Col("disease_in_hpoa", prefix: true);
        var rows = new List<ManifestRow>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var c = line.Split('\t');
            if (c.Length <= Math.Max(Math.Max(file, disease), Math.Max(pmid, covered)))
            {
                continue;
            }
            rows.Add(new ManifestRow(c[file], c[disease].Trim(), c[pmid].Trim(), c[covered].Trim().Equals("yes", StringComparison.OrdinalIgnoreCase)));
        }
        return rows;
    }
}
