using System.IO.Compression;
using Consilium.Imaging.Import;
using Consilium.Imaging.Orthanc;
using Consilium.Imaging.Synthetic;

namespace Consilium.Imaging.Tests;

[Collection(OrthancCollection.Name)]
public sealed class ImportTests(OrthancFixture fixture)
{
    private static readonly SyntheticSeries[] ThreeSeries =
    [
        new("CT", "ABDOMEN", "AXIAL", 3),
        new("CT", "ABDOMEN", "CORONAL", 2),
        new("MR", "ABDOMEN", "T2", 2),
    ];

    private static Task<Stream> SpoolToMemory(Stream zip, CancellationToken cancellationToken) => SpoolAsync(zip, cancellationToken);

    private static async Task<Stream> SpoolAsync(Stream zip, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        await zip.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        return copy;
    }

    [SkippableFact]
    public async Task GivenAMultiSeriesStudyAsLooseFiles_WhenImported_ThenTheArchiveDescribesItsSeriesCountsModalitiesBodyPartDateAndDescription()
    {
        var orthanc = fixture.Require();
        var (uid, files) = await SyntheticStudy.WriteAsync(fixture.NewDirectory(), ThreeSeries, "CT ABDOMEN PELVIS", "20240311");
        var import = new StudyImport(orthanc.Client);

        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            await import.AddAsync(Path.GetFileName(file), stream, SpoolToMemory);
        }
        var study = Assert.Single(await import.DescribeStudiesAsync());

        Assert.Equal(7, import.Instances);
        Assert.Equal(uid, study.StudyInstanceUid);
        Assert.Equal(3, study.SeriesCount);
        Assert.Equal(7, study.InstanceCount);
        Assert.Equal(["CT", "MR"], study.Modalities.Order(StringComparer.Ordinal));
        Assert.Equal("ABDOMEN", study.BodyPart);
        Assert.Equal(new DateOnly(2024, 3, 11), study.StudyDate);
        Assert.Equal("CT ABDOMEN PELVIS", study.Description);
        Assert.Equal([2, 2, 3], study.Series.Select(s => s.Instances).Order());
        Assert.All(study.Series, s => Assert.True(OrthancClient.IsOrthancId(s.ArchiveId)));
    }

    [SkippableFact]
    public async Task GivenAZipOfAFolderExportWithADicomdirAndAReadme_WhenImported_ThenTheImagesAreStoredAndTheOthersReportedAsSkipped()
    {
        var orthanc = fixture.Require();
        var dir = fixture.NewDirectory();
        var (uid, files) = await SyntheticStudy.WriteAsync(dir, ThreeSeries[..2]);
        var zip = Zip(files.Select(f => ("EXPORT/" + Path.GetRelativePath(dir, f), File.ReadAllBytes(f)))
            .Append(("EXPORT/DICOMDIR", DicomDirLookalike()))
            .Append(("EXPORT/README.TXT", "Burned by the hospital PACS"u8.ToArray())));
        var import = new StudyImport(orthanc.Client);

        await import.AddAsync("cd-export.zip", new MemoryStream(zip), SpoolToMemory);

        Assert.Equal(uid, Assert.Single(await import.DescribeStudiesAsync()).StudyInstanceUid);
        Assert.Equal(5, import.Instances);
        Assert.Equal(["cd-export.zip: EXPORT/DICOMDIR", "cd-export.zip: EXPORT/README.TXT"], import.Skipped.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Contains(import.Skipped, s => s.Reason == "not a DICOM file");
    }

    [SkippableFact]
    public async Task GivenAZipWithAPathTraversalEntry_WhenImported_ThenItIsRefusedBeforeAnyImageReachesTheArchive()
    {
        var orthanc = fixture.Require();
        var (uid, files) = await SyntheticStudy.WriteAsync(fixture.NewDirectory(), ThreeSeries[..1]);
        var zip = Zip(files.Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).Append(("../../etc/cron.d/evil.dcm", File.ReadAllBytes(files[0]))));
        var import = new StudyImport(orthanc.Client);

        var e = await Assert.ThrowsAsync<ImagingUploadRejectedException>(() => import.AddAsync("evil.zip", new MemoryStream(zip), SpoolToMemory));

        Assert.Contains("../../etc/cron.d/evil.dcm", e.Message, StringComparison.Ordinal);
        Assert.Empty(await orthanc.Client.QidoAsync($"studies?StudyInstanceUID={uid}"));
    }

    [SkippableFact]
    public async Task GivenAZipBomb_WhenImported_ThenItIsRefusedAsABombAndNothingIsStored()
    {
        var orthanc = fixture.Require();
        var import = new StudyImport(orthanc.Client);
        var zip = Zip([("bomb.dcm", new byte[64 * 1024 * 1024])]);

        var e = await Assert.ThrowsAsync<ImagingUploadRejectedException>(() => import.AddAsync("bomb.zip", new MemoryStream(zip), SpoolToMemory));

        Assert.Contains("ZIP bomb", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, import.Instances);
    }

    [SkippableFact]
    public async Task GivenATruncatedDicomAfterAGoodOne_WhenImportedAndRolledBack_ThenTheFileIsNamedAndTheGoodOneIsDeletedAgain()
    {
        var orthanc = fixture.Require();
        var (uid, files) = await SyntheticStudy.WriteAsync(fixture.NewDirectory(), [new SyntheticSeries("CT", "CHEST", "AXIAL", 2, 128, 128)]);
        var import = new StudyImport(orthanc.Client);
        await using (var good = File.OpenRead(files[0]))
        {
            await import.AddAsync("IM0001.dcm", good, SpoolToMemory);
        }
        await import.CompleteAsync();
        Assert.Single(await orthanc.Client.QidoAsync($"studies?StudyInstanceUID={uid}"));
        var truncated = File.ReadAllBytes(files[1])[..3000];

        var e = await Assert.ThrowsAsync<ImagingUploadRejectedException>(async () =>
        {
            await import.AddAsync("IM0002.dcm", new MemoryStream(truncated), SpoolToMemory);
            await import.CompleteAsync();
        });
        await import.RollbackAsync();

        Assert.Contains("IM0002.dcm", e.Message, StringComparison.Ordinal);
        Assert.Empty(await orthanc.Client.QidoAsync($"studies?StudyInstanceUID={uid}"));
    }

    [SkippableFact]
    public async Task GivenATextFileRenamedDcm_WhenImported_ThenItIsRefusedAsNotDicom()
    {
        var orthanc = fixture.Require();
        var import = new StudyImport(orthanc.Client);

        var e = await Assert.ThrowsAsync<ImagingUploadRejectedException>(() =>
            import.AddAsync("scan.dcm", new MemoryStream("This is the radiology report, not an image."u8.ToArray()), SpoolToMemory));

        Assert.Contains("“scan.dcm” is not a DICOM file", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, import.Instances);
    }

    [SkippableFact]
    public async Task GivenAStudyAlreadyInTheArchive_WhenASecondUploadOfItIsRolledBack_ThenTheArchiveKeepsIt()
    {
        var orthanc = fixture.Require();
        var (uid, files) = await SyntheticStudy.WriteAsync(fixture.NewDirectory(), ThreeSeries[..1]);
        var first = new StudyImport(orthanc.Client);
        foreach (var f in files)
        {
            await using var s = File.OpenRead(f);
            await first.AddAsync(f, s, SpoolToMemory);
        }
        await first.CompleteAsync();

        var second = new StudyImport(orthanc.Client);
        await using (var again = File.OpenRead(files[0]))
        {
            await second.AddAsync(files[0], again, SpoolToMemory);
        }
        await second.RollbackAsync();

        var study = Assert.Single(await orthanc.Client.QidoAsync($"studies?StudyInstanceUID={uid}&includefield=00201208"));
        Assert.Equal(3, study.Number("00201208"));
    }

    [SkippableFact]
    public async Task GivenAStudyStoredWithStow_WhenAFrameIsRequestedRendered_ThenWadoRsReturnsAPng()
    {
        var orthanc = fixture.Require();
        var (uid, files) = await SyntheticStudy.WriteAsync(fixture.NewDirectory(), ThreeSeries[..1]);

        var (stored, failed) = await orthanc.Client.StowAsync(files.Select(f => (Func<Stream>)(() => File.OpenRead(f))));
        var series = Assert.Single(await orthanc.Client.QidoAsync($"studies/{uid}/series")).Text("0020000E")!;
        var instance = (await orthanc.Client.InstanceUidsAsync(uid, series))[0];
        var png = await orthanc.Client.RenderedFrameAsync(uid, series, instance);

        Assert.Equal((3, 0), (stored, failed));
        Assert.NotNull(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [SkippableFact]
    public async Task GivenFilesLargerThanTheBufferAndStoresOneAtATime_WhenImported_ThenTheyStreamThroughAndAllAreStored()
    {
        var orthanc = fixture.Require();
        var (uid, files) = await SyntheticStudy.WriteAsync(fixture.NewDirectory(), [new SyntheticSeries("CT", "CHEST", "AXIAL", 3, 256, 256)]);
        foreach (var limits in new[] { new ImportLimits { BufferFilesUpToBytes = 4096 }, new ImportLimits { StoresInFlight = 1 } })
        {
            var import = new StudyImport(orthanc.Client, limits);
            foreach (var f in files)
            {
                await using var s = File.OpenRead(f);
                await import.AddAsync(Path.GetFileName(f), s, SpoolToMemory);
            }

            var study = Assert.Single(await import.DescribeStudiesAsync());

            Assert.Equal((uid, 3), (study.StudyInstanceUid, study.InstanceCount));
            Assert.Equal(files.Sum(f => new FileInfo(f).Length), import.Bytes);
            await orthanc.Client.DeleteStudyAsync(study.ArchiveId);
        }
    }

    [Theory]
    [InlineData("a/b/c.dcm", true)]
    [InlineData("DICOM/IM0001", true)]
    [InlineData("../x.dcm", false)]
    [InlineData("a/../../x.dcm", false)]
    [InlineData("a\\..\\x.dcm", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("C:/Windows/x.dcm", false)]
    public void GivenAZipEntryName_WhenChecked_ThenOnlyRelativePathsInsideTheArchiveAreSafe(string name, bool safe) =>
        Assert.Equal(safe, StudyImport.IsSafeEntryName(name));

    internal static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A DICOMDIR starts like any Part 10 file (preamble and DICM); the importer must skip it by name.</summary>
    private static byte[] DicomDirLookalike()
    {
        var bytes = new byte[256];
        "DICM"u8.CopyTo(bytes.AsSpan(128));
        return bytes;
    }
}
