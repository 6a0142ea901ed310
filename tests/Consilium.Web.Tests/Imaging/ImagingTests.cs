using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Consilium.Imaging.Synthetic;
using Hl7.Fhir.Serialization;
using Consilium.Storage.Audit;
using Consilium.Web.Features.Imaging;
using Consilium.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Consilium.Web.Tests.Imaging;

/// <summary>Imaging through the real platform and a real private Orthanc: upload, listing, the authorised archive proxy, bad input.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ImagingTests(Platform platform)
{
    private ImagingArchive Archive => platform.App.Services.GetRequiredService<ImagingArchive>();

    private ImagingArchive RequireArchive()
    {
        var required = Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_ORTHANC") == "1";
        Assert.False(required && !Archive.IsAvailable, $"CONSILIUM_REQUIRE_ORTHANC=1 but {Archive.Unavailable}");
        Skip.If(!Archive.IsAvailable, $"Skipped: {Archive.Unavailable}");
        Skip.If(SyntheticStudy.Dump2Dcm() is null, "Skipped: dcmtk is not installed (apt-get install dcmtk).");
        return Archive;
    }

    private static HttpClient Api(Platform platform, TestAccount account)
    {
        var client = new HttpClient { BaseAddress = platform.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
        return client;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid caseId, params (string Name, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }
        return await client.PostAsync(new Uri($"/api/cases/{caseId}/imaging", UriKind.Relative), form);
    }

    private async Task<(string Uid, IReadOnlyList<string> Files)> StudyAsync(params SyntheticSeries[] series)
    {
        var dir = Path.Combine(platform.DataDirectory, "synthetic", Guid.NewGuid().ToString("N")[..8]);
        return await SyntheticStudy.WriteAsync(dir, series, "CT ABDOMEN PELVIS", "20240311");
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    [SkippableFact]
    public async Task GivenAMultiSeriesStudyZip_WhenThePatientUploadsIt_ThenTheCaseListsItAndTheAssignedRadiologistGetsARenderedFrameThroughConsilium()
    {
        var archive = RequireArchive();
        var (uid, files) = await StudyAsync(new SyntheticSeries("CT", "ABDOMEN", "AXIAL", 3), new SyntheticSeries("CT", "ABDOMEN", "CORONAL", 2), new SyntheticSeries("MR", "ABDOMEN", "T2", 2));
        using var patient = Api(platform, platform.PatientA);

        using var upload = await UploadAsync(patient, platform.CaseA, ("cd.zip", Zip(files.Select(f => ("DICOM/" + Path.GetFileName(Path.GetDirectoryName(f)) + "/" + Path.GetFileName(f), File.ReadAllBytes(f))).Append(("DICOM/notes.txt", "scanner notes"u8.ToArray())))));

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        using (var json = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()))
        {
            Assert.Equal(7, json.RootElement.GetProperty("instances").GetInt32());
            Assert.Equal("DICOM/notes.txt", json.RootElement.GetProperty("skipped")[0].GetProperty("name").GetString()!.Split(": ")[1]);
        }
        var study = Assert.Single(await platform.Database.Imaging.StudiesAsync(platform.CaseA), s => s.Study.StudyInstanceUid == uid);
        Assert.Equal((3, 7, "ABDOMEN"), (study.Study.SeriesCount, study.Study.InstanceCount, study.Study.BodyPart));

        using var radiologist = platform.NewSession();
        await radiologist.SignInAsync(platform.ExpertA);
        var page = await radiologist.GetPageAsync($"/cases/{platform.CaseA}");
        Assert.Contains("CT ABDOMEN PELVIS", page, StringComparison.Ordinal);
        Assert.Contains("web-viewer/app/viewer.html?series=" + study.Study.Series[0].ArchiveId, page, StringComparison.Ordinal);

        var series = study.Study.Series[0].SeriesInstanceUid;
        var instance = (await archive.Client.InstanceUidsAsync(uid, series))[0];
        var frame = $"/cases/{platform.CaseA}/imaging/archive/dicom-web/studies/{uid}/series/{series}/instances/{instance}/frames/1/rendered";
        var before = await platform.Database.Audit.CountAsync(new AuditQuery(CaseId: platform.CaseA, Action: "imaging.view"));
        using var request = new HttpRequestMessage(HttpMethod.Get, frame);
        request.Headers.Accept.ParseAdd("image/png");
        using var rendered = await radiologist.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, rendered.StatusCode);
        Assert.Equal("image/png", rendered.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await rendered.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(before + 1, await platform.Database.Audit.CountAsync(new AuditQuery(CaseId: platform.CaseA, Action: "imaging.view")));

        using (var qido = new HttpRequestMessage(HttpMethod.Get, $"/cases/{platform.CaseA}/imaging/archive/dicom-web/studies/{uid}/series"))
        {
            qido.Headers.Accept.ParseAdd("application/dicom+json");
            using var series3 = await radiologist.Client.SendAsync(qido);
            var body = await series3.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, series3.StatusCode);
            Assert.Contains($"{platform.BaseUri.Authority}/cases/{platform.CaseA}/imaging/archive/dicom-web/studies/{uid}/series/", body, StringComparison.Ordinal);
            Assert.DoesNotContain(archive.BaseUri.Authority, body, StringComparison.Ordinal);
        }

        using var viewerSeries = await radiologist.GetAsync($"/cases/{platform.CaseA}/imaging/archive/web-viewer/series/{study.Study.Series[0].ArchiveId}");
        Assert.Equal(HttpStatusCode.OK, viewerSeries.StatusCode);

        foreach (var outsider in new[] { platform.PatientB, platform.ExpertB })
        {
            using var session = platform.NewSession();
            await session.SignInAsync(outsider);
            using var denied = await session.GetAsync(frame);
            Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
            using var deniedSeries = await session.GetAsync($"/cases/{platform.CaseA}/imaging/archive/web-viewer/series/{study.Study.Series[0].ArchiveId}");
            Assert.Equal(HttpStatusCode.NotFound, deniedSeries.StatusCode);
        }
    }

    [SkippableFact]
    public async Task GivenAStudyLinkedToAnotherCase_WhenRequestedThroughACaseTheUserMaySee_ThenItIs404()
    {
        RequireArchive();
        var (uid, files) = await StudyAsync(new SyntheticSeries("MR", "HEAD", "FLAIR", 2));
        using var patient = Api(platform, platform.PatientA);
        using (var upload = await UploadAsync(patient, platform.DraftA, [.. files.Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))]))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        var other = Assert.Single(await platform.Database.Imaging.StudiesAsync(platform.DraftA), s => s.Study.StudyInstanceUid == uid);

        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientA);
        using var viaOwnCase = await session.GetAsync($"/cases/{platform.DraftA}/imaging/archive/web-viewer/series/{other.Study.Series[0].ArchiveId}");
        using var viaOtherCase = await session.GetAsync($"/cases/{platform.CaseA}/imaging/archive/web-viewer/series/{other.Study.Series[0].ArchiveId}");
        using var qidoAll = await session.GetAsync($"/cases/{platform.CaseA}/imaging/archive/dicom-web/studies");
        using var system = await session.GetAsync($"/cases/{platform.CaseA}/imaging/archive/system");

        Assert.Equal(HttpStatusCode.OK, viaOwnCase.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, viaOtherCase.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, qidoAll.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, system.StatusCode);
    }

    [SkippableFact]
    public async Task GivenAZipWithAPathTraversalEntry_WhenUploaded_ThenItIsRefusedWithTheEntryNamedAndNothingIsLinkedOrArchived()
    {
        var archive = RequireArchive();
        var (uid, files) = await StudyAsync(new SyntheticSeries("CR", "CHEST", "PA", 2));
        using var patient = Api(platform, platform.PatientA);

        using var upload = await UploadAsync(patient, platform.CaseA, ("evil.zip", Zip(files.Select(f => ("../../" + Path.GetFileName(f), File.ReadAllBytes(f))))));

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Equal("application/problem+json", upload.Content.Headers.ContentType?.MediaType);
        Assert.Contains("points outside the archive", await upload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await platform.Database.Imaging.StudiesAsync(platform.CaseA), s => s.Study.StudyInstanceUid == uid);
        Assert.Empty(await archive.Client.QidoAsync($"studies?StudyInstanceUID={uid}"));
    }

    [SkippableFact]
    public async Task GivenATruncatedDicomAfterGoodOnes_WhenUploaded_ThenItIsRefusedByNameAndTheGoodOnesAreRemovedFromTheArchive()
    {
        var archive = RequireArchive();
        var (uid, files) = await StudyAsync(new SyntheticSeries("CT", "CHEST", "AXIAL", 3, 128, 128));
        using var patient = Api(platform, platform.PatientA);

        using var upload = await UploadAsync(patient, platform.CaseA,
            ("IM0001.dcm", File.ReadAllBytes(files[0])), ("IM0002.dcm", File.ReadAllBytes(files[1])), ("IM0003.dcm", File.ReadAllBytes(files[2])[..4000]));

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("IM0003.dcm", await upload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await platform.Database.Imaging.StudiesAsync(platform.CaseA), s => s.Study.StudyInstanceUid == uid);
        Assert.Empty(await archive.Client.QidoAsync($"studies?StudyInstanceUID={uid}"));
    }

    [SkippableFact]
    public async Task GivenATextFileRenamedDcm_WhenUploadedFromTheCasePage_ThenThePatientSeesWhyAndNothingIsKept()
    {
        RequireArchive();
        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientA);
        var page = await session.GetPageAsync($"/cases/{platform.CaseA}");
        var before = (await platform.Database.Imaging.StudiesAsync(platform.CaseA)).Count;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Session.Token(page)), "__RequestVerificationToken" },
            { new StringContent($"/cases/{platform.CaseA}"), "returnUrl" },
            { new ByteArrayContent("Report: no acute findings."u8.ToArray()), "files", "scan.dcm" },
        };

        using var response = await session.Client.PostAsync(new Uri($"/cases/{platform.CaseA}/imaging", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("“scan.dcm” is not a DICOM file", body, StringComparison.Ordinal);
        Assert.Contains("Nothing was kept", body, StringComparison.Ordinal);
        Assert.Equal(before, (await platform.Database.Imaging.StudiesAsync(platform.CaseA)).Count);
    }

    [SkippableFact]
    public async Task GivenAnExpertNotOnTheCase_WhenUploadingImaging_ThenItIs404()
    {
        RequireArchive();
        var (_, files) = await StudyAsync(new SyntheticSeries("CT", "HEAD", "AXIAL", 1));
        using var expert = Api(platform, platform.ExpertB);

        using var upload = await UploadAsync(expert, platform.CaseA, ("IM0001.dcm", File.ReadAllBytes(files[0])));

        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
    }

    [Fact]
    public async Task GivenAFiledReread_WhenAPartyExportsIt_ThenItIsAFhirDiagnosticReportWithTheRadpeerScoreAndOutsidersGet404()
    {
        using var patient = platform.NewSession();
        await patient.SignInAsync(platform.PatientA);
        using var outsider = platform.NewSession();
        await outsider.SignInAsync(platform.PatientB);

        using var response = await patient.GetAsync($"/cases/{platform.CaseA}/imaging/rereads/{platform.RereadA}/fhir");
        using var denied = await outsider.GetAsync($"/cases/{platform.CaseA}/imaging/rereads/{platform.RereadA}/fhir");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var report = new FhirJsonDeserializer().Deserialize<Hl7.Fhir.Model.DiagnosticReport>(await response.Content.ReadAsStringAsync());
        Assert.Equal("1", report.ConclusionCode[0].Coding[0].Code);
        Assert.Equal("Normal knee radiographs.", report.Conclusion);
        Assert.Equal("urn:oid:1.2.826.0.1.3680043.2.1125", report.ImagingStudy[0].Identifier?.Value);
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
    }

    [Theory]
    [InlineData("web-viewer/app/viewer.html", ArchiveRequestKind.ViewerAsset)]
    [InlineData("web-viewer/libs/jquery.js", ArchiveRequestKind.ViewerAsset)]
    [InlineData("web-viewer/series/80ac8518-9a406290-87bfb3e1-c951612e-3c3046c2", ArchiveRequestKind.Resource)]
    [InlineData("web-viewer/instances/jpeg95-aeebd093-9e2f6090-05110e9e-19d5e828-2b905f17_0", ArchiveRequestKind.Resource)]
    [InlineData("instances/aeebd093-9e2f6090-05110e9e-19d5e828-2b905f17/file", ArchiveRequestKind.Resource)]
    [InlineData("dicom-web/studies/1.2.840.1/series", ArchiveRequestKind.DicomWebStudy)]
    [InlineData("dicom-web/studies", ArchiveRequestKind.Refused)]
    [InlineData("instances", ArchiveRequestKind.Refused)]
    [InlineData("tools/shutdown", ArchiveRequestKind.Refused)]
    [InlineData("web-viewer/app/../../system", ArchiveRequestKind.Refused)]
    [InlineData("web-viewer/series/..%2Fsystem", ArchiveRequestKind.Refused)]
    [InlineData("studies/87e711ea-2d3dc01a-6a83b89d-38ce157c-758ed599", ArchiveRequestKind.Refused)]
    public void GivenAPathUnderTheArchiveProxy_WhenParsed_ThenOnlyViewerFilesAndStudyScopedRequestsPass(string path, ArchiveRequestKind kind) =>
        Assert.Equal(kind, ArchiveRequest.Parse(path).Kind);
}
