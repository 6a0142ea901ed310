using Consilium.Domain.Cases;

namespace Consilium.Domain.Opinions;

/// <summary>
/// One signed version of an opinion. Version 1 is the opinion as first signed; each later one is an amendment with its own
/// reason, signature and time. <see cref="ContentHash"/> is <see cref="OpinionContent.ComputeHash"/> of <see cref="Content"/>.
/// </summary>
public sealed record OpinionVersion(int Number, OpinionContent Content, string SignedBy, DateTimeOffset SignedAt, string ContentHash, string? AmendmentReason)
{
    public bool IsAmendment => Number > 1;
}

/// <summary>
/// An expert's second opinion on a case. It is written as a <see cref="Draft"/>, then signed: the signed version never changes.
/// A later change is an amendment (<see cref="Amend"/>): a new version with its own reason, signature and time, the earlier
/// versions kept as they were. Only the author signs and amends.
/// </summary>
public sealed class Opinion
{
    private readonly List<OpinionVersion> _versions = [];

    public Opinion(Guid id, Guid caseId, string authorAccountId)
    {
        if (string.IsNullOrWhiteSpace(authorAccountId))
        {
            throw new DomainRuleException("An opinion needs its author's account id.");
        }
        Id = id;
        CaseId = caseId;
        AuthorAccountId = authorAccountId;
    }

    /// <summary>Rebuilds an opinion from storage; each version's hash is checked against its content.</summary>
    public static Opinion Restore(Guid id, Guid caseId, string authorAccountId, OpinionContent? draft, IEnumerable<OpinionVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var opinion = new Opinion(id, caseId, authorAccountId) { Draft = draft };
        foreach (var v in versions.OrderBy(v => v.Number))
        {
            if (v.Number != opinion._versions.Count + 1)
            {
                throw new DomainRuleException($"Opinion {id} is stored with version {v.Number} where version {opinion._versions.Count + 1} was expected.");
            }
            if (!string.Equals(v.Content.ComputeHash(), v.ContentHash, StringComparison.Ordinal))
            {
                throw new DomainRuleException($"Opinion {id} version {v.Number} does not match its content hash: the signed content was altered.");
            }
            opinion._versions.Add(v);
        }
        return opinion;
    }

    public Guid Id { get; }
    public Guid CaseId { get; }
    public string AuthorAccountId { get; }

    /// <summary>The unsigned content being written: the opinion before its first signature, or a pending amendment after it.</summary>
    public OpinionContent? Draft { get; private set; }

    /// <summary>The signed versions, oldest first. Empty until the opinion is signed.</summary>
    public IReadOnlyList<OpinionVersion> Versions => _versions;

    /// <summary>The latest signed version, or null before the first signature.</summary>
    public OpinionVersion? Current => _versions.Count == 0 ? null : _versions[^1];

    public bool IsSigned => _versions.Count > 0;

    /// <summary>After the first signature, a draft is an amendment waiting to be signed with <see cref="Amend"/>.</summary>
    public bool HasPendingAmendment => IsSigned && Draft is not null;

    public bool MaySign(string accountId) => string.Equals(accountId, AuthorAccountId, StringComparison.Ordinal);

    /// <summary>
    /// Saves work in progress (it may be incomplete). Before the first signature it is the opinion's draft; after it, the draft of an
    /// amendment, which only <see cref="Amend"/> turns into a version. Signed versions are never touched.
    /// </summary>
    public void SaveDraft(OpinionContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var tooLong = content.Check().Where(p => p.Message.Contains("characters long", StringComparison.Ordinal)).ToList();
        if (tooLong.Count > 0)
        {
            throw new InvalidOpinionContentException(tooLong);
        }
        Draft = content;
    }

    /// <summary>Drops the unsigned draft (or pending amendment).</summary>
    public void DiscardDraft() => Draft = null;

    /// <summary>
    /// Signs the draft as version 1. Refused when already signed (amend instead), when the draft is incomplete (with
    /// <paramref name="situations"/>, the case's triaged situations: also when one of them has no section), or for anyone but the author.
    /// </summary>
    public OpinionVersion Sign(string expertAccountId, DateTimeOffset at, IEnumerable<string>? situations = null)
    {
        CheckSigner(expertAccountId);
        if (IsSigned)
        {
            throw new DomainRuleException($"Opinion {Id} was signed on {_versions[0].SignedAt:O} and cannot be changed; a change is an amendment with a reason.");
        }
        if (Draft is null)
        {
            throw new DomainRuleException($"Opinion {Id} has nothing to sign: save a draft first.");
        }
        Draft.Validate(situations);
        var version = new OpinionVersion(1, Draft, expertAccountId, at, Draft.ComputeHash(), null);
        _versions.Add(version);
        Draft = null;
        return version;
    }

    /// <summary>
    /// Signs a new version that replaces the current one as the opinion, with <paramref name="reason"/>; earlier versions stay as they were.
    /// Refused before the first signature, without a reason, when the content is incomplete or unchanged, or for anyone but the author.
    /// </summary>
    public OpinionVersion Amend(OpinionContent content, string reason, string expertAccountId, DateTimeOffset at, IEnumerable<string>? situations = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        CheckSigner(expertAccountId);
        if (!IsSigned)
        {
            throw new DomainRuleException($"Opinion {Id} has not been signed yet: sign it rather than amend it.");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleException("An amendment needs a reason: it is shown with the amended opinion.");
        }
        content.Validate(situations);
        var current = _versions[^1];
        if (at < current.SignedAt)
        {
            throw new DomainRuleException($"An amendment cannot be signed at {at:O}, before version {current.Number} ({current.SignedAt:O}).");
        }
        var hash = content.ComputeHash();
        if (string.Equals(hash, current.ContentHash, StringComparison.Ordinal))
        {
            throw new DomainRuleException($"The amendment is the same as version {current.Number}: nothing to amend.");
        }
        var version = new OpinionVersion(current.Number + 1, content, expertAccountId, at, hash, reason);
        _versions.Add(version);
        Draft = null;
        return version;
    }

    private void CheckSigner(string expertAccountId)
    {
        if (string.IsNullOrWhiteSpace(expertAccountId))
        {
            throw new DomainRuleException("Signing an opinion needs the signing expert's account id.");
        }
        if (!MaySign(expertAccountId))
        {
            throw new DomainRuleException($"Only the author of opinion {Id} ({AuthorAccountId}) may sign or amend it, not {expertAccountId}.");
        }
    }
}
