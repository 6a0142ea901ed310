using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Fhir.Intake;
using Hl7.Fhir.Model;

namespace Consilium.Fhir.Questionnaires;

/// <summary>Reads a QuestionnaireResponse to the intake questionnaire into <see cref="IntakeAnswers"/>.</summary>
public static class IntakeResponseReader
{
    /// <summary>True when the response answers the intake questionnaire (canonical with or without <c>|version</c>).</summary>
    public static bool IsIntake(QuestionnaireResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var canonical = response.Questionnaire;
        if (string.IsNullOrWhiteSpace(canonical))
        {
            return false;
        }
        var bar = canonical.IndexOf('|', StringComparison.Ordinal);
        var url = (bar >= 0 ? canonical[..bar] : canonical).Trim().TrimEnd('/');
        return string.Equals(url, IntakeQuestionnaire.Url, StringComparison.Ordinal);
    }

    /// <summary>Reads the answers; items may be nested in groups or under answers.</summary>
    /// <exception cref="FhirIntakeException">An answer has the wrong type, or a situation code is not one of the five.</exception>
    public static IntakeAnswers Read(QuestionnaireResponse response, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var situations = new List<string>();
        DateOnly? surgeryDate = null;
        bool? symptomsPersist = null;
        int? treatmentWeeks = null;
        bool? improving = null;
        string? question = null;

        foreach (var (item, path) in Flatten(response.Item, "QuestionnaireResponse"))
        {
            for (var a = 0; a < item.Answer.Count; a++)
            {
                var value = item.Answer[a].Value;
                var at = $"{path}.answer[{a}]";
                if (value is null)
                {
                    continue;
                }
                switch (item.LinkId)
                {
                    case IntakeQuestionnaire.LinkIds.Situation:
                        var code = value switch
                        {
                            Coding coding => coding.Code,
                            FhirString s => s.Value,
                            _ => throw WrongType(item.LinkId, "valueCoding", value, at),
                        };
                        if (value is Coding c && !string.IsNullOrEmpty(c.System) && c.System != IntakeQuestionnaire.SituationSystem)
                        {
                            throw FhirIntakeException.At($"situation answer uses code system '{c.System}'; expected {IntakeQuestionnaire.SituationSystem}", path: at);
                        }
                        var trimmed = code?.Trim();
                        if (trimmed is null || !SituationCode.IsKnown(trimmed))
                        {
                            throw FhirIntakeException.At($"unknown situation code '{code}'; expected one of {string.Join(", ", SituationCode.All)}", path: at);
                        }
                        if (!situations.Contains(trimmed))
                        {
                            situations.Add(trimmed);
                        }
                        break;
                    case IntakeQuestionnaire.LinkIds.SurgeryDate:
                        surgeryDate = value switch
                        {
                            Date d => FhirValues.DateOnlyOf(d.Value),
                            FhirDateTime dt => FhirValues.DateOnlyOf(dt.Value),
                            _ => throw WrongType(item.LinkId, "valueDate", value, at),
                        };
                        break;
                    case IntakeQuestionnaire.LinkIds.SymptomsPersist:
                        symptomsPersist = value is FhirBoolean sp ? sp.Value : throw WrongType(item.LinkId, "valueBoolean", value, at);
                        break;
                    case IntakeQuestionnaire.LinkIds.Improving:
                        improving = value is FhirBoolean imp ? imp.Value : throw WrongType(item.LinkId, "valueBoolean", value, at);
                        break;
                    case IntakeQuestionnaire.LinkIds.TreatmentWeeks:
                        treatmentWeeks = value switch
                        {
                            Integer i when i.Value is >= 0 => i.Value,
                            Integer i => throw FhirIntakeException.At($"treatment-weeks must not be negative, found {i.Value}", path: at),
                            _ => throw WrongType(item.LinkId, "valueInteger", value, at),
                        };
                        break;
                    case IntakeQuestionnaire.LinkIds.Question:
                        var text = value switch
                        {
                            FhirString s => s.Value,
                            _ => throw WrongType(item.LinkId, "valueString", value, at),
                        };
                        if (!string.IsNullOrWhiteSpace(text))
                        {
                            question = question is null ? text.Trim() : question + Environment.NewLine + text.Trim();
                        }
                        break;
                }
            }
        }

        return new IntakeAnswers
        {
            Source = source,
            Situations = situations,
            SurgeryDate = surgeryDate,
            SymptomsPersist = symptomsPersist,
            TreatmentWeeks = treatmentWeeks,
            Improving = improving,
            Question = question,
        };
    }

    private static FhirIntakeException WrongType(string linkId, string expected, DataType value, string path) =>
        FhirIntakeException.At($"answer to '{linkId}' must be {expected}, found value{value.TypeName[..1].ToUpperInvariant()}{value.TypeName[1..]}", path: path);

    /// <summary>Every item, depth first, including items nested in groups and under answers, with its path.</summary>
    private static IEnumerable<(QuestionnaireResponse.ItemComponent Item, string Path)> Flatten(List<QuestionnaireResponse.ItemComponent> items, string parent)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var path = $"{parent}.item[{i}]";
            yield return (item, path);
            foreach (var nested in Flatten(item.Item, path))
            {
                yield return nested;
            }
            for (var a = 0; a < item.Answer.Count; a++)
            {
                foreach (var nested in Flatten(item.Answer[a].Item, $"{path}.answer[{a}]"))
                {
                    yield return nested;
                }
            }
        }
    }
}
