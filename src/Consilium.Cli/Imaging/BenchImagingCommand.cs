using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Consilium.Domain.Cases;
using Consilium.Imaging.Orthanc;
using Consilium.Imaging.Synthetic;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Web;
using Consilium.Web.Features.Api;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Imaging;

/// <summary>
/// <c>consilium bench imaging [--files 300] [--kb 1024] [--json]</c>: writes a synthetic multi-series study (dcmtk), starts
/// the platform in this process on a temporary data directory (with its private Orthanc), and uploads the same files
/// directly to Orthanc (POST /instances, one request per file) and through Consilium (one multipart upload to the case
/// API, streamed to Orthanc), deleting the study in between, in two rounds of opposite order. Prints both mean throughputs,
/// their ratio (target ≥ 80%) and the peak working set of the process while Consilium took the upload.
/// </summary>
internal sealed class BenchImagingCommand : AsyncCommand<BenchImagingCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--files <N>")]
        [Description("DICOM files in the study (default 300, in three series).")]
        public int Files { get; init; } = 300;

        [CommandOption("--kb <KB>")]
        [Description("Approximate size of each file in KB (default 1024: 512×1024 16-bit pixels).")]
        public int KiloBytes { get; init; } = 1024;

        [CommandOption("--json")]
        [Description("Print exactly one JSON object: files, megabytes, direct and Consilium MB/s, ratio, peak memory.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Files is < 3 or > 100_000 ? ValidationResult.Error("--files must be between 3 and 100000.")
            : KiloBytes is < 1 or > 65_536 ? ValidationResult.Error("--kb must be between 1 and 65536.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (PrivateOrthanc.FindExecutable() is null || SyntheticStudy.Dump2Dcm() is null)
        {
            await Console.Error.WriteLineAsync("bench imaging needs Orthanc (orthanc, orthanc-dicomweb) and dcmtk: apt-get install orthanc orthanc-dicomweb orthanc-webviewer dcmtk");
            return ExitCodes.Failure;
        }
        var work = Path.Combine(Path.GetTempPath(), "consilium-bench-imaging-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // 1. The study: three series, each image about --kb KB.
            var columns = 512;
            var rows = Math.Max(1, settings.KiloBytes * 1024 / (columns * 2));
            var perSeries = settings.Files / 3;
            SyntheticSeries[] series =
            [
                new("CT", "ABDOMEN", "AXIAL", perSeries, rows, columns),
                new("CT", "ABDOMEN", "CORONAL", perSeries, rows, columns),
                new("MR", "ABDOMEN", "T2", settings.Files - (2 * perSeries), rows, columns),
            ];
            IReadOnlyList<string> files = [];
            string studyUid = "";
            await stderr.Progress().AutoClear(true).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Writing the study (dcmtk)", maxValue: settings.Files);
                (studyUid, files) = await SyntheticStudy.WriteAsync(Path.Combine(work, "study"), series, "BENCH STUDY", progress: new Experts.SyncProgress<int>(n => task.Value = n), cancellationToken: cancellationToken);
            });
            var bytes = files.Sum(f => new FileInfo(f).Length);

            // 2. The platform, with its private Orthanc, and a patient's case to upload into.
            var app = await ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings
            {
                Urls = "http://127.0.0.1:0",
                Storage = StorageOptions.ForDataDirectory(Path.Combine(work, "data")),
                // Standard output carries only the result: the host logs warnings and errors to standard error.
                Overrides = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Logging:Console:LogToStandardErrorThreshold"] = "Trace" },
            }, cancellationToken);
            await using (app)
            {
                await app.StartAsync(cancellationToken);
                var archive = app.Services.GetRequiredService<ImagingArchive>();
                if (!archive.IsAvailable)
                {
                    await Console.Error.WriteLineAsync(archive.Unavailable);
                    return ExitCodes.Failure;
                }
                var (caseId, token) = await PatientCaseAsync(app, cancellationToken);
                using var consilium = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = Timeout.InfiniteTimeSpan };
                consilium.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

                // 3. Warm both paths up on a few files, then measure each on the whole study (deleted in between).
                await DirectAsync(archive.Client, files.Take(5).ToList(), cancellationToken);
                await ThroughConsiliumAsync(consilium, caseId, files.Take(5).ToList(), cancellationToken);
                await DeleteAsync(archive.Client, studyUid, cancellationToken);

                // Two rounds in opposite orders (direct first, then Consilium first), so neither path gains from going second.
                TimeSpan direct = default, through = default;
                double baseline = 0, peak = 0;
                await stderr.Status().StartAsync("Uploading", async status =>
                {
                    for (var round = 0; round < 2; round++)
                    {
                        foreach (var viaConsilium in round == 0 ? new[] { false, true } : [true, false])
                        {
                            await DeleteAsync(archive.Client, studyUid, cancellationToken);
                            if (viaConsilium)
                            {
                                status.Status($"Round {round + 1}: uploading through Consilium");
                                GC.Collect();
                                baseline = Math.Max(baseline, WorkingSetMB());
                                using var sampler = new PeakSampler();
                                through += await ThroughConsiliumAsync(consilium, caseId, files, cancellationToken);
                                peak = Math.Max(peak, sampler.PeakMB);
                            }
                            else
                            {
                                status.Status($"Round {round + 1}: uploading directly to Orthanc");
                                direct += await DirectAsync(archive.Client, files, cancellationToken);
                            }
                        }
                    }
                });
                direct /= 2;
                through /= 2;
                var stored = (await archive.Client.QidoAsync($"studies?StudyInstanceUID={studyUid}&includefield=00201208")).FirstOrDefault()?.Number("00201208");
                if (stored != files.Count)
                {
                    await Console.Error.WriteLineAsync($"Consilium stored {stored?.ToString(CultureInfo.InvariantCulture) ?? "no"} instances of {files.Count}.");
                    return ExitCodes.Failure;
                }
                var mb = bytes / (1024.0 * 1024.0);
                var result = new BenchImagingResult(files.Count, Math.Round(mb, 1), Math.Round(mb / direct.TotalSeconds, 1), Math.Round(mb / through.TotalSeconds, 1),
                    Math.Round(direct.TotalSeconds / through.TotalSeconds, 3), Math.Round(peak, 1), Math.Round(peak - baseline, 1));
                if (settings.Json)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(result, BenchImagingJson.Default.BenchImagingResult));
                }
                else
                {
                    AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                        $"{result.Files} files, {result.Megabytes:0.0} MB: direct to Orthanc [bold]{result.DirectMBps:0.0} MB/s[/] ({direct.TotalSeconds:0.00} s), through Consilium [bold]{result.ConsiliumMBps:0.0} MB/s[/] ({through.TotalSeconds:0.00} s), ratio [bold]{result.Ratio:P0}[/] (target ≥ 80%); peak working set while Consilium took the upload {result.PeakMemoryMB:0.0} MB (+{result.PeakGrowthMB:0.0} MB over before)."));
                }
                await app.StopAsync(cancellationToken);
            }
            return ExitCodes.Ok;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Left to the system's temp cleaning.
            }
        }
    }

    private static async Task<(Guid CaseId, string Token)> PatientCaseAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsiliumUser>>();
        var user = new ConsiliumUser { UserName = "bench@bench.example", Email = "bench@bench.example", EmailConfirmed = true, DisplayName = "Bench patient", CreatedAt = DateTimeOffset.UtcNow };
        await users.CreateAsync(user, "Bench-Password-" + Guid.NewGuid().ToString("N"));
        await users.AddToRoleAsync(user, ConsiliumRoles.Patient);
        var now = DateTimeOffset.UtcNow;
        var c = new SecondOpinionCase(Guid.NewGuid(), new CaseFile(), $"Bench patient ({user.Id})", now, user.Id);
        await app.Services.GetRequiredService<ConsiliumDatabase>().Cases.AddAsync(c, cancellationToken);
        var (_, token) = await app.Services.GetRequiredService<PersonalAccessTokens>().IssueAsync(user.Id, "bench", "bench imaging", null);
        return (c.Id, token);
    }

    private static async Task<TimeSpan> DirectAsync(OrthancClient orthanc, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            await orthanc.StoreInstanceAsync(stream, cancellationToken);
        }
        return watch.Elapsed;
    }

    private static async Task<TimeSpan> ThroughConsiliumAsync(HttpClient consilium, Guid caseId, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var part = new StreamContent(File.OpenRead(file), 81920);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            form.Add(part, "files", Path.GetFileName(file));
        }
        using var response = await consilium.PostAsync(new Uri($"/api/cases/{caseId}/imaging", UriKind.Relative), form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Consilium refused the upload: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        return watch.Elapsed;
    }

    private static async Task DeleteAsync(OrthancClient orthanc, string studyUid, CancellationToken cancellationToken)
    {
        using var response = await orthanc.Http.PostAsync(new Uri("tools/lookup", UriKind.Relative), new StringContent(studyUid), cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        foreach (var hit in json.RootElement.EnumerateArray().Where(h => h.GetProperty("Type").GetString() == "Study"))
        {
            await orthanc.DeleteStudyAsync(hit.GetProperty("ID").GetString()!, cancellationToken);
        }
    }

    private static double WorkingSetMB()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / (1024.0 * 1024.0);
    }

    /// <summary>Samples the working set every 20 ms until disposed.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private double _peak;

        public PeakSampler() => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, WorkingSetMB());
                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        public double PeakMB => Math.Max(_peak, WorkingSetMB());

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }
    }
}

/// <summary>The one JSON object <c>consilium bench imaging --json</c> prints.</summary>
internal sealed record BenchImagingResult(int Files, double Megabytes, double DirectMBps, double ConsiliumMBps, double Ratio, double PeakMemoryMB, double PeakGrowthMB);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(BenchImagingResult))]
internal sealed partial class BenchImagingJson : System.Text.Json.Serialization.JsonSerializerContext;
