using Consilium.Storage.Documents;

namespace Consilium.Web.Features.Documents;

/// <summary>
/// Clears what interrupted uploads leave in the document folder (a process killed while a file streamed in, or between putting
/// the encrypted file in place and committing its row): once when the host is built, before it takes requests, and then every
/// hour. Such files have no row, so they are never listed or served; only those older than
/// <see cref="WebOptions.DocumentLeftoverMinutes"/> are removed, so that an upload another node is finishing is left alone.
/// </summary>
public sealed class DocumentLeftovers(DocumentStore documents, WebOptions options, ILogger<DocumentLeftovers> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Removes the leftovers now; returns how many files went.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = await documents.RemoveLeftoversAsync(TimeSpan.FromMinutes(options.DocumentLeftoverMinutes), cancellationToken);
        if (removed > 0)
        {
            log.LogInformation("Removed {Count} document file(s) left by interrupted uploads", removed);
        }
        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, stoppingToken);
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed sweep is logged and tried again next hour; the files are invisible meanwhile
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogWarning(e, "Sweeping interrupted uploads failed; trying again later");
            }
        }
    }
}
