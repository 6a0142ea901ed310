using QRCoder;

namespace Consilium.Web.Features.Identity;

/// <summary>The authenticator-app enrolment: the otpauth URI and its QR code (a PNG data URI; nothing leaves the server).</summary>
public static class Authenticator
{
    public const string Issuer = "Consilium";

    public static string OtpAuthUri(string account, string sharedKey) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={sharedKey}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    public static string QrCodeDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
