using Consilium.Trials.Eligibility;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Consilium.Trials.Tests;

public class CriteriaSplitterTests
{
    private const string Registered = "Inclusion Criteria:\n\n* Age ≥ 18 years\n* ECOG performance status of 0-1\n  * sub-item one\n\nExclusion Criteria:\n\n* Pregnant or nursing\n* Symptomatic brain metastases\n  continued on the next line";

    [Fact]
    public void GivenRegistryText_WhenSplit_ThenEachBulletIsACriterionOfItsSection()
    {
        var criteria = CriteriaSplitter.Split(Registered);

        Assert.Equal(
            [(CriterionKind.Inclusion, "Age ≥ 18 years"), (CriterionKind.Inclusion, "ECOG performance status of 0-1"), (CriterionKind.Inclusion, "sub-item one"),
             (CriterionKind.Exclusion, "Pregnant or nursing"), (CriterionKind.Exclusion, "Symptomatic brain metastases continued on the next line")],
            criteria.Select(c => (c.Kind, c.Display)));
    }

    [Fact]
    public void GivenACriterion_WhenSplit_ThenItsOffsetsPointAtTheOriginalText()
    {
        foreach (var c in CriteriaSplitter.Split(Registered))
        {
            Assert.Equal(c.Text, Registered.Substring(c.Start, c.Length));
        }
    }

    [Fact]
    public void GivenNumberedItemsAndKeyHeadings_WhenSplit_ThenTheyAreCriteriaToo()
    {
        var criteria = CriteriaSplitter.Split("Key Inclusion Criteria\n1. Stage IV NSCLC\n2) EGFR mutation\nKEY EXCLUSION CRITERIA:\na. Prior osimertinib");

        Assert.Equal([CriterionKind.Inclusion, CriterionKind.Inclusion, CriterionKind.Exclusion], criteria.Select(c => c.Kind));
        Assert.Equal(["Stage IV NSCLC", "EGFR mutation", "Prior osimertinib"], criteria.Select(c => c.Display));
    }

    [Fact]
    public void GivenTextBeforeAnyHeadingAndAnInlineHeading_WhenSplit_ThenTheFirstIsInclusionAndTheInlineTextACriterion()
    {
        var criteria = CriteriaSplitter.Split("Adults with lung cancer\n\nExclusion criteria: pregnancy");

        Assert.Equal([(CriterionKind.Inclusion, "Adults with lung cancer"), (CriterionKind.Exclusion, "pregnancy")], criteria.Select(c => (c.Kind, c.Display)));
    }

    [Fact]
    public void GivenAParagraphWithoutBullets_WhenABlankLineSeparatesIt_ThenItStartsANewCriterion()
    {
        var criteria = CriteriaSplitter.Split("Inclusion Criteria:\nfirst paragraph\nstill first\n\nsecond paragraph");

        Assert.Equal(["first paragraph still first", "second paragraph"], criteria.Select(c => c.Display));
    }

    [Fact]
    public void GivenMarkdownEscapes_WhenDisplayed_ThenTheyAreRemoved()
    {
        var c = Assert.Single(CriteriaSplitter.Split("Exclusion Criteria:\n* ECOG performance status score \\>2"));

        Assert.Equal("ECOG performance status score >2", c.Display);
    }

    private static readonly string[] Pieces =
    [
        "Inclusion Criteria:", "Exclusion Criteria:", "Key exclusion criteria", "* ", "- ", "1. ", "a) ", "  * ", "\n", "\n\n", " ",
        "Age ≥ 18", "ECOG 0-1", "pregnant", "exclusion of patients", "inclusion", "•", "\t", "x", "Stage IV", "*", "criteria:",
    ];

    /// <summary>Texts made of the pieces registry text is made of, in any order.</summary>
    private static Arbitrary<string> EligibilityTexts() =>
        Gen.ArrayOf(Gen.Elements(Pieces)).Select(parts => string.Concat(parts)).ToArbitrary();

    [Property]
    public Property GivenAnyEligibilityText_WhenSplit_ThenNoNonBlankCharacterIsLostOrCountedTwice() =>
        Prop.ForAll(EligibilityTexts(), text =>
        {
            var covered = new int[text.Length];
            foreach (var s in CriteriaSplitter.Segments(text))
            {
                for (var i = s.Start; i < s.Start + s.Length; i++)
                {
                    covered[i]++;
                }
            }
            return Enumerable.Range(0, text.Length).All(i => char.IsWhiteSpace(text[i]) ? covered[i] <= 1 : covered[i] == 1);
        });

    [Property]
    public Property GivenAnyString_WhenSplit_ThenCriteriaAreInTextOrderAndNonOverlapping() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), s =>
        {
            var criteria = CriteriaSplitter.Split(s.Get);
            return criteria.Zip(criteria.Skip(1)).All(p => p.First.Start + p.First.Length <= p.Second.Start)
                && criteria.All(c => c.Length > 0 && c.Text == s.Get.Substring(c.Start, c.Length));
        });
}
