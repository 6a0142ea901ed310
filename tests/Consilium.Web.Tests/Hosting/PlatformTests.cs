using System.Net;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Hosting;

[Collection(PlatformCollection.Name)]
public sealed class PlatformTests(Platform platform)
{
    [Fact]
    public async Task Health_live_and_ready_answer_when_the_database_is_migrated()
    {
        using var session = platform.NewSession();
        Assert.Equal("live", await session.GetPageAsync("/health/live"));
        Assert.Equal("ready", await session.GetPageAsync("/health/ready"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/api/cases/00000000-0000-0000-0000-000000000001")]
    [InlineData("/health/live")]
    [InlineData("/assets/site.css")]
    [InlineData("/does-not-exist")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var session = platform.NewSession();
        using var response = await session.GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("http", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_load_nothing_from_other_origins()
    {
        using var session = platform.NewSession();
        foreach (var path in new[] { "/", "/guide", "/account/login", "/account/register" })
        {
            var page = await session.GetPageAsync(path);
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
            if (path.StartsWith("/account", StringComparison.Ordinal))
            {
                Assert.Matches("<label for=\"email\"", page);
            }
        }
    }

    [Fact]
    public async Task The_guide_names_the_five_situations_in_plain_words()
    {
        using var session = platform.NewSession();
        var guide = await session.GetPageAsync("/guide");
        foreach (var words in new[] { "Before major surgery", "After a cancer diagnosis", "symptoms don&#x27;t match", "rare or complex", "treatment isn&#x27;t working" })
        {
            Assert.Contains(words, guide, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        using var session = platform.NewSession();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "login", ["Input.Email"] = "x@y.z", ["Input.Password"] = "whatever-123" });
        using var response = await session.Client.PostAsync(new Uri("/account/login", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_clinician_without_the_second_factor_is_sent_to_enrol_and_can_do_nothing_else()
    {
        var expert = await platform.AccountAsync("new expert", Web.Features.Identity.ConsiliumRoles.Expert, $"new-expert-{Guid.NewGuid():N}@test.example", twoFactor: false);
        using var session = platform.NewSession();
        using var login = await session.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = expert.Email, ["Input.Password"] = expert.Password });
        using var expertPage = await session.GetAsync("/expert");
        Assert.Equal(HttpStatusCode.Redirect, expertPage.StatusCode);
        Assert.EndsWith("/account/two-factor", expertPage.Headers.Location!.ToString(), StringComparison.Ordinal);
        var enrol = await session.GetPageAsync("/account/two-factor");
        Assert.Contains("data:image/png;base64,", enrol, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var patient = await platform.AccountAsync("lockout", Web.Features.Identity.ConsiliumRoles.Patient, $"lock-{Guid.NewGuid():N}@test.example", twoFactor: false);
        using var session = platform.NewSession();
        string page = "";
        for (var i = 0; i < 6; i++)
        {
            using var response = await session.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = patient.Email, ["Input.Password"] = "wrong-password-1" });
            page = await response.Content.ReadAsStringAsync();
        }
        Assert.Contains("locked", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_invites_an_expert_who_chooses_a_password_from_the_mail_and_must_enrol_two_step_sign_in()
    {
        using var admin = platform.NewSession();
        await admin.SignInAsync(platform.Admin);
        var email = $"invited-{Guid.NewGuid():N}@test.example";
        using (var invite = await admin.PostFormAsync("/admin/accounts", "invite", new Dictionary<string, string> { ["Invite.Name"] = "Dr Invited", ["Invite.Email"] = email, ["Invite.Role"] = "Expert" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        }
        var folder = Path.Combine(platform.DataDirectory, "mail");
        string? link = null;
        for (var i = 0; i < 100 && link is null; i++)
        {
            link = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "*.eml").Select(File.ReadAllText).Where(t => t.Contains("To: " + email, StringComparison.Ordinal))
                    .Select(t => System.Text.RegularExpressions.Regex.Match(t, @"http://\S+/account/reset-password\?\S+")).FirstOrDefault(m => m.Success)?.Value
                : null;
            await Task.Delay(100);
        }
        Assert.NotNull(link);
        using var invited = platform.NewSession();
        var path = new Uri(link).PathAndQuery;
        using (var reset = await invited.PostFormAsync(path, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = "Chosen-Password-77",
            ["Input.Code"] = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["code"]!,
        }))
        {
            Assert.Contains("Your password has been changed", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var login = await invited.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Chosen-Password-77" });
        using var expertPage = await invited.GetAsync("/expert");
        Assert.EndsWith("/account/two-factor", expertPage.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
