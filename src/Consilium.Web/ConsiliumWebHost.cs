using System.Threading.RateLimiting;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Web.Features.Api;
using Consilium.Web.Features.Health;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.FileProviders;
using Scalar.AspNetCore;

namespace Consilium.Web;

/// <summary>
/// Builds the whole platform (pages for every role, the JSON API, identity, health) on one database. Used by
/// <c>consilium serve</c>, by this project's own entry point, and by the functional and browser tests.
/// </summary>
public static class ConsiliumWebHost
{
    public const string SignInRateLimit = "sign-in";

    /// <summary>Opens (and migrates) the database, builds the host and seeds roles (and demo data with <see cref="ConsiliumWebSettings.Demo"/>).</summary>
    public static async Task<WebApplication> BuildAsync(ConsiliumWebSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = settings.Args,
            EnvironmentName = settings.EnvironmentName,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(ConsiliumWebHost).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(settings.Overrides);
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            // Request-by-request logs are noise on a console; warnings and errors still show.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        }
        builder.WebHost.UseUrls(settings.Urls);

        var storage = settings.Storage ?? BindStorage(builder.Configuration);
        var web = builder.Configuration.GetSection(WebOptions.SectionName).Get<WebOptions>() ?? new WebOptions();
        builder.Services.AddSingleton(web);
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(TimeProvider.System);

        var database = await ConsiliumDatabase.OpenAsync(storage, TimeProvider.System, cancellationToken);
        builder.Services.AddSingleton(database);

        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        AddIdentity(builder.Services, storage, web);
        builder.Services.AddAuthorization(Policies.Add);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, CaseAccessHandler>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = web.SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
        });
        builder.Services.AddRazorComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddOpenApi("v1", o => o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "consilium.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        Features.FeatureRegistration.AddConsiliumFeatures(builder.Services);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(database.Dispose);
        await MigrateIdentityAsync(app.Services, cancellationToken);
        await SeedRolesAsync(app.Services);
        // Interrupted uploads of an earlier run are cleared before the first request.
        await app.Services.GetRequiredService<Features.Documents.DocumentLeftovers>().SweepAsync(cancellationToken);
        if (settings.Demo)
        {
            await Features.Demo.DemoData.SeedAsync(app.Services, settings.DemoOutput ?? Console.Out, cancellationToken);
        }

        Configure(app);
        return app;
    }

    private static StorageOptions BindStorage(IConfiguration configuration)
    {
        var options = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(options);
        return options;
    }

    private static void AddIdentity(IServiceCollection services, StorageOptions storage, WebOptions web)
    {
        AddKeyRing(services, storage);

        services.AddIdentity<ConsiliumUser, IdentityRole>(o =>
            {
                o.SignIn.RequireConfirmedEmail = web.RequireConfirmedEmail;
                o.SignIn.RequireConfirmedAccount = web.RequireConfirmedEmail;
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                // Authenticator codes work once (Identity's own provider accepts a code again while it is in its window).
                o.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorCodes.ProviderName;
            })
            .AddEntityFrameworkStores<IdentityStore>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorCodes>(OneTimeAuthenticatorCodes.ProviderName)
            .AddClaimsPrincipalFactory<ConsiliumClaimsFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "consilium.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(web.SessionIdleMinutes);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context => NoRedirectForApi(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => NoRedirectForApi(context, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(5);
            // A refreshed session keeps "signed in with a second factor".
            o.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst("amr") is { } amr && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity && !identity.HasClaim("amr", amr.Value))
                {
                    identity.AddClaim(new System.Security.Claims.Claim("amr", amr.Value));
                }
                return Task.CompletedTask;
            };
        });
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null);
        services.AddSingleton<PersonalAccessTokens>();
    }

    /// <summary>
    /// The identity store and the Data Protection key ring kept in it (application name "Consilium"): what every node, and
    /// <c>consilium restore</c>'s check, need to unprotect cookies, tokens and document keys written by any other node.
    /// </summary>
    public static IServiceCollection AddKeyRing(IServiceCollection services, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storage);
        services.AddSingleton<IDbContextFactory<IdentityStore>>(new IdentityStoreFactory(storage));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<IdentityStore>>().CreateDbContext());
        services.AddDataProtection()
            .SetApplicationName("Consilium")
            .PersistKeysToDbContext<IdentityStore>();
        return services;
    }

    private static Task NoRedirectForApi(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static async Task MigrateIdentityAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<IdentityStore>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    private static async Task SeedRolesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in ConsiliumRoles.All)
        {
            if (!await roles.RoleExistsAsync(role.Name))
            {
                var result = await roles.CreateAsync(new IdentityRole(role.Name));
                if (!result.Succeeded && !await roles.RoleExistsAsync(role.Name))
                {
                    throw new InvalidOperationException($"Could not create role {role.Name}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }
    }

    private static void Configure(WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(ConsiliumWebHost).Assembly, "Consilium.Web.Assets"),
            RequestPath = "/assets",
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseTwoFactorEnrolment();
        app.UseAntiforgery();

        app.MapOpenApi("/api/openapi/{documentName}.json").Access(Audience.Anyone);
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("Consilium API").WithOpenApiRoutePattern("/api/openapi/{documentName}.json")).Access(Audience.Anyone);
        app.MapHealthEndpoints();
        Features.FeatureRegistration.MapConsiliumEndpoints(app);
        app.MapRazorComponents<Features.Layout.App>().Add(endpoint =>
        {
            // The framework's own endpoints (the opaque redirect of enhanced navigation) carry no patient data and are open to anyone;
            // every page declares its own audience.
            if (endpoint is RouteEndpointBuilder route && route.RoutePattern.RawText?.Contains("_framework/", StringComparison.Ordinal) == true
                && !route.Metadata.OfType<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>().Any())
            {
                route.Metadata.Add(new PublicAttribute());
            }
        });
    }
}

/// <summary>Creates the identity store for the configured provider, with its own migrations-history table.</summary>
internal sealed class IdentityStoreFactory(StorageOptions storage) : IDbContextFactory<IdentityStore>
{
    private readonly DbContextOptions<SqliteIdentityStore>? _sqlite = storage.Provider == StorageProvider.Sqlite
        ? new DbContextOptionsBuilder<SqliteIdentityStore>()
            .UseSqlite(string.IsNullOrWhiteSpace(storage.ConnectionString) ? $"Data Source={storage.SqliteFilePath}" : storage.ConnectionString, o => o.MigrationsHistoryTable(IdentityStore.HistoryTable))
            .Options
        : null;

    private readonly DbContextOptions<PostgreSqlIdentityStore>? _postgres = storage.Provider == StorageProvider.PostgreSql
        ? new DbContextOptionsBuilder<PostgreSqlIdentityStore>()
            .UseNpgsql(storage.ConnectionString, o => o.MigrationsHistoryTable(IdentityStore.HistoryTable))
            .Options
        : null;

    public IdentityStore CreateDbContext() => _sqlite is not null ? new SqliteIdentityStore(_sqlite) : new PostgreSqlIdentityStore(_postgres!);
}
