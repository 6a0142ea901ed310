using Consilium.Domain.Cases;
using Consilium.Domain.Imaging;
using Consilium.Domain.Specialties;
using Consilium.Domain.Triage;
using FsCheck.Xunit;

namespace Consilium.Domain.Tests.Imaging;

public sealed class ImagingRereadTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Property]
    public bool GivenAnyRadpeerScore_WhenWrittenAsItsCodeAndReadBack_ThenItIsTheSameScore(int pick)
    {
        var score = Radpeer.All[Math.Abs(pick % Radpeer.All.Count)];
        return Radpeer.Parse(Radpeer.Code(score)) == score && Radpeer.Parse(Radpeer.Code(score).ToUpperInvariant()) == score;
    }

    [Theory]
    [InlineData("1", RadpeerScore.Concur, false)]
    [InlineData("2a", RadpeerScore.Score2A, false)]
    [InlineData("2b", RadpeerScore.Score2B, true)]
    [InlineData("3a", RadpeerScore.Score3A, false)]
    [InlineData("3b", RadpeerScore.Score3B, true)]
    public void GivenARadpeerCode_WhenParsed_ThenItIsTheScoreAndBMeansLikelyClinicallySignificant(string code, RadpeerScore score, bool significant)
    {
        Assert.Equal(score, Radpeer.Parse(code));
        Assert.Equal(significant, Radpeer.ClinicallySignificant(score));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("2c")]
    [InlineData(null)]
    public void GivenSomethingThatIsNotARadpeerCode_WhenParsed_ThenItIsNull(string? code) => Assert.Null(Radpeer.Parse(code));

    [Fact]
    public void GivenBlankFieldsAndNoStudy_WhenFiled_ThenEveryProblemIsNamed()
    {
        var e = Assert.Throws<InvalidImagingRereadException>(() =>
            ImagingReread.File(Guid.NewGuid(), "rad-1", [], new ImagingRereadContent(" ", "", "", RadpeerScore.Concur), At));

        Assert.Equal(["Findings", "Impression", "ComparisonWithOriginal", "Studies"], e.Problems.Select(p => p.Field));
    }

    [Fact]
    public void GivenFindingsLongerThanAnOpinionField_WhenFiled_ThenOnlyThatFieldIsNamedWithItsLength()
    {
        var tooLong = new string('x', Consilium.Domain.Opinions.OpinionContent.MaxFieldLength + 1);
        var e = Assert.Throws<InvalidImagingRereadException>(() =>
            ImagingReread.File(Guid.NewGuid(), "rad-1", ["1.2.3"], new ImagingRereadContent(tooLong, "Benign.", "None.", RadpeerScore.Concur), At));

        var problem = Assert.Single(e.Problems);
        Assert.Equal("Findings", problem.Field);
        Assert.Contains($"{tooLong.Length} characters long", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAValidReread_WhenFiled_ThenItIsTrimmedAndItsStudiesAreDistinct()
    {
        var reread = ImagingReread.File(Guid.NewGuid(), "rad-1", ["1.2.3", "1.2.3", "1.2.4"], new ImagingRereadContent(" Nodule. ", " Benign. ", " Missed. ", RadpeerScore.Score2A), At);

        Assert.Equal(("Nodule.", "Benign.", "Missed."), (reread.Content.Findings, reread.Content.Impression, reread.Content.ComparisonWithOriginal));
        Assert.Equal(["1.2.3", "1.2.4"], reread.StudyInstanceUids);
    }

    private static TriageResult Triage(bool reread, params ExpertiseNeed[] needs) => new()
    {
        Situations = [], Urgency = Urgency.Standard, UrgencyReasons = [], Expertise = needs, ImagingReread = reread, TumorBoard = false, RedFlags = [],
    };

    [Fact]
    public void GivenTriageThatAskedForAReread_WhenTheRequestIsMade_ThenItIsTheRadiologyNeedWithItsSubspecialty()
    {
        var need = ImagingRereadRequest.NeedFor(Triage(true, new ExpertiseNeed("surgery", "arthroscopic surgery", "knee"), new ExpertiseNeed(Specialty.Radiology, "musculoskeletal radiology", "MRI knee")));

        Assert.Equal((Specialty.Radiology, "musculoskeletal radiology"), (need?.Specialty, need?.Subspecialty));
        Assert.Null(ImagingRereadRequest.NeedFor(Triage(false, new ExpertiseNeed(Specialty.Radiology, null, "x"))));
        Assert.Null(ImagingRereadRequest.NeedFor(null));
    }

    [Fact]
    public void GivenIntakeImagingRecordsAndStoredStudies_WhenLinked_ThenRecordsMatchByStudyInstanceUidAndMatchingSeesTheStoredModalities()
    {
        var file = new CaseFile
        {
            ImagingStudies = [new ImagingStudyRecord("ImagingStudy/mr") { StudyInstanceUid = "1.2.3", Modalities = ["MR"] }, new ImagingStudyRecord("ImagingStudy/old") { StudyInstanceUid = "9.9" }, new ImagingStudyRecord("ImagingStudy/no-uid")],
        };
        var caseId = Guid.NewGuid();
        CaseImagingStudy Stored(string uid, string modality) => new(Guid.NewGuid(), caseId, new ImagingStudy(uid, "a-b") { Modalities = [modality] }, "patient", At);
        var stored = new[] { Stored("1.2.3", "MR"), Stored("4.5.6", "CT") };

        var links = ImagingRereadRequest.LinkRecords(file, stored);
        var forMatching = ImagingRereadRequest.WithStoredStudies(file, stored);

        Assert.Equal(["1.2.3", null, null], links.Select(l => l.Stored?.Study.StudyInstanceUid));
        Assert.Equal(["1.2.3", "9.9", null, "4.5.6"], forMatching.ImagingStudies.Select(s => s.StudyInstanceUid));
        Assert.Equal(["MR", "CT"], forMatching.ImagingStudies.SelectMany(s => s.Modalities));
    }
}
