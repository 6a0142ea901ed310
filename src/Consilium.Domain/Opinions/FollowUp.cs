using Consilium.Domain.Cases;

namespace Consilium.Domain.Opinions;

/// <summary>How long after delivery a patient may ask follow-up questions (default 30 days; config <c>Consilium:FollowUp:WindowDays</c>).</summary>
public sealed record FollowUpPolicy(int WindowDays = FollowUpPolicy.DefaultWindowDays)
{
    public const int DefaultWindowDays = 30;

    public DateTimeOffset ClosesAt(DateTimeOffset deliveredAt) => deliveredAt.AddDays(WindowDays);

    /// <summary>Whether follow-up questions are still taken at <paramref name="now"/> for an opinion delivered at <paramref name="deliveredAt"/>.</summary>
    public bool IsOpen(DateTimeOffset deliveredAt, DateTimeOffset now) => now >= deliveredAt && now < ClosesAt(deliveredAt);
}

/// <summary>A follow-up consult slot the expert offers on a case, and who booked it.</summary>
public sealed record FollowUpSlot(Guid Id, Guid CaseId, string ExpertAccountId, DateTimeOffset StartsAt, int Minutes, string? BookedBy = null, DateTimeOffset? BookedAt = null)
{
    public bool IsBooked => BookedBy is not null;

    /// <summary>The patient books the slot. Refused when it is taken or already past.</summary>
    public FollowUpSlot Book(string patientAccountId, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(patientAccountId))
        {
            throw new DomainRuleException("Booking a slot needs the patient's account id.");
        }
        if (IsBooked)
        {
            throw new DomainRuleException($"The slot at {StartsAt:yyyy-MM-dd HH:mm} is already booked.");
        }
        if (StartsAt <= now)
        {
            throw new DomainRuleException($"The slot at {StartsAt:yyyy-MM-dd HH:mm} has passed.");
        }
        return this with { BookedBy = patientAccountId, BookedAt = now };
    }
}
