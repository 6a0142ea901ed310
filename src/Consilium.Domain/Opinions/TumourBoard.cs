using Consilium.Domain.Cases;

namespace Consilium.Domain.Opinions;

/// <summary>A member of a tumour board or panel.</summary>
public sealed record BoardMember(string AccountId, string Name);

/// <summary>A member's sign-off of the board's opinion exactly as it stood (its content hash).</summary>
public sealed record BoardSignOff(string MemberAccountId, string ContentHash, DateTimeOffset At);

/// <summary>
/// A tumour board (or panel) giving one opinion on a case. Each member writes their section; the lead (who authors the
/// <see cref="Opinion"/>) writes the consensus, records dissent, the discussion date and the attendees (<see cref="Compose"/>); every member
/// signs off the opinion as composed; only then can the lead deliver it (<see cref="Deliver"/>). A change to the opinion after a sign-off
/// changes its hash, so that member must sign off again.
/// </summary>
public sealed class TumourBoard
{
    private readonly List<BoardMember> _members;
    private readonly Dictionary<string, string> _sections = new(StringComparer.Ordinal);
    private readonly List<BoardSignOff> _signOffs = [];

    public TumourBoard(Guid id, Guid caseId, Guid opinionId, string leadAccountId, IEnumerable<BoardMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = members.DistinctBy(m => m.AccountId).ToList();
        if (string.IsNullOrWhiteSpace(leadAccountId) || _members.All(m => m.AccountId != leadAccountId))
        {
            throw new DomainRuleException("A tumour board's lead must be one of its members.");
        }
        if (_members.Count < 2)
        {
            throw new DomainRuleException("A tumour board needs at least two members.");
        }
        Id = id;
        CaseId = caseId;
        OpinionId = opinionId;
        LeadAccountId = leadAccountId;
    }

    /// <summary>Rebuilds a board from storage.</summary>
    public static TumourBoard Restore(Guid id, Guid caseId, Guid opinionId, string leadAccountId, IEnumerable<BoardMember> members,
        IReadOnlyDictionary<string, string> sections, IEnumerable<BoardSignOff> signOffs, DateTimeOffset? deliveredAt)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(signOffs);
        var board = new TumourBoard(id, caseId, opinionId, leadAccountId, members) { DeliveredAt = deliveredAt };
        foreach (var (member, text) in sections)
        {
            board._sections[member] = text;
        }
        board._signOffs.AddRange(signOffs);
        return board;
    }

    public Guid Id { get; }
    public Guid CaseId { get; }

    /// <summary>The opinion the board gives, authored and signed by the lead.</summary>
    public Guid OpinionId { get; }
    public string LeadAccountId { get; }
    public IReadOnlyList<BoardMember> Members => _members;

    /// <summary>Each member's section so far, by account id.</summary>
    public IReadOnlyDictionary<string, string> Sections => _sections;
    public IReadOnlyList<BoardSignOff> SignOffs => _signOffs;
    public DateTimeOffset? DeliveredAt { get; private set; }
    public bool IsDelivered => DeliveredAt is not null;

    public bool IsMember(string accountId) => _members.Any(m => m.AccountId == accountId);

    /// <summary>A member writes (or rewrites) their own section. Refused for non-members and after delivery.</summary>
    public void WriteSection(string memberAccountId, string text)
    {
        CheckMember(memberAccountId);
        CheckNotDelivered();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainRuleException("A member's section needs some text.");
        }
        if (text.Length > OpinionContent.MaxFieldLength)
        {
            throw new DomainRuleException($"A member's section may be at most {OpinionContent.MaxFieldLength} characters long; this one is {text.Length}.");
        }
        _sections[memberAccountId] = text.Trim();
    }

    /// <summary>The members whose section is still missing.</summary>
    public IReadOnlyList<BoardMember> MissingSections => _members.Where(m => !_sections.ContainsKey(m.AccountId)).ToList();

    /// <summary>The board's part of the opinion: the members' sections as written, with the lead's consensus, dissent, date and attendees.</summary>
    public BoardRecord Compose(DateOnly discussedOn, IEnumerable<string> attendees, string consensus, IEnumerable<Dissent> dissents)
    {
        ArgumentNullException.ThrowIfNull(attendees);
        ArgumentNullException.ThrowIfNull(dissents);
        if (MissingSections.Count > 0)
        {
            throw new DomainRuleException($"Every member writes a section first; missing: {string.Join(", ", MissingSections.Select(m => m.Name))}.");
        }
        return new BoardRecord(discussedOn, attendees.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList(),
            _members.Select(m => new MemberSection(m.AccountId, m.Name, _sections[m.AccountId])).ToList(), consensus?.Trim() ?? "", dissents.ToList());
    }

    /// <summary>A member signs off the opinion whose content hash is <paramref name="contentHash"/> (the lead's composed draft).</summary>
    public BoardSignOff SignOff(string memberAccountId, string contentHash, DateTimeOffset at)
    {
        CheckMember(memberAccountId);
        CheckNotDelivered();
        if (string.IsNullOrWhiteSpace(contentHash))
        {
            throw new DomainRuleException("A sign-off is of a composed opinion: there is nothing to sign off yet.");
        }
        _signOffs.RemoveAll(s => s.MemberAccountId == memberAccountId);
        var signOff = new BoardSignOff(memberAccountId, contentHash, at);
        _signOffs.Add(signOff);
        return signOff;
    }

    /// <summary>Whether <paramref name="memberAccountId"/> has signed off the opinion with <paramref name="contentHash"/>.</summary>
    public bool HasSignedOff(string memberAccountId, string contentHash) =>
        _signOffs.Any(s => s.MemberAccountId == memberAccountId && s.ContentHash == contentHash);

    /// <summary>The members who have not signed off the opinion with <paramref name="contentHash"/>.</summary>
    public IReadOnlyList<BoardMember> AwaitingSignOff(string contentHash) => _members.Where(m => !HasSignedOff(m.AccountId, contentHash)).ToList();

    /// <summary>
    /// The lead signs and delivers the board's opinion: refused unless the draft carries the board record, every member has written a
    /// section and signed off this exact draft (by content hash), and the draft is complete for <paramref name="situations"/>.
    /// </summary>
    public OpinionVersion Deliver(Opinion opinion, string leadAccountId, DateTimeOffset at, IEnumerable<string>? situations = null)
    {
        ArgumentNullException.ThrowIfNull(opinion);
        CheckNotDelivered();
        if (opinion.Id != OpinionId)
        {
            throw new DomainRuleException($"Opinion {opinion.Id} is not this board's opinion ({OpinionId}).");
        }
        if (leadAccountId != LeadAccountId)
        {
            throw new DomainRuleException("Only the board's lead delivers its opinion.");
        }
        if (opinion.Draft is not { Board: not null } draft)
        {
            throw new DomainRuleException("The board's opinion needs the board record (consensus, discussion date, attendees) before delivery.");
        }
        if (MissingSections.Count > 0)
        {
            throw new DomainRuleException($"Every member writes a section first; missing: {string.Join(", ", MissingSections.Select(m => m.Name))}.");
        }
        var awaiting = AwaitingSignOff(draft.ComputeHash());
        if (awaiting.Count > 0)
        {
            throw new DomainRuleException($"Every member signs off the opinion before it is delivered; waiting for: {string.Join(", ", awaiting.Select(m => m.Name))}.");
        }
        var version = opinion.Sign(leadAccountId, at, situations);
        DeliveredAt = at;
        return version;
    }

    private void CheckMember(string accountId)
    {
        if (!IsMember(accountId))
        {
            throw new DomainRuleException($"{accountId} is not a member of this tumour board.");
        }
    }

    private void CheckNotDelivered()
    {
        if (IsDelivered)
        {
            throw new DomainRuleException($"The board's opinion was delivered on {DeliveredAt:O}; a change now is an amendment by the lead.");
        }
    }
}
