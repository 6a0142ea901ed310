using System.Text.Json;
using Consilium.Trials.Eligibility;

namespace Consilium.Trials.Evaluation;

/// <summary>One expert label: a patient note, a criterion, and what the expert said.</summary>
public sealed record LabelledCriterion(string Id, string PatientId, string TrialId, string Note, CriterionKind Kind, string Text, string Expert);

/// <summary>Precision and recall of one label.</summary>
public sealed record LabelScore(string Label, int Expert, int Predicted, int Agreed)
{
    public double Precision => Predicted == 0 ? 0 : (double)Agreed / Predicted;
    public double Recall => Expert == 0 ? 0 : (double)Agreed / Expert;
}

/// <summary>
/// Criterion-level agreement with expert labels. Consilium's answer maps to the labels' words: an inclusion met →
/// "included", not met → "not included"; an exclusion met → "excluded", not met → "not excluded"; unknown → "not
/// enough information". "not applicable" is never predicted, so those rows count as disagreements. Every row counts.
/// </summary>
public sealed record LabelAgreement(int Total, int Agreed, int Recognised, int AgreedWhereRecognised, int BaselineAgreed, IReadOnlyList<LabelScore> Labels, IReadOnlyDictionary<(string Expert, string Predicted), int> Confusion)
{
    public const string Included = "included";
    public const string NotIncluded = "not included";
    public const string Excluded = "excluded";
    public const string NotExcluded = "not excluded";
    public const string NotEnoughInformation = "not enough information";
    public const string NotApplicable = "not applicable";

    public static IReadOnlyList<string> AllLabels { get; } = [Included, NotIncluded, Excluded, NotExcluded, NotEnoughInformation, NotApplicable];

    public double Accuracy => Total == 0 ? 0 : (double)Agreed / Total;

    /// <summary>Share of rows where at least one statement in the criterion was recognised.</summary>
    public double Coverage => Total == 0 ? 0 : (double)Recognised / Total;

    public double AccuracyWhereRecognised => Recognised == 0 ? 0 : (double)AgreedWhereRecognised / Recognised;

    /// <summary>Accuracy of always answering "not enough information" — the floor an honest "unknown" gives.</summary>
    public double BaselineAccuracy => Total == 0 ? 0 : (double)BaselineAgreed / Total;

    public static string Label(CriterionKind kind, CriterionStatus status) => (kind, status) switch
    {
        (_, CriterionStatus.Unknown) => NotEnoughInformation,
        (CriterionKind.Inclusion, CriterionStatus.Met) => Included,
        (CriterionKind.Inclusion, _) => NotIncluded,
        (CriterionKind.Exclusion, CriterionStatus.Met) => Excluded,
        _ => NotExcluded,
    };

    /// <summary>Reads the annotations file (a JSON array with note, criterion_type, criterion_text, expert_eligibility).</summary>
    public static IReadOnlyList<LabelledCriterion> Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: expected a JSON array of annotations.");
        }
        var rows = new List<LabelledCriterion>();
        var i = 0;
        foreach (var a in doc.RootElement.EnumerateArray())
        {
            i++;
            string Field(string name) => a.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new InvalidDataException($"{path}: annotation {i}: '{name}' is missing.");
            // a trial without criteria of that kind is recorded with criterion_text null
            var text = a.TryGetProperty("criterion_text", out var ct) && ct.ValueKind == JsonValueKind.String ? ct.GetString()! : string.Empty;
            var id = a.TryGetProperty("annotation_id", out var aid) ? aid.ToString() : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var kind = Field("criterion_type").Trim().ToLowerInvariant() switch
            {
                "inclusion" => CriterionKind.Inclusion,
                "exclusion" => CriterionKind.Exclusion,
                var other => throw new InvalidDataException($"{path}: annotation {i}: criterion_type '{other}' is neither inclusion nor exclusion."),
            };
            rows.Add(new LabelledCriterion(id, Field("patient_id"), Field("trial_id"), Field("note"), kind, text, Field("expert_eligibility").Trim().ToLowerInvariant()));
        }
        return rows;
    }

    /// <summary>Evaluates every labelled criterion against its patient note (read once per note) and compares.</summary>
    public static LabelAgreement Measure(IReadOnlyList<LabelledCriterion> rows, DateOnly asOf, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var patients = new Dictionary<string, PatientFacts>(StringComparer.Ordinal);
        var confusion = new Dictionary<(string, string), int>();
        int agreed = 0, recognised = 0, agreedRecognised = 0, baseline = 0, done = 0;
        foreach (var row in rows)
        {
            if (!patients.TryGetValue(row.Note, out var facts))
            {
                facts = PatientFacts.From(NoteReader.Read(row.Note, asOf), asOf);
                patients[row.Note] = facts;
            }
            var criterion = new Criterion(row.Kind, row.Text, 0, row.Text.Length);
            var assessment = CriterionEvaluator.Evaluate(criterion, facts);
            var predicted = Label(row.Kind, assessment.Status);
            confusion[(row.Expert, predicted)] = confusion.GetValueOrDefault((row.Expert, predicted)) + 1;
            var hit = predicted == row.Expert;
            agreed += hit ? 1 : 0;
            baseline += row.Expert == NotEnoughInformation ? 1 : 0;
            if (assessment.Requirements.Count > 0)
            {
                recognised++;
                agreedRecognised += hit ? 1 : 0;
            }
            progress?.Report(++done);
        }
        var labels = AllLabels.Select(l => new LabelScore(l,
            confusion.Where(c => c.Key.Item1 == l).Sum(c => c.Value),
            confusion.Where(c => c.Key.Item2 == l).Sum(c => c.Value),
            confusion.GetValueOrDefault((l, l)))).ToList();
        return new LabelAgreement(rows.Count, agreed, recognised, agreedRecognised, baseline, labels, confusion);
    }
}
