namespace Consilium.Web.Features.Security;

/// <summary>
/// Security headers on every response: a strict Content-Security-Policy (own origin only, no framing), nosniff,
/// a referrer policy and a permissions policy. HSTS is added by the host outside development.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Everything from this origin; no inline script; no one may frame the pages.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API reference page runs its bundled script inline; still nothing from elsewhere and no framing.</summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The archive's web viewer (Orthanc's static pages behind the imaging proxy) uses inline event handlers and styles;
    /// still nothing from elsewhere and no framing.
    /// </summary>
    public const string ImageViewerPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/reference", StringComparison.OrdinalIgnoreCase)
                    ? ApiReferencePolicy
                    : context.Request.Path.Value?.Contains("/imaging/archive/web-viewer/app/", StringComparison.Ordinal) == true
                        ? ImageViewerPolicy
                        : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (!headers.ContainsKey("Cache-Control"))
                {
                    // Patient data must not linger in shared caches.
                    headers.CacheControl = "no-store";
                }
                return Task.CompletedTask;
            });
            await next(context);
        });
    }
}
