using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Consilium.Web.Features.Api;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Intake;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Consilium.Web.Tests.Support;

/// <summary>An account the tests sign in as; clinicians have a TOTP secret (their authenticator app).</summary>
public sealed record TestAccount(string Name, string Role, string Id, string Email, string Password, string? TotpSecret, string Token)
{
    // Held by reference, so the account's equality and hash (it keys dictionaries) do not change as codes are used.
    private readonly SignInState _used = new();

    /// <summary>
    /// The session cookie of this clinician's first sign-in on the platform: each authenticator code works once (at most one sign-in
    /// per 30 seconds once the codes around now are used), so later <see cref="Session.SignInAsync"/> calls join that session.
    /// </summary>
    public string? SessionCookie
    {
        get => _used.Cookie;
        set => _used.Cookie = value;
    }

    /// <summary>
    /// A code the platform has not accepted yet: each code works once and no code older than the last accepted one works, so sign-ins
    /// within the same 30 seconds use the codes of the steps around now (the platform accepts two steps either side, for phones whose
    /// clock is off), waiting for the clock only when those are used up.
    /// </summary>
    public string TotpCode() => CodeAt(_used.Next());

    /// <summary>The code of a given 30-second step (for tests that replay or skip codes).</summary>
    public string CodeAt(long step) => new Totp(Base32Encoding.ToBytes(TotpSecret!)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);

    /// <summary>Marks every code up to <paramref name="step"/> as used (a test used them directly).</summary>
    public void UsedUpTo(long step) => _used.UpTo(step);

    private sealed class SignInState
    {
        private readonly Lock _lock = new();
        private long _last = long.MinValue;

        public string? Cookie { get; set; }

        public long Next()
        {
            lock (_lock)
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
                // The previous step's code stays valid for at least 30 more seconds; a later step's code as long as that.
                var step = Math.Max(now - 1, _last + 1);
                while (step > now + 2)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(1));
                    now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
                }
                _last = step;
                return step;
            }
        }

        public void UpTo(long step)
        {
            lock (_lock)
            {
                _last = Math.Max(_last, step);
            }
        }
    }

    public override string ToString() => Name;
}

/// <summary>
/// The real platform on Kestrel (loopback, a free port) over a fresh SQLite data directory, with one account per role
/// (two patients, two experts) and one case owned by patient A, assigned to expert A, with a document and a signed opinion.
/// </summary>
public class Platform : IAsyncLifetime
{
    public const string Password = "Test-Password-1234";
    public const long UploadLimit = 2 * 1024 * 1024;

    private WebApplication? _app;

    public WebApplication App => _app ?? throw new InvalidOperationException("The platform did not start.");
    public Uri BaseUri { get; private set; } = default!;
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "consilium-web-tests-" + Guid.NewGuid().ToString("N")[..12]);
    public ConsiliumDatabase Database => App.Services.GetRequiredService<ConsiliumDatabase>();
    public DocumentStore Documents => App.Services.GetRequiredService<DocumentStore>();

    public TestAccount PatientA { get; private set; } = default!;
    public TestAccount PatientB { get; private set; } = default!;
    public TestAccount Coordinator { get; private set; } = default!;
    public TestAccount ExpertA { get; private set; } = default!;
    public TestAccount ExpertB { get; private set; } = default!;
    public TestAccount Admin { get; private set; } = default!;
    public IReadOnlyList<TestAccount> Accounts => [PatientA, PatientB, Coordinator, ExpertA, ExpertB, Admin];

    /// <summary>Patient A's case: assigned to expert A, opinion signed.</summary>
    public Guid CaseA { get; private set; }
    public Guid DocumentA { get; private set; }

    /// <summary>A RADPEER-scored imaging re-read by expert A on case A.</summary>
    public Guid RereadA { get; private set; }

    /// <summary>Patient A's draft, for the upload tests (a draft takes FHIR bundles into the case file).</summary>
    public Guid DraftA { get; private set; }

    public async Task InitializeAsync()
    {
        _app = await ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings
        {
            Urls = "http://127.0.0.1:0",
            Storage = StorageOptions.ForDataDirectory(DataDirectory),
            EnvironmentName = EnvironmentName,
            Overrides = new Dictionary<string, string?>
            {
                ["Consilium:Web:SignInAttemptsPerMinute"] = "100000",
                ["Consilium:Web:MaxUploadBytes"] = UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        BeforeStart(App);
        await App.StartAsync();
        BaseUri = new Uri(App.Urls.First());

        PatientA = await AccountAsync("patient A (owner)", ConsiliumRoles.Patient, "patient-a@test.example", twoFactor: false);
        PatientB = await AccountAsync("patient B", ConsiliumRoles.Patient, "patient-b@test.example", twoFactor: false);
        Coordinator = await AccountAsync("coordinator", ConsiliumRoles.Coordinator, "coordinator@test.example", twoFactor: true);
        ExpertA = await AccountAsync("expert A (assigned)", ConsiliumRoles.Expert, "expert-a@test.example", twoFactor: true);
        ExpertB = await AccountAsync("expert B (not assigned)", ConsiliumRoles.Expert, "expert-b@test.example", twoFactor: true);
        Admin = await AccountAsync("admin", ConsiliumRoles.Admin, "admin@test.example", twoFactor: true);
        await SeedCasesAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the system.
        }
    }

    public Session NewSession() => new(this);

    /// <summary>The host environment the platform runs in.</summary>
    protected virtual string EnvironmentName => "Testing";

    /// <summary>A chance to map more endpoints (a test's own) before the platform starts.</summary>
    protected virtual void BeforeStart(WebApplication app)
    {
    }

    public async Task<TestAccount> AccountAsync(string name, string role, string email, bool twoFactor)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsiliumUser>>();
        var user = new ConsiliumUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = DateTimeOffset.UtcNow };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, role));
        string? secret = null;
        if (twoFactor)
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            secret = await users.GetAuthenticatorKeyAsync(user);
            Check(await users.SetTwoFactorEnabledAsync(user, true));
        }
        var (_, token) = await App.Services.GetRequiredService<PersonalAccessTokens>().IssueAsync(user.Id, "tests", "tests", null);
        return new TestAccount(name, role, user.Id, email, Password, secret, token);
    }

    private async Task SeedCasesAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var form = new IntakeForm
        {
            SurgeryPlanned = true, BirthDate = new DateOnly(1961, 4, 2), Sex = AdministrativeSex.Female, Country = "GB",
            Diagnosis = "Osteoarthritis of the right knee", ProposedTreatment = "Total knee replacement", TreatmentIsSurgery = true,
            TreatmentDate = DateOnly.FromDateTime(now.AddDays(40).UtcDateTime), Question = "Do I need the operation now?", Consent = true,
        };
        var actor = $"patient A ({PatientA.Id})";
        var c = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), now), actor, now, PatientA.Id);
        IntakeSubmission.Send(c, actor, now);
        c.AssignExpert(ExpertA.Id, "coordinator", now, "test");
        c.MoveTo(CaseStatus.InReview, "expert A", now, "review");
        var opinion = new Opinion(Guid.NewGuid(), c.Id, ExpertA.Id);
        opinion.SaveDraft(new OpinionContent(DiagnosisAgreement.Confirmed, null, TreatmentAgreement.Agree, "Proceed.", null, "Yes.", null));
        opinion.Sign(ExpertA.Id, now);
        c.MoveTo(CaseStatus.OpinionDelivered, "expert A", now, "signed");
        await Database.Cases.AddAsync(c);
        await Database.Opinions.SaveAsync(opinion);
        CaseA = c.Id;
        await using (var pdf = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "referral-letter.pdf")))
        {
            DocumentA = (await Documents.StoreAsync(new DocumentUpload(c.Id, "referral-letter.pdf", actor, "application/pdf"), pdf)).Id;
        }

        var reread = Domain.Imaging.ImagingReread.File(c.Id, ExpertA.Id, ["1.2.826.0.1.3680043.2.1125"],
            new Domain.Imaging.ImagingRereadContent("No acute abnormality.", "Normal knee radiographs.", "Concur with the original report.", Domain.Imaging.RadpeerScore.Concur), now);
        await Database.Imaging.AddRereadAsync(reread);
        RereadA = reread.Id;

        var draft = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), now), actor, now, PatientA.Id);
        await Database.Cases.AddAsync(draft);
        DraftA = draft.Id;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<Platform>
{
    public const string Name = "platform";
}
