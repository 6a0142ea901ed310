using Consilium.Storage.Database;
using Consilium.Storage.Outbox;

namespace Consilium.Web.Features.Mail;

/// <summary>Mail to account holders (email confirmation, password reset, case news).</summary>
public interface IAccountMail
{
    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default);
}

/// <summary>Account mail goes into the database outbox; <see cref="MailDropDelivery"/> (or a real sender) delivers it.</summary>
public sealed class OutboxAccountMail(ConsiliumDatabase database) : IAccountMail
{
    public Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default) =>
        database.Outbox.EnqueueAsync(new OutboxMail(to, subject, body), cancellationToken);
}

/// <summary>
/// Delivers the outbox to the development mail folder: claims a batch (a lease, so any node can run this), writes each as
/// an .eml file named by its outbox id, marks it done. A mail whose lease runs out without completion (the node crashed) is
/// claimed again, and the drop finds it already written: each mail is delivered once.
/// </summary>
public sealed class MailDropDelivery(ConsiliumDatabase database, MailDrop drop, ILogger<MailDropDelivery> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly string _worker = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Delivers what is waiting now; returns how many mails were written.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        var claimed = await database.Outbox.ClaimAsync(20, _worker, TimeSpan.FromMinutes(1), cancellationToken);
        foreach (var mail in claimed)
        {
            await drop.WriteAsync(mail.Mail.To, mail.Mail.Subject, mail.Mail.Body, mail.Id, mail.EnqueuedAt, cancellationToken);
            await database.Outbox.CompleteAsync(mail.Id, cancellationToken);
            delivered++;
        }
        return delivered;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed round is logged and retried; the lease brings the mail back
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogWarning(e, "Mail delivery round failed; retrying");
            }
            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
