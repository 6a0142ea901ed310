using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;

namespace Consilium.Trials.Eligibility;

/// <summary>The organ-function tests criteria set thresholds on.</summary>
public enum Analyte
{
    Neutrophils,
    Platelets,
    Hemoglobin,
    Creatinine,
    CreatinineClearance,
    Bilirubin,
    Ast,
    Alt,
}

/// <summary>
/// Each analyte's LOINC codes, the unit Consilium compares in, its upper limit of normal (for "≤ 1.5 × ULN" criteria
/// when the lab's own limit is not in the record: a common adult reference, said so in the fact), and its names in criteria.
/// </summary>
public sealed record AnalyteInfo(Analyte Analyte, string Name, string Unit, decimal UpperLimitOfNormal, IReadOnlyList<string> Loinc, IReadOnlyList<string> Phrases);

internal static class LabReader
{
    public static IReadOnlyList<AnalyteInfo> Analytes { get; } =
    [
        new(Analyte.Neutrophils, "absolute neutrophil count", "×10⁹/L", 7.5m, ["751-8", "26499-4", "753-4"], ["absolute neutrophil", "neutrophil", "anc$"]),
        new(Analyte.Platelets, "platelets", "×10⁹/L", 400m, ["777-3", "26515-7", "778-1"], ["platelet", "plt$"]),
        new(Analyte.Hemoglobin, "haemoglobin", "g/dL", 17.5m, ["718-7", "20509-6", "30313-1"], ["hemoglobin", "haemoglobin", "hgb$", "hb$"]),
        new(Analyte.CreatinineClearance, "creatinine clearance / eGFR", "mL/min", 120m, ["2164-2", "33914-3", "62238-1", "48642-3", "48643-1", "69405-9"], ["creatinine clearance", "crcl$", "glomerular filtration", "egfr ≥", "egfr >", "egfr of", "calculated clearance", "clcr"]),
        new(Analyte.Creatinine, "serum creatinine", "mg/dL", 1.2m, ["2160-0", "38483-4", "14682-9"], ["creatinine", "creat$"]),
        new(Analyte.Bilirubin, "total bilirubin", "mg/dL", 1.2m, ["1975-2", "42719-5", "14631-6"], ["bilirubin", "tbil"]),
        new(Analyte.Ast, "AST", "U/L", 40m, ["1920-8", "30239-8"], ["ast$", "aspartate aminotransferase", "aspartate transaminase", "sgot"]),
        new(Analyte.Alt, "ALT", "U/L", 40m, ["1742-6", "1743-4", "1744-2"], ["alt$", "alanine aminotransferase", "alanine transaminase", "sgpt"]),
    ];

    public static AnalyteInfo Info(Analyte a) => Analytes.First(x => x.Analyte == a);

    /// <summary>The latest value of each analyte, converted to the comparison unit.</summary>
    public static IReadOnlyList<LabValue> Read(IReadOnlyList<ObservationRecord> observations)
    {
        var values = new List<LabValue>();
        foreach (var info in Analytes)
        {
            var latest = observations
                .Where(o => o.Value is not null && o.Code.In(CodeSystems.Loinc).Any(c => info.Loinc.Contains(c.Code)))
                .OrderByDescending(o => o.Effective)
                .FirstOrDefault();
            if (latest is { Value: { } v } && Convert(info.Analyte, v, latest.Unit) is { } converted)
            {
                values.Add(new LabValue(info.Analyte, converted, info.Unit, latest.Effective, latest.Source));
            }
        }
        return values;
    }

    /// <summary>A value as recorded, in the comparison unit; null when the unit is not one Consilium knows for the analyte.</summary>
    internal static decimal? Convert(Analyte a, decimal value, string? unit)
    {
        var u = (unit ?? string.Empty).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return a switch
        {
            Analyte.Neutrophils or Analyte.Platelets => u switch
            {
                "10*3/UL" or "10^3/UL" or "K/UL" or "10*9/L" or "10^9/L" or "X10^9/L" or "×10⁹/L" or "10³/ΜL" or "10*3/ΜL" => value,
                "/UL" or "/MM3" or "CELLS/UL" or "/ΜL" => value / 1000m,
                "" => value >= 1000 ? value / 1000m : value,
                _ => null,
            },
            Analyte.Hemoglobin => u switch
            {
                "G/DL" => value,
                "G/L" => value / 10m,
                "MMOL/L" => value * 1.611m,
                "" => value > 25 ? value / 10m : value,
                _ => null,
            },
            Analyte.Creatinine or Analyte.Bilirubin => u switch
            {
                "MG/DL" or "" => value,
                "UMOL/L" or "ΜMOL/L" => a == Analyte.Creatinine ? value / 88.4m : value / 17.1m,
                _ => null,
            },
            Analyte.CreatinineClearance => u.StartsWith("ML/MIN", StringComparison.Ordinal) || u.Length == 0 ? value : null,
            _ => u is "U/L" or "IU/L" or "" ? value : null,
        };
    }
}
