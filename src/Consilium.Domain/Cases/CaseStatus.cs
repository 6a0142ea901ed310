namespace Consilium.Domain.Cases;

/// <summary>Where a second-opinion case stands.</summary>
public enum CaseStatus
{
    Draft,
    Submitted,
    RecordsReview,
    Triaged,
    Assigned,
    InReview,
    OpinionDelivered,
    FollowUp,
    Closed,
    /// <summary>Back with the patient for more information; resumes where it was.</summary>
    NeedsInformation,
    Withdrawn,
}

/// <summary>
/// The legal moves of a case, as data. <see cref="CaseStatus.NeedsInformation"/> is resumable: it may only
/// go back to the status it was entered from (or be withdrawn), which <see cref="SecondOpinionCase"/> enforces.
/// </summary>
public static class CaseLifecycle
{
    private static readonly Dictionary<CaseStatus, CaseStatus[]> Moves = new()
    {
        [CaseStatus.Draft] = [CaseStatus.Submitted, CaseStatus.Withdrawn],
        [CaseStatus.Submitted] = [CaseStatus.RecordsReview, CaseStatus.NeedsInformation, CaseStatus.Withdrawn],
        [CaseStatus.RecordsReview] = [CaseStatus.Triaged, CaseStatus.NeedsInformation, CaseStatus.Withdrawn],
        [CaseStatus.Triaged] = [CaseStatus.Assigned, CaseStatus.NeedsInformation, CaseStatus.Withdrawn],
        [CaseStatus.Assigned] = [CaseStatus.InReview, CaseStatus.Triaged, CaseStatus.NeedsInformation, CaseStatus.Withdrawn],
        [CaseStatus.InReview] = [CaseStatus.OpinionDelivered, CaseStatus.NeedsInformation, CaseStatus.Withdrawn],
        [CaseStatus.OpinionDelivered] = [CaseStatus.FollowUp, CaseStatus.Closed],
        [CaseStatus.FollowUp] = [CaseStatus.Closed],
        [CaseStatus.Closed] = [],
        [CaseStatus.Withdrawn] = [],
        // Resumes to the status it was entered from; see SecondOpinionCase.CanMove.
        [CaseStatus.NeedsInformation] = [CaseStatus.Submitted, CaseStatus.RecordsReview, CaseStatus.Triaged, CaseStatus.Assigned, CaseStatus.InReview, CaseStatus.Withdrawn],
    };

    /// <summary>The statuses a case in <paramref name="from"/> may move to, ignoring where NeedsInformation was entered from.</summary>
    public static IReadOnlyList<CaseStatus> NextFrom(CaseStatus from) => Moves[from];

    /// <summary>The statuses a case can be sent back to the patient from.</summary>
    public static bool CanAskForInformationFrom(CaseStatus status) => Moves[status].Contains(CaseStatus.NeedsInformation);

    public static bool IsTerminal(CaseStatus status) => Moves[status].Length == 0;
}
