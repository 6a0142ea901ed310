using Microsoft.AspNetCore.Antiforgery;

namespace Consilium.Web.Features.Security;

/// <summary>Antiforgery for the form posts handled outside components (sign-out, uploads).</summary>
public static class Forms
{
    public static async Task<bool> IsValidAsync(HttpContext context, IAntiforgery antiforgery)
    {
        ArgumentNullException.ThrowIfNull(antiforgery);
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    /// <summary>Checks a token read from a streamed multipart form (its first field) before any file in the form is kept.</summary>
    public static async Task<bool> IsValidTokenAsync(HttpContext context, string? token, IAntiforgery antiforgery, AntiforgeryOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (token is null || options.HeaderName is not { } header)
        {
            return false;
        }
        context.Request.Headers[header] = token;
        return await IsValidAsync(context, antiforgery);
    }

    public static IResult AntiforgeryProblem() => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "The form has expired",
        detail: "The form was missing its security token or it had expired. Go back, reload the page and try again.");
}
