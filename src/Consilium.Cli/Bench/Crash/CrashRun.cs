using Consilium.Cli.Bench.Harness;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Consilium.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Consilium.Cli.Bench.Crash;

/// <summary>What one provider's run found.</summary>
internal sealed record CrashProviderResult(
    string Provider, int Iterations, int AcknowledgedWrites, int AcknowledgedLost, int PartialStates, int AuditChainBroken,
    int Reminders, int MailSent, int DuplicateDeliveries, int MissingDeliveries, int UndeliveredMail)
{
    public bool Clean => AcknowledgedLost == 0 && PartialStates == 0 && AuditChainBroken == 0 && DuplicateDeliveries == 0 && MissingDeliveries == 0 && UndeliveredMail == 0;
}

/// <summary>
/// One provider's crash campaign: seeds the bench accounts, starts the real server (a fixed loopback port, so the signed-in
/// sessions carry over restarts), and per iteration drives concurrent writes, pulls the plug (SIGKILL) after a seeded random
/// moment, restarts it and checks the invariants. At the end the server is left running until the outbox has drained (a mail a
/// killed server had claimed comes back when its lease runs out), stopped, and the deliveries are counted.
/// </summary>
internal sealed class CrashRun(StorageOptions storage, int seed, int workers, TimeSpan maxKillDelay)
{
    /// <summary>How long the end waits at most for mail leased by a killed server to come back and be delivered.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(100);

    /// <summary>How long a round waits at most for its first acknowledged write.</summary>
    private static readonly TimeSpan FirstWriteLimit = TimeSpan.FromSeconds(60);

    public List<string> Details { get; } = [];

    /// <summary>What the server refused (step and status → how often): expected now and then (a kill mid-story), never a problem by itself.</summary>
    public IReadOnlyDictionary<string, int> Refusals { get; private set; } = new Dictionary<string, int>();

    public async Task<CrashProviderResult> RunAsync(int iterations, IProgress<int> progress, CancellationToken ct)
    {
        var accounts = await BenchAccounts.SeedAsync(storage, ct);
        // The checker reads with the server's own storage and key protector (a host built, not started).
        var inspection = await OfflineHost.BuildAsync(storage, ct);
        await using (inspection)
        {
            var database = inspection.Services.GetRequiredService<ConsiliumDatabase>();
            var dataDirectory = Path.GetFullPath(storage.DataDirectory);
            var checker = new InvariantChecker(database, inspection.Services.GetRequiredService<DocumentStore>(),
                DocumentStoreOptions.ForDataDirectory(dataDirectory).Directory, Path.Combine(dataDirectory, "mail"));
            var settings = new Dictionary<string, string?>
            {
                // One node: every leftover of an interrupted upload is cleared when the server starts again.
                ["Consilium:Web:DocumentLeftoverMinutes"] = "0",
                ["Consilium:Web:SignInAttemptsPerMinute"] = "100000",
                // Every open case is overdue at once and the timer looks every second: reminders are queued while the plug is pulled.
                ["Consilium:Web:StandardTurnaroundDays"] = "0",
                ["Consilium:Web:ExpeditedTurnaroundDays"] = "0",
                ["Consilium:Web:TurnaroundCheckSeconds"] = "1",
            };
            var port = ServerProcess.FreeLoopbackPort();
            var random = new Random(seed);
            var acknowledged = new AcknowledgedWrites();
            var server = await StartAsync(settings, port, ct);
            var sessions = await WriteDriver.SignInAsync(server.BaseAddress, accounts, ct);
            using var api = WebSession.ApiClient(server.BaseAddress, accounts.Coordinator);
            var driver = new WriteDriver(accounts, acknowledged, sessions, api);
            try
            {
                for (var i = 1; i <= iterations; i++)
                {
                    using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        var before = acknowledged.Count;
                        var driving = driver.RunAsync(workers, new Random(random.Next()), stop.Token);
                        // The plug is pulled while writes flow: a seeded moment after the first write this round is acknowledged
                        // (a freshly started server compiles its pages on the first requests).
                        await WaitForFirstWriteAsync(acknowledged, before, driving, ct);
                        await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, (int)maxKillDelay.TotalMilliseconds)), ct);
                        server.Kill();
                        await stop.CancelAsync();
                        await driving;
                    }
                    await server.DisposeAsync();
                    server = await StartAsync(settings, port, ct);
                    await checker.CheckAsync(i, acknowledged, ct);
                    progress.Report(i);
                }
                await DrainOutboxAsync(database, ct);
                await server.StopAsync();
            }
            finally
            {
                await server.DisposeAsync();
                foreach (var session in sessions.Values)
                {
                    session.Dispose();
                }
            }
            var mail = await checker.CheckDeliveriesAsync(ct);
            Refusals = driver.Refusals.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Value);
            Details.AddRange(checker.Lost.Values.Concat(checker.Partial.Values).Concat(checker.AuditBreaks.Values).Concat(checker.Deliveries.Values));
            return new CrashProviderResult(
                storage.Provider == StorageProvider.PostgreSql ? "postgres" : "sqlite", iterations, acknowledged.Count,
                checker.Lost.Count, checker.Partial.Count, checker.AuditBreaks.Count, checker.Reminders, mail.Sent, mail.Duplicates, mail.Missing, mail.Pending);
        }
    }

    /// <summary>
    /// Starts the server; on a busy machine a start can take longer than the harness waits, so a start that times out is tried
    /// again (three times in all). A server that never comes back after a kill fails the run.
    /// </summary>
    private async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int port, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ServerProcess.StartAsync(storage, settings, port, ct);
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // Slow, not broken: its process was killed by the harness; start it again.
            }
        }
    }

    private static async Task WaitForFirstWriteAsync(AcknowledgedWrites acknowledged, int before, Task driving, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + FirstWriteLimit;
        while (acknowledged.Count == before && !driving.IsCompleted)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The server acknowledged no write within {FirstWriteLimit.TotalSeconds} s of starting.");
            }
            await Task.Delay(10, ct);
        }
    }

    /// <summary>
    /// Waits until no mail has been pending for <see cref="QuietFor"/>, or until <see cref="DrainLimit"/>: mail a killed server
    /// had claimed comes back when its lease runs out, and the turnaround reminders a killed server's job lease held back are
    /// queued only once that lease lapses (3 check intervals), so an empty outbox at one instant is not yet a drained one.
    /// </summary>
    private static async Task DrainOutboxAsync(ConsiliumDatabase database, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + DrainLimit;
        var emptySince = (DateTimeOffset?)null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await database.Outbox.CountPendingAsync(ct) > 0)
            {
                emptySince = null;
            }
            else
            {
                emptySince ??= DateTimeOffset.UtcNow;
                if (DateTimeOffset.UtcNow - emptySince >= QuietFor)
                {
                    break;
                }
            }
            await Task.Delay(250, ct);
        }
        // The delivery that completed the last one may still be writing its file: one more round.
        await Task.Delay(1000, ct);
    }

    /// <summary>Longer than the reminder job's lease (3 × the 1-second check interval the bench sets) and a delivery round.</summary>
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(6);
}
