using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;

namespace Consilium.Domain.Tests.Opinions;

public class OpinionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 5, 14, 0, 0, TimeSpan.FromHours(1));
    private const string Author = "expert-a";

    internal static OpinionContent Complete(string plan = "Laparoscopic right hemicolectomy rather than open surgery.") => new(
        DiagnosisAgreement.Refined,
        "Adenocarcinoma of the ascending colon, cT3 N0",
        TreatmentAgreement.Modified,
        plan,
        "Neoadjuvant chemotherapy is not indicated at this stage.",
        "Yes, surgery is needed, but it can be done through small incisions.",
        "The diagnosis is right. The operation is needed; a less invasive technique is possible.");

    private static Opinion NewOpinion() => new(Guid.NewGuid(), Guid.NewGuid(), Author);

    [Fact]
    public void GivenCompleteDraft_WhenSignedByTheAuthor_ThenVersionOneWithHashAndNoDraft()
    {
        var o = NewOpinion();
        var content = Complete();
        o.SaveDraft(content);

        var v = o.Sign(Author, T0);

        Assert.Equal(1, v.Number);
        Assert.Same(content, v.Content);
        Assert.Equal(Author, v.SignedBy);
        Assert.Equal(T0, v.SignedAt);
        Assert.Null(v.AmendmentReason);
        Assert.Equal(content.ComputeHash(), v.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", v.ContentHash);
        Assert.Same(v, o.Current);
        Assert.Null(o.Draft);
        Assert.True(o.IsSigned);
    }

    [Fact]
    public void GivenNoDraft_WhenSigned_ThenRefused()
    {
        var e = Assert.Throws<DomainRuleException>(() => NewOpinion().Sign(Author, T0));
        Assert.Contains("save a draft", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnotherExpert_WhenSigning_ThenRefusedNamingTheAuthor()
    {
        var o = NewOpinion();
        o.SaveDraft(Complete());

        var e = Assert.Throws<DomainRuleException>(() => o.Sign("expert-b", T0));

        Assert.Contains(Author, e.Message, StringComparison.Ordinal);
        Assert.False(o.IsSigned);
    }

    [Fact]
    public void GivenSignedOpinion_WhenSignedAgain_ThenRefused()
    {
        var o = NewOpinion();
        o.SaveDraft(Complete());
        o.Sign(Author, T0);
        o.SaveDraft(Complete("other"));

        var e = Assert.Throws<DomainRuleException>(() => o.Sign(Author, T0.AddHours(1)));

        Assert.Contains("amendment", e.Message, StringComparison.Ordinal);
        Assert.Single(o.Versions);
    }

    [Fact]
    public void GivenSignedOpinion_WhenAmended_ThenNewVersionWithItsOwnSignatureAndTheFirstUnchanged()
    {
        var o = NewOpinion();
        o.SaveDraft(Complete());
        var first = o.Sign(Author, T0);
        var changed = Complete("Robotic right hemicolectomy.");
        o.SaveDraft(changed);
        Assert.True(o.HasPendingAmendment);

        var second = o.Amend(changed, "Robotic surgery is available at the patient's hospital.", Author, T0.AddDays(2));

        Assert.Equal(2, o.Versions.Count);
        Assert.Same(first, o.Versions[0]);
        Assert.Equal(first.ContentHash, o.Versions[0].Content.ComputeHash());
        Assert.Equal(new OpinionVersion(2, changed, Author, T0.AddDays(2), changed.ComputeHash(), "Robotic surgery is available at the patient's hospital."), second);
        Assert.True(second.IsAmendment);
        Assert.Same(second, o.Current);
        Assert.False(o.HasPendingAmendment);
    }

    [Fact]
    public void GivenUnsignedOpinion_WhenAmended_ThenRefused()
    {
        Assert.Throws<DomainRuleException>(() => NewOpinion().Amend(Complete(), "reason", Author, T0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void GivenNoReason_WhenAmended_ThenRefused(string reason)
    {
        var o = NewOpinion();
        o.SaveDraft(Complete());
        o.Sign(Author, T0);

        var e = Assert.Throws<DomainRuleException>(() => o.Amend(Complete("x"), reason, Author, T0.AddHours(1)));

        Assert.Contains("reason", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenUnchangedContent_WhenAmended_ThenRefused()
    {
        var o = NewOpinion();
        o.SaveDraft(Complete());
        o.Sign(Author, T0);

        var e = Assert.Throws<DomainRuleException>(() => o.Amend(Complete(), "typo", Author, T0.AddHours(1)));

        Assert.Contains("nothing to amend", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAmendmentDatedBeforeTheCurrentVersion_WhenAmended_ThenRefused()
    {
        var o = NewOpinion();
        o.SaveDraft(Complete());
        o.Sign(Author, T0);

        Assert.Throws<DomainRuleException>(() => o.Amend(Complete("x"), "why", Author, T0.AddSeconds(-1)));
    }

    [Fact]
    public void GivenAnotherExpert_WhenAmending_ThenRefused()
    {
        var o = NewOpinion();
        o.SaveDraft(Complete());
        o.Sign(Author, T0);

        Assert.Throws<DomainRuleException>(() => o.Amend(Complete("x"), "why", "expert-b", T0.AddHours(1)));
    }

    [Fact]
    public void GivenIncompleteDraft_WhenSaved_ThenKeptButSigningNamesEveryMissingField()
    {
        var o = NewOpinion();
        var incomplete = new OpinionContent(DiagnosisAgreement.Changed, null, TreatmentAgreement.Disagree, " ", null, "", null);
        o.SaveDraft(incomplete);

        var e = Assert.Throws<InvalidOpinionContentException>(() => o.Sign(Author, T0));

        Assert.Equal(["recommendedDiagnosis", "recommendedPlan", "answerToPatientQuestion"], e.Problems.Select(p => p.Field));
        Assert.Contains("recommendedPlan is required", e.Message, StringComparison.Ordinal);
        Assert.Same(incomplete, o.Draft);
        Assert.False(o.IsSigned);
    }

    [Theory]
    [InlineData(DiagnosisAgreement.Confirmed, true)]
    [InlineData(DiagnosisAgreement.UnableToDetermine, true)]
    [InlineData(DiagnosisAgreement.Refined, false)]
    [InlineData(DiagnosisAgreement.Changed, false)]
    public void GivenNoRecommendedDiagnosis_WhenChecked_ThenRequiredOnlyWhenRefinedOrChanged(DiagnosisAgreement agreement, bool valid)
    {
        var content = Complete() with { DiagnosisAgreement = agreement, RecommendedDiagnosis = null };

        Assert.Equal(valid, content.Check().Count == 0);
    }

    [Fact]
    public void GivenUndefinedEnumValue_WhenChecked_ThenTheFieldIsNamed()
    {
        var content = Complete() with { TreatmentAgreement = (TreatmentAgreement)42 };

        Assert.Equal("treatmentAgreement", Assert.Single(content.Check()).Field);
    }

    [Fact]
    public void GivenTooLongField_WhenSavedAsDraft_ThenRefusedNamingIt()
    {
        var content = Complete() with { Alternatives = new string('a', OpinionContent.MaxFieldLength + 1) };

        var e = Assert.Throws<InvalidOpinionContentException>(() => NewOpinion().SaveDraft(content));

        Assert.Equal("alternatives", Assert.Single(e.Problems).Field);
    }

    [Fact]
    public void GivenContent_WhenCanonicalised_ThenFixedOrderWithNullsAndEnumNames()
    {
        var content = new OpinionContent(DiagnosisAgreement.Confirmed, null, TreatmentAgreement.Agree, "Plan \"A\" — ü", null, "Yes.", null);

        Assert.Equal(
            "{\"diagnosisAgreement\":\"Confirmed\",\"recommendedDiagnosis\":null,\"treatmentAgreement\":\"Agree\",\"recommendedPlan\":\"Plan \\\"A\\\" — ü\",\"alternatives\":null,\"answerToPatientQuestion\":\"Yes.\",\"plainLanguageSummary\":null}",
            content.ToCanonicalJson());
    }

    [Fact]
    public void GivenContentsDifferingInOneField_WhenHashed_ThenHashesDiffer()
    {
        var a = Complete();
        OpinionContent[] variants =
        [
            a with { DiagnosisAgreement = DiagnosisAgreement.Changed },
            a with { RecommendedDiagnosis = null },
            a with { TreatmentAgreement = TreatmentAgreement.Agree },
            a with { RecommendedPlan = a.RecommendedPlan + " " },
            a with { Alternatives = null },
            a with { AnswerToPatientQuestion = "No." },
            a with { PlainLanguageSummary = null },
        ];

        Assert.Equal(variants.Length + 1, variants.Select(v => v.ComputeHash()).Append(a.ComputeHash()).Distinct().Count());
        Assert.Equal(a.ComputeHash(), (a with { }).ComputeHash());
    }

    [Fact]
    public void GivenSignedVersions_WhenRestored_ThenTheyAreBackAndAlteredContentIsDetected()
    {
        var o = NewOpinion();
        o.SaveDraft(Complete());
        o.Sign(Author, T0);
        o.Amend(Complete("b"), "why", Author, T0.AddHours(1));
        o.SaveDraft(Complete("c"));

        var r = Opinion.Restore(o.Id, o.CaseId, o.AuthorAccountId, o.Draft, o.Versions.Reverse());

        Assert.Equal(o.Versions, r.Versions);
        Assert.Same(o.Draft, r.Draft);
        var tampered = o.Versions.Select(v => v.Number == 1 ? v with { Content = v.Content with { RecommendedPlan = "altered" } } : v);
        var e = Assert.Throws<DomainRuleException>(() => Opinion.Restore(o.Id, o.CaseId, o.AuthorAccountId, null, tampered));
        Assert.Contains("version 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenGapInVersions_WhenRestored_ThenRefused()
    {
        var o = NewOpinion();
        o.SaveDraft(Complete());
        o.Sign(Author, T0);
        o.Amend(Complete("b"), "why", Author, T0.AddHours(1));

        Assert.Throws<DomainRuleException>(() => Opinion.Restore(o.Id, o.CaseId, o.AuthorAccountId, null, [o.Versions[1]]));
    }
}
