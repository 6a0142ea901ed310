using Consilium.Storage.Configuration;
using Consilium.Web;
using Consilium.Web.Features.Api;
using Consilium.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Consilium.Cli.Bench.Harness;

/// <summary>An account a benchmark acts as: its password, its TOTP secret (clinicians) and a personal API token.</summary>
public sealed record BenchAccount(string Name, string Role, string Id, string Email, string Password, string? TotpSecret, string ApiToken)
{
    /// <summary>The authenticator code for now (clinicians only).</summary>
    public string TotpCode() => new Totp(Base32Encoding.ToBytes(TotpSecret ?? throw new InvalidOperationException($"{Name} has no authenticator."))).ComputeTotp();

    public override string ToString() => Name;
}

/// <summary>The accounts <see cref="BenchAccounts.SeedAsync"/> made: one of each role, two experts.</summary>
public sealed record BenchAccountSet(BenchAccount Patient, BenchAccount Coordinator, BenchAccount ExpertA, BenchAccount ExpertB, BenchAccount Admin)
{
    public IReadOnlyList<BenchAccount> All => [Patient, Coordinator, ExpertA, ExpertB, Admin];
}

/// <summary>
/// Creates the benchmark accounts directly in a Consilium database (the web host is built, which migrates, but not started),
/// so a benchmark can then start the real server and sign in as them. Idempotent: an existing account keeps its
/// authenticator secret; each call issues a fresh API token (only hashes are stored, so old ones cannot be read back).
/// </summary>
public static class BenchAccounts
{
    public const string Password = "Bench-Password-1234";

    public static async Task<BenchAccountSet> SeedAsync(StorageOptions storage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var app = await OfflineHost.BuildAsync(storage, cancellationToken);
        await using (app)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsiliumUser>>();
            var tokens = app.Services.GetRequiredService<PersonalAccessTokens>();

            async Task<BenchAccount> Account(string name, string role, string email, bool twoFactor)
            {
                var (user, secret) = await PresetAccounts.EnsureAsync(users, role, email, name, Password, twoFactor, DateTimeOffset.UtcNow);
                var (_, token) = await tokens.IssueAsync(user.Id, "bench", "bench", null, cancellationToken);
                return new BenchAccount(name, role, user.Id, email, Password, secret, token);
            }

            return new BenchAccountSet(
                await Account("Bench Patient", ConsiliumRoles.Patient, "bench-patient@bench.example", twoFactor: false),
                await Account("Bench Coordinator", ConsiliumRoles.Coordinator, "bench-coordinator@bench.example", twoFactor: true),
                await Account("Bench Expert A", ConsiliumRoles.Expert, "bench-expert-a@bench.example", twoFactor: true),
                await Account("Bench Expert B", ConsiliumRoles.Expert, "bench-expert-b@bench.example", twoFactor: true),
                await Account("Bench Admin", ConsiliumRoles.Admin, "bench-admin@bench.example", twoFactor: true));
        }
    }
}
