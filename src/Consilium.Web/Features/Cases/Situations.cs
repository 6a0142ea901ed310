using Consilium.Domain.Triage;

namespace Consilium.Web.Features.Cases;

/// <summary>The five situations, in the words a patient reads on the guide and in their triage.</summary>
public sealed record Situation(string Code, string Title, string Explanation, string WhatYouLearn)
{
    public string PlainName => SituationCode.PlainName(Code);
}

public static class Situations
{
    public static IReadOnlyList<Situation> All { get; } =
    [
        new(SituationCode.SurgeryPlanned, "Before major surgery",
            "A doctor has recommended an operation that is major, risky or cannot be undone.",
            "whether the operation is needed now, gentler alternatives, less invasive techniques, and the best timing."),
        new(SituationCode.Cancer, "After a cancer diagnosis",
            "You have been told you have cancer and are facing choices about treatment.",
            "whether the diagnosis and stage are right, which treatments fit your tumour, and whether a clinical trial could help."),
        new(SituationCode.SymptomsUnexplained, "When symptoms don't match the diagnosis",
            "You still feel unwell, or your symptoms do not fit what you were told you have.",
            "what else it could be, and which tests would tell the possibilities apart."),
        new(SituationCode.RareOrComplex, "A rare or complex condition",
            "You have a rare disease, or several conditions affecting different parts of your body.",
            "what an expert who sees many people with your condition would recommend, and where to find specialist centres."),
        new(SituationCode.TreatmentNotWorking, "When treatment isn't working",
            "You have been on a treatment for weeks or months and are not getting better.",
            "whether the diagnosis or the dose should change, whether medicines interact, and what else could work."),
    ];

    public static Situation? Find(string? code) => All.FirstOrDefault(s => s.Code == code);
}
