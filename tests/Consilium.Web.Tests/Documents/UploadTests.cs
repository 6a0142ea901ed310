using System.Net;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Documents;

/// <summary>Uploads: refused ones get a clear 4xx and leave nothing behind; a valid FHIR Bundle is parsed into the draft.</summary>
[Collection(PlatformCollection.Name)]
public sealed class UploadTests(Platform platform)
{
    private string ReturnUrl => $"/intake/{platform.DraftA}/3";

    [Fact]
    public async Task An_oversized_file_gets_413_and_nothing_is_stored()
    {
        using var session = await PatientAsync();
        var before = await CountAsync();
        var content = new byte[Platform.UploadLimit + 1];
        "%PDF-1.4\n"u8.CopyTo(content);
        using var response = await session.UploadAsync(platform.DraftA, ReturnUrl, "scan.pdf", content, "application/pdf");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too large", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Text_behind_a_pdf_name_is_refused_by_its_bytes_and_nothing_is_stored()
    {
        using var session = await PatientAsync();
        var before = await CountAsync();
        using var response = await session.UploadAsync(platform.DraftA, ReturnUrl, "letter.pdf", "MZ this is not a pdf \u0000\u0001\u0002"u8.ToArray(), "application/pdf");
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"got {(int)response.StatusCode}");
        Assert.Contains("not uploaded", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_malformed_fhir_bundle_gets_400_naming_the_problem_and_neither_the_file_nor_the_case_changes()
    {
        using var session = await PatientAsync();
        var before = await CountAsync();
        var fileBefore = (await platform.Database.Cases.GetAsync(platform.DraftA))!.File;
        using var response = await session.UploadAsync(platform.DraftA, ReturnUrl, "records.json", """{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","birthDate":12}}]}"""u8.ToArray(), "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("FHIR", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
        var fileAfter = (await platform.Database.Cases.GetAsync(platform.DraftA))!.File;
        Assert.Equal(fileBefore.Conditions.Count, fileAfter.Conditions.Count);
    }

    [Fact]
    public async Task A_valid_fhir_bundle_is_stored_encrypted_and_its_conditions_join_the_draft()
    {
        using var session = await PatientAsync();
        var before = await CountAsync();
        var bundle = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bundle.json"));
        using var response = await session.UploadAsync(platform.DraftA, ReturnUrl, "hospital-export.json", bundle, "application/fhir+json");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("uploaded=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(before + 1, await CountAsync());
        var file = (await platform.Database.Cases.GetAsync(platform.DraftA))!.File;
        Assert.Contains(file.Conditions, c => !c.Source.StartsWith("intake:", StringComparison.Ordinal));
        var stored = (await platform.Documents.ListAsync(platform.DraftA)).Single(d => d.FileName == "hospital-export.json");
        var onDisk = Directory.EnumerateFiles(Path.Combine(platform.DataDirectory, "documents"), "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(onDisk);
        Assert.DoesNotContain(onDisk, f => File.ReadAllBytes(f).AsSpan().IndexOf("\"resourceType\""u8) >= 0);
        Assert.Equal(bundle.Length, stored.Length);
    }

    [Fact]
    public async Task An_upload_without_the_antiforgery_token_is_refused()
    {
        using var session = await PatientAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n"u8.ToArray()), "file", "a.pdf" } };
        using var response = await session.Client.PostAsync(new Uri($"/cases/{platform.DraftA}/documents", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<Session> PatientAsync()
    {
        var session = platform.NewSession();
        await session.SignInAsync(platform.PatientA);
        return session;
    }

    private async Task<int> CountAsync() => (await platform.Documents.ListAsync(platform.DraftA)).Count;
}
