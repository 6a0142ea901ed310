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

    /// <summary>
    /// Delivers outbox mail <paramref name="outboxId"/>: one file per outbox id, written atomically (a temp file renamed into
    /// place). Delivering the same id again (a worker crashed after writing, before marking it sent) finds the file and
    /// writes nothing, so each mail arrives once. Returns the file's path.
    /// </summary>
    public async Task<string> WriteAsync(string to, string subject, string body, long outboxId, DateTimeOffset enqueuedAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        ArgumentNullException.ThrowIfNull(body);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, FileName(outboxId, enqueuedAt));
        if (File.Exists(path))
        {
            return path;
        }
        var text = new StringBuilder()
            .Append("From: ").Append(From).Append("\r\n")
            .Append("To: ").Append(OneLine(to)).Append("\r\n")
            .Append("Subject: ").Append(OneLine(subject)).Append("\r\n")
            .Append("Date: ").Append(time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Message-ID: <outbox-").Append(outboxId.ToString(CultureInfo.InvariantCulture)).Append('.').Append(enqueuedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append("@consilium.invalid>\r\n")
            .Append("X-Consilium-Outbox-Id: ").Append(outboxId.ToString(CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
            .Append(body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal))
            .Append("\r\n")
            .ToString();
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllTextAsync(temp, text, new UTF8Encoding(false), cancellationToken);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>The file of outbox mail <paramref name="outboxId"/>: sorts by when it was queued, names the id.</summary>
    public static string FileName(long outboxId, DateTimeOffset enqueuedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{enqueuedAt.UtcDateTime:yyyyMMdd'T'HHmmssfff}-outbox-{outboxId:D12}.eml");

    private static string OneLine(string value) => value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
