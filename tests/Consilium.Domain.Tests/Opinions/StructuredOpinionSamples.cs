using Consilium.Domain.Opinions;

namespace Consilium.Domain.Tests.Opinions;

/// <summary>Structured sections with every question of a template answered (choices with their first value).</summary>
internal static class StructuredOpinionSamples
{
    public static SituationSection Complete(OpinionTemplate template) => new(template.Situation,
        template.Questions.ToDictionary(q => q.Key, q => q.IsChoice ? q.Choices![0].Value : $"Answer to {q.Key}."));

    public static OpinionContent WithSections(params string[] situations) => OpinionTests.Complete() with
    {
        Sections = [.. situations.Select(s => Complete(OpinionTemplates.For(s)!))],
    };
}
