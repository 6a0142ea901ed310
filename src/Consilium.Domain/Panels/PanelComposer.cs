using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Matching;
using Consilium.Domain.Specialties;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Panels;

public enum PanelKind
{
    /// <summary>A multidisciplinary tumour board.</summary>
    TumorBoard,
    /// <summary>Specialists of each organ system involved in a rare or complex case, with one lead.</summary>
    MultiSystem,
}

/// <summary>
/// One seat of a proposed panel: the role, the expertise it needs, the proposed expert (the best-ranked candidate not
/// already seated; null when none is eligible) and the next candidates a coordinator can swap in.
/// </summary>
public sealed record PanelSeat(string Role, ExpertiseNeed Need, Candidate? Proposed, IReadOnlyList<Candidate> Alternatives, bool Lead)
{
    /// <summary>Why the seat is empty, when it is.</summary>
    public string? Unfilled { get; init; }
}

/// <summary>
/// A proposed panel: each member contributes on their seat's question; the <see cref="Lead"/> writes the consensus.
/// A proposal, editable by the coordinator (<see cref="WithMember"/>) before it is confirmed and assigned.
/// </summary>
public sealed record PanelProposal(string CaseId, PanelKind Kind, IReadOnlyList<PanelSeat> Seats, IReadOnlyList<string> Reasons)
{
    public PanelSeat Lead => Seats.First(s => s.Lead);

    public bool IsComplete => Seats.All(s => s.Proposed is not null);

    /// <summary>The same proposal with <paramref name="candidate"/> on the seat named <paramref name="role"/> (the coordinator's edit).</summary>
    public PanelProposal WithMember(string role, Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (Seats.All(s => s.Role != role))
        {
            throw new ArgumentException($"The panel has no seat '{role}'.", nameof(role));
        }
        if (Seats.Any(s => s.Role != role && s.Proposed?.Expert.Id == candidate.Expert.Id))
        {
            throw new ArgumentException($"{candidate.Expert.Name} already sits on this panel.", nameof(candidate));
        }
        return this with { Seats = [.. Seats.Select(s => s.Role == role ? s with { Proposed = candidate, Unfilled = null } : s)] };
    }
}

/// <summary>
/// Composes panels. Tumour board (triage <see cref="TriageResult.TumorBoard"/>): medical oncology (lead), surgical
/// oncology, radiation oncology, radiology, pathology, plus genetics when the records show biomarkers or hereditary
/// risk. Multi-system (<c>rare-or-complex</c> spanning two or more organ systems): the specialty of each system, led by
/// the rare-disease or complex-care expertise triage asked for. Seats are filled in seat order, each with the
/// best-ranked candidate not already seated, so the result is deterministic.
/// </summary>
public sealed class PanelComposer(MatchingEngine engine)
{
    public const string MedicalOncologyRole = "medical oncology";
    public const string SurgicalOncologyRole = "surgical oncology";
    public const string RadiationOncologyRole = "radiation oncology";
    public const string RadiologyRole = "radiology";
    public const string PathologyRole = "pathology";
    public const string GeneticsRole = "genetics";

    /// <summary>Words in records that show biomarker testing or hereditary cancer risk.</summary>
    private static readonly string[] GeneticWords = ["brca", "lynch", "hereditary", "germline", "mutation", "egfr", "alk", "kras", "her2", "msi", "pd-l1", "variant", "genetic", "family history of"];

    /// <summary>The panels the case calls for (none, one or both), tumour board first.</summary>
    public IReadOnlyList<PanelProposal> Propose(MatchRequest request, int alternatives = 3)
    {
        ArgumentNullException.ThrowIfNull(request);
        var panels = new List<PanelProposal>();
        if (request.Triage.TumorBoard)
        {
            panels.Add(TumorBoard(request, alternatives));
        }
        if (request.Triage.Has(SituationCode.RareOrComplex) && MultiSystem(request, alternatives) is { } multi)
        {
            panels.Add(multi);
        }
        return panels;
    }

    public PanelProposal TumorBoard(MatchRequest request, int alternatives = 3)
    {
        ArgumentNullException.ThrowIfNull(request);
        var needs = request.Triage.Expertise;
        ExpertiseNeed From(string specialty, string? sub, string reason) =>
            needs.FirstOrDefault(n => n.Specialty == specialty && (sub is null || n.Subspecialty == sub)) ?? new ExpertiseNeed(specialty, sub, reason);
        var seats = new List<(string Role, ExpertiseNeed Need, bool Lead)>
        {
            (MedicalOncologyRole, From(Specialty.Oncology, Specialty.MedicalOncology, "Systemic therapy: regimen, biomarkers, trials."), true),
            (SurgicalOncologyRole, From(Specialty.Oncology, Specialty.SurgicalOncology, "Whether, when and how to operate."), false),
            (RadiationOncologyRole, From(Specialty.Oncology, Specialty.RadiationOncology, "Whether radiotherapy has a place."), false),
            (RadiologyRole, From(Specialty.Radiology, null, "Re-read the staging imaging."), false),
            (PathologyRole, From(Specialty.Pathology, null, "Confirm the diagnosis, grade and stage."), false),
        };
        var reasons = new List<string> { "Triage calls for a multidisciplinary tumour board." };
        if (GeneticEvidence(request.File) is { } evidence)
        {
            seats.Add((GeneticsRole, new ExpertiseNeed(Specialty.MedicalGenetics, Specialty.CancerGenetics, $"Biomarkers or hereditary risk in the records ({evidence}): germline testing, family counselling, targeted therapy."), false));
            reasons.Add($"Genetics joins because the records show biomarkers or hereditary risk: {evidence}.");
        }
        return new PanelProposal(request.CaseId, PanelKind.TumorBoard, Fill(request, seats, alternatives), reasons);
    }

    /// <summary>A multi-system panel, or null when the case's standing active conditions span fewer than two organ systems.</summary>
    public PanelProposal? MultiSystem(MatchRequest request, int alternatives = 3)
    {
        ArgumentNullException.ThrowIfNull(request);
        var systems = request.File.Conditions.Where(c => c.IsStanding && c.IsActive)
            .Select(c => ClinicalTaxonomy.SystemOf(c.Code)).OfType<OrganSystem>().Distinct().ToList();
        if (systems.Count < 2)
        {
            return null;
        }
        var leadNeed = request.Triage.Expertise.FirstOrDefault(n => n.Subspecialty is Specialty.RareDiseases or Specialty.ComplexCare)
            ?? new ExpertiseNeed(Specialty.InternalMedicine, Specialty.ComplexCare, "One integrated opinion across the organ systems involved.");
        var seats = new List<(string Role, ExpertiseNeed Need, bool Lead)> { (leadNeed.Subspecialty ?? leadNeed.Specialty, leadNeed, true) };
        foreach (var s in systems.Where(s => seats.All(x => x.Role != s.Specialty)))
        {
            seats.Add((s.Specialty, new ExpertiseNeed(s.Specialty, null, $"The {s.Name} part of the case."), false));
        }
        var reasons = new List<string> { $"Rare or complex case across {systems.Count} organ systems ({string.Join(", ", systems.Select(s => s.Name))}): one specialist each, one lead for the consensus." };
        return new PanelProposal(request.CaseId, PanelKind.MultiSystem, Fill(request, seats, alternatives), reasons);
    }

    private List<PanelSeat> Fill(MatchRequest request, List<(string Role, ExpertiseNeed Need, bool Lead)> seats, int alternatives)
    {
        var seated = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<PanelSeat>();
        foreach (var (role, need, lead) in seats)
        {
            var match = engine.MatchNeed(request, need);
            var free = match.Candidates.Where(c => !seated.Contains(c.Expert.Id)).ToList();
            // A seat is a subspecialty's: only a full subspecialty fit is proposed; the others stay as alternatives.
            var proposed = free.FirstOrDefault(c => c.Parts.Any(p => p.Name == ScorePartName.SubspecialtyFit && p.Value >= 1));
            if (proposed is not null)
            {
                seated.Add(proposed.Expert.Id);
            }
            result.Add(new PanelSeat(role, need, proposed, [.. free.Where(c => c != proposed).Take(alternatives)], lead)
            {
                Unfilled = proposed is null
                    ? free.Count > 0
                        ? $"No eligible {need.Subspecialty ?? need.Specialty} specialist free for this panel; {free.Count} related expert(s) listed as alternatives."
                        : $"No eligible expert ({match.Excluded.Count} excluded, {match.Candidates.Count} candidates, all already seated)."
                    : null,
            });
        }
        return result;
    }

    /// <summary>The first record that shows biomarker testing or hereditary risk, or null.</summary>
    public static string? GeneticEvidence(CaseFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        foreach (var c in file.Conditions)
        {
            if (c.Code.Codings.Any(x => CodeSystems.IsIcd10(x.System) && (x.Code.StartsWith("Z15", StringComparison.OrdinalIgnoreCase) || x.Code.StartsWith("Z80", StringComparison.OrdinalIgnoreCase))) || HasGeneticWords(c.Code.Label))
            {
                return $"{c.Code.Label} ({c.Source})";
            }
        }
        foreach (var o in file.Observations)
        {
            if (HasGeneticWords(o.Code.Label) || (o.ValueText is { } v && HasGeneticWords(v)))
            {
                return $"{o.Code.Label} ({o.Source})";
            }
        }
        return null;
    }

    private static bool HasGeneticWords(string text) => GeneticWords.Any(w => TextMatch.StartsWord(text, w));
}
