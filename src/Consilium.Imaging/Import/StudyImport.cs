using System.IO.Compression;
using Consilium.Domain.Imaging;
using Consilium.Imaging.Orthanc;

namespace Consilium.Imaging.Import;

/// <summary>Limits an upload is checked against before anything from a ZIP reaches the archive.</summary>
public sealed record ImportLimits
{
    /// <summary>Most entries in one ZIP.</summary>
    public int MaxZipEntries { get; init; } = 20_000;

    /// <summary>Most bytes all the entries of one ZIP may expand to.</summary>
    public long MaxExpandedBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Largest expansion of one entry (uncompressed / compressed) once it is over <see cref="RatioCheckAboveBytes"/>; DICOM rarely compresses 10:1.</summary>
    public double MaxCompressionRatio { get; init; } = 100;

    public long RatioCheckAboveBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Loose files up to this size are read into memory so that the next one is received while the archive stores this one;
    /// larger ones stream straight through. Memory stays below <see cref="StoresInFlight"/> × this, whatever the upload's size.
    /// </summary>
    public int BufferFilesUpToBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>How many buffered files the archive may be storing at once (1: one after the other).</summary>
    public int StoresInFlight { get; init; } = 4;
}

/// <summary>The whole upload is refused (nothing is kept): <see cref="Exception.Message"/> names the file and the problem.</summary>
public sealed class ImagingUploadRejectedException : Exception
{
    public ImagingUploadRejectedException(string message) : base(message) { }
    public ImagingUploadRejectedException() { }
    public ImagingUploadRejectedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A file that was not imported, and why (a ZIP's non-DICOM entries, the DICOMDIR index).</summary>
public sealed record SkippedFile(string Name, string Reason);

/// <summary>
/// One upload of DICOM into the archive: loose files (one by one, as they arrive), ZIPs and DICOMDIR folder exports. Each
/// file is streamed to Orthanc as it is read (no copy in memory). A loose file that is not DICOM, or a DICOM file Orthanc
/// cannot read, refuses the whole upload; a ZIP is checked whole (path traversal, bomb) before any entry is sent, and its
/// non-DICOM entries are skipped and reported. On refusal or failure call <see cref="RollbackAsync"/>: every instance this
/// upload added to the archive (not those it already had) is deleted again.
/// </summary>
public sealed class StudyImport(OrthancClient orthanc, ImportLimits? limits = null)
{
    /// <summary>The DICOM Part 10 preamble (128 bytes) and the magic <c>DICM</c>.</summary>
    public const int PreambleLength = 132;

    private readonly ImportLimits _limits = limits ?? new ImportLimits();
    private readonly Lock _gate = new();
    private readonly List<Task> _storing = [];
    private readonly List<string> _added = [];
    private readonly HashSet<string> _studies = new(StringComparer.Ordinal);
    private readonly List<SkippedFile> _skipped = [];

    /// <summary>Orthanc ids of the studies this upload touched.</summary>
    public IReadOnlyCollection<string> Studies => _studies;

    public IReadOnlyList<SkippedFile> Skipped => _skipped;

    /// <summary>DICOM instances sent (new or already in the archive).</summary>
    public int Instances { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Imports one uploaded file: a ZIP (by its first bytes) or one DICOM file.</summary>
    public async Task AddAsync(string name, Stream content, Func<Stream, CancellationToken, Task<Stream>> spoolZip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(spoolZip);
        var head = await ReadHeadAsync(content, cancellationToken);
        var whole = new PrefixedStream(head, content);
        if (IsZip(head))
        {
            await using var zip = await spoolZip(whole, cancellationToken);
            await AddZipAsync(name, zip, cancellationToken);
            return;
        }
        if (IsDicomDirIndex(name))
        {
            _skipped.Add(new SkippedFile(name, "the DICOMDIR index of a folder export (the images beside it are imported)"));
            await whole.CopyToAsync(Stream.Null, cancellationToken);
            return;
        }
        if (!IsDicom(head))
        {
            throw new ImagingUploadRejectedException($"“{name}” is not a DICOM file (no DICM marker after the 128-byte preamble). Nothing was kept.");
        }
        await StorePipelinedAsync(name, whole, cancellationToken);
    }

    /// <summary>Waits until the archive has stored every file sent so far; throws the first refusal.</summary>
    public async Task CompleteAsync()
    {
        Task[] storing;
        lock (_gate)
        {
            storing = [.. _storing];
            _storing.Clear();
        }
        await Task.WhenAll(storing);
    }

    /// <summary>Imports the DICOM entries of a ZIP (seekable); the whole archive is checked before any entry is sent.</summary>
    public async Task AddZipAsync(string name, Stream zip, CancellationToken cancellationToken = default)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ImagingUploadRejectedException($"“{name}” is not a readable ZIP file ({e.Message}). Nothing was kept.", e);
        }
        using (archive)
        {
            var files = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            CheckZip(name, files);
            foreach (var entry in files)
            {
                var entryName = $"{name}: {entry.FullName}";
                if (IsDicomDirIndex(entry.Name))
                {
                    _skipped.Add(new SkippedFile(entryName, "the DICOMDIR index of a folder export (the images beside it are imported)"));
                    continue;
                }
                await using var raw = entry.Open();
                await using var bounded = new BoundedStream(raw, entry.Length, entryName);
                var head = await ReadHeadAsync(bounded, cancellationToken);
                if (!IsDicom(head))
                {
                    _skipped.Add(new SkippedFile(entryName, "not a DICOM file"));
                    continue;
                }
                await StorePipelinedAsync(entryName, new PrefixedStream(head, bounded), cancellationToken);
            }
        }
    }

    /// <summary>Deletes from the archive every instance this upload added; what was there before stays.</summary>
    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await CompleteAsync();
        }
        catch (Exception e) when (e is ImagingUploadRejectedException or HttpRequestException or IOException or OperationCanceledException)
        {
            // The upload is being abandoned: what was stored is deleted below either way.
        }
        foreach (var id in _added)
        {
            await orthanc.DeleteInstanceAsync(id, cancellationToken);
        }
        _added.Clear();
    }

    /// <summary>What the archive says about every study this upload touched.</summary>
    public async Task<IReadOnlyList<ImagingStudy>> DescribeStudiesAsync(CancellationToken cancellationToken = default)
    {
        await CompleteAsync();
        var studies = new List<ImagingStudy>();
        foreach (var id in _studies.Order(StringComparer.Ordinal))
        {
            if (await orthanc.DescribeStudyAsync(id, cancellationToken) is { } study)
            {
                studies.Add(study);
            }
        }
        return studies;
    }

    /// <summary>A file small enough is read into memory and stored while the next one is received; a larger one streams through.</summary>
    private async Task StorePipelinedAsync(string name, Stream dicom, CancellationToken cancellationToken)
    {
        if (_limits.StoresInFlight <= 1)
        {
            await StoreAsync(name, dicom, cancellationToken);
            return;
        }
        var buffer = new PooledBuffer();
        if (!await buffer.FillAsync(dicom, _limits.BufferFilesUpToBytes, cancellationToken))
        {
            // Too large to hold: send what was read, then the rest as it arrives.
            var head = buffer.ToArray();
            await buffer.DisposeAsync();
            await CompleteAsync();
            await StoreAsync(name, new PrefixedStream(head, dicom), cancellationToken);
            return;
        }
        Task oldest;
        lock (_gate)
        {
            _storing.Add(StoreBufferedAsync(name, buffer, cancellationToken));
            if (_storing.Count < _limits.StoresInFlight)
            {
                return;
            }
            oldest = _storing[0];
            _storing.RemoveAt(0);
        }
        await oldest;
    }

    private async Task StoreBufferedAsync(string name, PooledBuffer buffer, CancellationToken cancellationToken)
    {
        await using (buffer)
        {
            await StoreAsync(name, buffer, cancellationToken);
        }
    }

    private async Task StoreAsync(string name, Stream dicom, CancellationToken cancellationToken)
    {
        var counting = new CountingStream(dicom);
        StoredInstance stored;
        try
        {
            stored = await orthanc.StoreInstanceAsync(counting, cancellationToken);
        }
        catch (DicomRejectedException e)
        {
            throw new ImagingUploadRejectedException($"“{name}” is not a readable DICOM file (the archive said: {e.Message}); it may be truncated or damaged. Nothing was kept.", e);
        }
        catch (HttpRequestException e) when (e.InnerException is ImagingUploadRejectedException rejected)
        {
            throw rejected;
        }
        lock (_gate)
        {
            Instances++;
            Bytes += counting.Count;
            _studies.Add(stored.StudyId);
            if (!stored.AlreadyStored)
            {
                _added.Add(stored.InstanceId);
            }
        }
    }

    private void CheckZip(string name, IReadOnlyList<ZipArchiveEntry> files)
    {
        if (files.Count > _limits.MaxZipEntries)
        {
            throw new ImagingUploadRejectedException($"“{name}” has {files.Count} files; at most {_limits.MaxZipEntries} are accepted in one ZIP. Nothing was kept.");
        }
        long expanded = 0;
        foreach (var entry in files)
        {
            if (!IsSafeEntryName(entry.FullName))
            {
                throw new ImagingUploadRejectedException($"“{name}” contains an entry that points outside the archive (“{entry.FullName}”); such ZIPs are refused. Nothing was kept.");
            }
            if (entry.Length > _limits.RatioCheckAboveBytes && entry.Length > _limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            {
                throw new ImagingUploadRejectedException($"“{name}” looks like a ZIP bomb: “{entry.FullName}” expands {entry.Length / Math.Max(1, entry.CompressedLength)} times. Nothing was kept.");
            }
            expanded += entry.Length;
            if (expanded > _limits.MaxExpandedBytes)
            {
                throw new ImagingUploadRejectedException($"“{name}” expands to more than {_limits.MaxExpandedBytes / (1024 * 1024)} MB; it is refused as a possible ZIP bomb. Nothing was kept.");
            }
        }
    }

    /// <summary>A relative path with no <c>..</c> segment, no root, no drive and no control characters.</summary>
    public static bool IsSafeEntryName(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var name = fullName.Replace('\\', '/');
        if (name.Length == 0 || name.StartsWith('/') || name.Contains(':', StringComparison.Ordinal) || name.Any(char.IsControl))
        {
            return false;
        }
        return !name.Split('/').Any(segment => segment == "..");
    }

    public static bool IsDicom(ReadOnlySpan<byte> head) => head.Length >= PreambleLength && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';

    public static bool IsZip(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;

    private static bool IsDicomDirIndex(string name) => string.Equals(Path.GetFileName(name.Replace('\\', '/')), "DICOMDIR", StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]> ReadHeadAsync(Stream content, CancellationToken cancellationToken)
    {
        var head = new byte[PreambleLength];
        var read = await content.ReadAtLeastAsync(head, PreambleLength, throwOnEndOfStream: false, cancellationToken);
        return read == PreambleLength ? head : head[..read];
    }
}
