using System.Text.RegularExpressions;
using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Trials.Eligibility;

namespace Consilium.Trials.Evaluation;

/// <summary>
/// Turns a free-text patient note (the TREC / SIGIR topics, the expert-labelled notes) into a <see cref="CaseFile"/>
/// so the benchmarks go through the same evaluation as real records: age and sex from the opening words, cancers named
/// in sentences that are about the patient (not negated, not family history) as conditions, anticancer drugs named as
/// medications, and the whole note as a clinical note (for performance status, biomarkers, pregnancy, brain metastases).
/// </summary>
public static partial class NoteReader
{
    public static CaseFile Read(string note, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(note);
        var age = AgePattern().Match(note);
        DateOnly? birth = null;
        if (age.Success && int.TryParse(age.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture, out var years))
        {
            var months = age.Groups["unit"].Value.StartsWith("m", StringComparison.OrdinalIgnoreCase);
            birth = months ? asOf.AddMonths(-years) : asOf.AddYears(-years).AddDays(-1);
        }
        var female = FemaleWords().Matches(note).Count;
        var male = MaleWords().Matches(note).Count;
        var sex = female > male ? AdministrativeSex.Female : male > female ? AdministrativeSex.Male : AdministrativeSex.Unknown;

        var sentences = Sentences().Split(note).Select(s => NumberPrefix().Replace(s, "").Trim()).Where(s => s.Length > 0).ToList();
        var conditions = new List<Condition>();
        var medications = new List<Medication>();
        for (var i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            if (NotAboutThePatient().IsMatch(s))
            {
                continue;
            }
            if (CancerVocabulary.Find(s).Count > 0 && !NegatedCancer().IsMatch(s))
            {
                conditions.Add(new Condition($"note sentence {i}", new CodedConcept([], s)) { ClinicalStatus = ClinicalStatus.Active });
            }
            foreach (var drug in AnticancerDrugs.Stems.Where(d => TextMatch.StartsWord(s, d)))
            {
                medications.Add(new Medication($"note sentence {i}", new CodedConcept([], drug)) { Status = MedicationStatus.Completed });
            }
        }
        return new CaseFile
        {
            Patient = new PatientProfile { Source = "note", BirthDate = birth, Sex = sex },
            Conditions = conditions,
            Medications = medications,
            Documents = [new ClinicalDocument("note", "patient note") { Kind = DocumentKind.ClinicalNote, Text = note }],
        };
    }

    [GeneratedRegex(@"(?<n>\d{1,3})[- ]?(?<unit>year|yr|yo\b|y/o|y\.o\.|month)", RegexOptions.IgnoreCase)]
    private static partial Regex AgePattern();

    [GeneratedRegex(@"\b(?:woman|female|girl|lady|she|her|mrs|ms)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FemaleWords();

    [GeneratedRegex(@"\b(?:man|male|boy|gentleman|he|his|him|mr)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MaleWords();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n")]
    private static partial Regex Sentences();

    [GeneratedRegex(@"^\d+\.\s+")]
    private static partial Regex NumberPrefix();

    [GeneratedRegex(@"\b(?:mother|father|sister|brother|family|daughter|son|aunt|uncle|grand\w+|cousin|sibling)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotAboutThePatient();

    [GeneratedRegex(@"\b(?:no (?:history|evidence|sign)s? of|denies|negative for|ruled out|rule out|without (?:evidence of )?(?:any )?(?:cancer|malignan))", RegexOptions.IgnoreCase)]
    private static partial Regex NegatedCancer();
}
