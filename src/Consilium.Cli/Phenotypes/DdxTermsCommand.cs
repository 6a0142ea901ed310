using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Consilium.Phenotypes.Ontology;
using Consilium.Phenotypes.Text;
using Spectre.Console.Cli;

namespace Consilium.Cli.Phenotypes;

/// <summary><c>consilium ddx-terms</c>: the term picker from the command line (prefix/substring search over labels and synonyms).</summary>
internal sealed class DdxTermsCommand : Command<DdxTermsCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<QUERY>")]
        [Description("Words to look for in term labels and synonyms (or an HP: id).")]
        public string Query { get; init; } = "";

        [CommandOption("--ontology <FILE>")]
        [Description("HPO ontology (hp.json or hp.obo, plain or .gz). Default: from the configured HPO directory.")]
        public string? Ontology { get; init; }

        [CommandOption("--hpo-dir <DIR>")]
        [Description("Directory holding the HPO files.")]
        public string? HpoDirectory { get; init; }

        [CommandOption("--limit <N>")]
        [DefaultValue(20)]
        public int Limit { get; init; } = 20;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var path = settings.Ontology ?? PhenotypeData.LocateOntology(settings.HpoDirectory);
        PhenotypeOntology ontology;
        try
        {
            ontology = OntologyReader.Load(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new BadInputException($"cannot read ontology {path}: {ex.Message}", ex);
        }
        var search = new TermSearch(ontology);
        var clock = Stopwatch.StartNew();
        var hits = search.Search(settings.Query, settings.Limit);
        var elapsed = clock.Elapsed;
        foreach (var h in hits)
        {
            Console.Out.WriteLine(h.MatchedName == h.Label || h.MatchedName == h.TermId ? $"{h.TermId}  {h.Label}" : $"{h.TermId}  {h.Label}  (\"{h.MatchedName}\")");
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hits.Count} terms in {elapsed.TotalMilliseconds:F2} ms over {search.NameCount} names"));
        return ExitCodes.Ok;
    }
}
