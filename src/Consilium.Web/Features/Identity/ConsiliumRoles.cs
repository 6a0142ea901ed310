namespace Consilium.Web.Features.Identity;

/// <summary>A role and what it may do, in words an administrator reads.</summary>
public sealed record RoleDefinition(string Name, string Description, bool RequiresTwoFactor);

/// <summary>The roles of the platform, as data: seeded into the identity store on start.</summary>
public static class ConsiliumRoles
{
    public const string Patient = "Patient";
    public const string Coordinator = "Coordinator";
    public const string Expert = "Expert";
    public const string Admin = "Admin";

    public static IReadOnlyList<RoleDefinition> All { get; } =
    [
        new(Patient, "Brings a case, uploads records, follows the case and reads the opinion. Sees only their own cases.", RequiresTwoFactor: false),
        new(Coordinator, "Checks records, confirms or corrects triage, asks for information, assigns experts. Sees every case.", RequiresTwoFactor: true),
        new(Expert, "Reviews the cases assigned to them and writes and signs the opinion.", RequiresTwoFactor: true),
        new(Admin, "Manages accounts, access tokens and the audit trail. No clinical content unless also a coordinator.", RequiresTwoFactor: true),
    ];

    /// <summary>True when any of <paramref name="roles"/> requires two-factor sign-in.</summary>
    public static bool RequireTwoFactor(IEnumerable<string> roles) => All.Any(r => r.RequiresTwoFactor && roles.Contains(r.Name, StringComparer.Ordinal));
}
