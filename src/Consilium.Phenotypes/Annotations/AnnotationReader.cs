using Consilium.Phenotypes.Ontology;

namespace Consilium.Phenotypes.Annotations;

/// <summary>Reads HPO disease annotations (<c>phenotype.hpoa</c>, tab-separated, plain or gzip).</summary>
public static class AnnotationReader
{
    public static DiseaseAnnotations Load(string path, PhenotypeOntology ontology)
    {
        using var reader = DataFiles.OpenText(path);
        return Read(reader, ontology);
    }

    private sealed class FeatureRows
    {
        public int Numerator;
        public int Denominator;
        public double ValueSum;
        public int ValueCount;
        public string? Onset;
        public string? Sex;
        public readonly List<string> Modifiers = [];
        public readonly List<string> References = [];
        public bool Negated;
    }

    private sealed class DiseaseRows(string id, string name)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public readonly Dictionary<(int Term, bool Negated), FeatureRows> Features = [];
        public readonly List<string> Inheritance = [];
        public readonly List<string> Course = [];
        public readonly HashSet<string> References = new(StringComparer.Ordinal);
    }

    public static DiseaseAnnotations Read(TextReader reader, PhenotypeOntology ontology)
    {
        string? version = null;
        var diseases = new Dictionary<string, DiseaseRows>(StringComparer.Ordinal);
        var order = new List<DiseaseRows>();
        var mapped = new Dictionary<string, TermResolution>(StringComparer.Ordinal);
        var resolved = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }
            if (line[0] == '#')
            {
                if (line.StartsWith("#version:", StringComparison.Ordinal))
                {
                    version = line["#version:".Length..].Trim();
                }
                continue;
            }
            var cols = line.Split('\t');
            if (cols.Length < 11 || cols[0] == "database_id")
            {
                continue;
            }
            rows++;
            var id = cols[0].Trim();
            if (!diseases.TryGetValue(id, out var disease))
            {
                disease = new DiseaseRows(id, cols[1].Trim());
                diseases.Add(id, disease);
                order.Add(disease);
            }
            foreach (var r in cols[4].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                disease.References.Add(r);
            }
            var hpo = cols[3].Trim();
            var aspect = cols[10].Trim();
            if (aspect == "I")
            {
                disease.Inheritance.Add(hpo);
                continue;
            }
            if (aspect == "C")
            {
                disease.Course.Add(hpo);
                continue;
            }
            if (aspect != "P")
            {
                continue;
            }
            if (!resolved.TryGetValue(hpo, out var term))
            {
                var res = ontology.Resolve(hpo);
                term = res.TermIndex;
                resolved.Add(hpo, term);
                if (res.Kind != TermResolutionKind.Current)
                {
                    mapped[hpo] = res;
                }
            }
            if (term < 0)
            {
                continue;
            }
            var frequency = FeatureFrequency.Parse(cols[7]);
            var negated = cols[2].Trim().Equals("NOT", StringComparison.OrdinalIgnoreCase)
                || frequency is { FrequencyTermId: FeatureFrequency.Excluded };
            if (!disease.Features.TryGetValue((term, negated), out var f))
            {
                f = new FeatureRows { Negated = negated };
                disease.Features.Add((term, negated), f);
            }
            if (frequency is { } fr && !negated)
            {
                if (fr.IsCount)
                {
                    f.Numerator += fr.Numerator;
                    f.Denominator += fr.Denominator;
                }
                else
                {
                    f.ValueSum += fr.Value;
                    f.ValueCount++;
                }
            }
            var onset = cols[6].Trim();
            if (onset.Length > 0)
            {
                f.Onset ??= onset;
            }
            var sex = cols[8].Trim();
            if (sex.Length > 0)
            {
                f.Sex ??= sex.ToUpperInvariant();
            }
            foreach (var m in cols[9].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!f.Modifiers.Contains(m))
                {
                    f.Modifiers.Add(m);
                }
            }
            foreach (var r in cols[4].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!f.References.Contains(r))
                {
                    f.References.Add(r);
                }
            }
        }

        var result = new Disease[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var rowsOf = order[i];
            var present = new List<DiseaseFeature>();
            var absent = new List<DiseaseFeature>();
            foreach (var ((term, negated), f) in rowsOf.Features)
            {
                double? freq = null;
                var parts = 0;
                var sum = 0.0;
                if (f.Denominator > 0)
                {
                    sum += (double)f.Numerator / f.Denominator;
                    parts++;
                }
                if (f.ValueCount > 0)
                {
                    sum += f.ValueSum / f.ValueCount;
                    parts++;
                }
                if (parts > 0)
                {
                    freq = sum / parts;
                }
                var feature = new DiseaseFeature(term, ontology[term].Id, negated ? 0.0 : freq, f.Onset, f.Sex, f.Modifiers, f.References)
                {
                    Numerator = f.ValueCount == 0 ? f.Numerator : 0,
                    Denominator = f.ValueCount == 0 ? f.Denominator : 0,
                };
                (negated ? absent : present).Add(feature);
            }
            // a term both asserted and negated (different sources) stays asserted only
            absent.RemoveAll(a => present.Exists(p => p.Term == a.Term));
            result[i] = new Disease(i, rowsOf.Id, rowsOf.Name)
            {
                Features = present,
                AbsentFeatures = absent,
                Inheritance = rowsOf.Inheritance.Distinct(StringComparer.Ordinal).ToArray(),
                ClinicalCourse = rowsOf.Course.Distinct(StringComparer.Ordinal).ToArray(),
                References = rowsOf.References,
            };
        }
        return new DiseaseAnnotations(ontology, result, version, [.. mapped.Values], rows);
    }
}
