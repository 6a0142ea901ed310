using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;

namespace Consilium.Trials.Eligibility;

/// <summary>
/// Systemic anticancer drugs (chemotherapy, targeted therapy, immunotherapy) by generic-name stem, for counting prior
/// lines of therapy: the drugs started on the same day make a regimen, and a regimen that repeats the previous one's
/// drugs (the next cycle) is the same line.
/// </summary>
public static class AnticancerDrugs
{
    public static IReadOnlyList<string> Stems { get; } =
    [
        "cisplatin", "carboplatin", "oxaliplatin", "paclitaxel", "docetaxel", "nab-paclitaxel", "pemetrexed", "gemcitabine", "vinorelbine", "etoposide",
        "irinotecan", "topotecan", "cyclophosphamide", "doxorubicin", "fluorouracil", "capecitabine", "bevacizumab", "ramucirumab",
        "osimertinib", "gefitinib", "erlotinib", "afatinib", "dacomitinib", "amivantamab", "lazertinib", "crizotinib", "alectinib", "brigatinib", "lorlatinib",
        "ceritinib", "entrectinib", "repotrectinib", "sotorasib", "adagrasib", "dabrafenib", "trametinib", "capmatinib", "tepotinib", "selpercatinib",
        "pralsetinib", "larotrectinib", "trastuzumab", "pembrolizumab", "nivolumab", "atezolizumab", "durvalumab", "ipilimumab", "cemiplimab",
        "tremelimumab", "tislelizumab", "sintilimab", "camrelizumab", "toripalimab", "anlotinib", "necitumumab", "temozolomide", "lenvatinib",
    ];

    public static bool IsAnticancer(CodedConcept code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Words().Any(w => Stems.Any(s => TextMatch.StartsWord(w, s)));
    }

    public static string? Name(CodedConcept code) =>
        code.Words().SelectMany(w => Stems.Where(s => TextMatch.StartsWord(w, s))).FirstOrDefault();

    public static IReadOnlyList<TherapyLine> Lines(IReadOnlyList<Medication> medications)
    {
        ArgumentNullException.ThrowIfNull(medications);
        var regimens = medications
            .Where(m => m.Status != MedicationStatus.EnteredInError && IsAnticancer(m.Code))
            .GroupBy(m => m.Start?.UtcDateTime.Date)
            .OrderBy(g => g.Key ?? DateTime.MinValue)
            .Select(g => new TherapyLine(g.Select(m => Name(m.Code)!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList(), g.First().Start))
            .ToList();
        var lines = new List<TherapyLine>();
        foreach (var r in regimens)
        {
            if (lines.Count > 0 && lines[^1].Drugs.SequenceEqual(r.Drugs, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            lines.Add(r);
        }
        return lines;
    }
}
