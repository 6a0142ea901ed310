using System.Globalization;
using System.Text;

namespace Consilium.Web.Features.Mail;

/// <summary>
/// Development mail delivery: each mail becomes one RFC 5322 <c>.eml</c> file in a folder (default
/// <c>&lt;data directory&gt;/mail</c>) that a developer opens with any mail reader, and tests read.
/// </summary>
public sealed class MailDrop(string directory, TimeProvider time)
{
    public const string From = "Consilium <no-reply@consilium.invalid>";

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Writes the mail atomically (a temp file renamed into place) and returns its path.</summary>
    public async Task<string> WriteAsync(string to, string subject, string body, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        System.IO.Directory.CreateDirectory(Directory);
        var now = time.GetUtcNow();
        var name = $"{now:yyyyMMdd'T'HHmmssfff}-{id:N}.eml";
        var text = new StringBuilder()
            .Append("From: ").Append(From).Append("\r\n")
            .Append("To: ").Append(OneLine(to)).Append("\r\n")
            .Append("Subject: ").Append(OneLine(subject)).Append("\r\n")
            .Append("Date: ").Append(now.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Message-ID: <").Append(id.ToString("N")).Append("@consilium.invalid>\r\n")
            .Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
            .Append(body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal))
            .Append("\r\n")
            .ToString();
        var path = Path.Combine(Directory, name);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, text, new UTF8Encoding(false), cancellationToken);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static string OneLine(string value) => value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
