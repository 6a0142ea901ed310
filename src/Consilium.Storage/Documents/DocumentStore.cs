using System.Buffers;
using System.Security.Cryptography;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Documents;

/// <summary>
/// The encrypted document store: records, images and bundles uploaded for a case. The content type is decided by the bytes
/// (<see cref="ContentSniffer"/>), never by the name. Each document gets a fresh random 256-bit key, wrapped by the
/// <see cref="IDocumentKeyProtector"/> and kept in its row; the content is AES-256-GCM encrypted in segments
/// (<see cref="EncryptedSegments"/>) while it streams in, so memory stays flat for large files. An upload is written to a temporary
/// file, the row is inserted, the file is moved into place and then the row is committed: when anything fails (too large, refused
/// content, cancellation, a database error) nothing is left, neither row nor file. Safe to share.
/// </summary>
public sealed class DocumentStore
{
    private const int MaxFileNameLength = 255;

    private readonly Func<ConsiliumDbContext> _contexts;
    private readonly IDocumentKeyProtector _protector;
    private readonly DocumentStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _directory;

    public DocumentStore(Func<ConsiliumDbContext> contexts, IDocumentKeyProtector protector, DocumentStoreOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new ArgumentException("The document store needs a directory (DocumentStoreOptions.Directory).", nameof(options));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SegmentSize, EncryptedSegments.MinSegmentSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.SegmentSize, EncryptedSegments.MaxSegmentSize);
        _contexts = contexts;
        _protector = protector;
        _options = options;
        _time = time;
        _directory = Path.GetFullPath(options.Directory);
    }

    /// <summary>The largest document accepted, in bytes.</summary>
    public long MaxBytes => _options.MaxBytes;

    /// <summary>
    /// Streams <paramref name="content"/> into the store for <paramref name="upload"/>'s case. Throws <see cref="DocumentRejectedException"/>
    /// (nothing stored) when it is empty, larger than <see cref="MaxBytes"/>, of a kind not accepted, or not what its name or declared
    /// type says.
    /// </summary>
    public async Task<StoredDocument> StoreAsync(DocumentUpload upload, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(upload.UploadedBy);
        var fileName = CleanFileName(upload.FileName);
        var id = Guid.NewGuid();
        var segmentSize = _options.SegmentSize;
        var temporary = Path.Combine(_directory, "tmp", $"{id:N}.partial");
        var final = FinalPath(id);
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);

        var current = ArrayPool<byte>.Shared.Rent(segmentSize);
        var next = ArrayPool<byte>.Shared.Rent(segmentSize);
        var output = ArrayPool<byte>.Shared.Rent(segmentSize + EncryptedSegments.TagSize);
        var key = RandomNumberGenerator.GetBytes(EncryptedSegments.KeySize);
        var moved = false;
        try
        {
            var currentLength = await FillAsync(content, current, segmentSize, ct);
            if (currentLength == 0)
            {
                throw new DocumentRejectedException(DocumentRejection.Empty, $"{fileName} is empty: there is nothing to store.");
            }
            var nextLength = currentLength == segmentSize ? await FillAsync(content, next, segmentSize, ct) : 0;
            long total = currentLength + nextLength;
            CheckSize(total, fileName);
            var contentType = ContentSniffer.Detect(current.AsSpan(0, currentLength), complete: nextLength == 0)
                ?? throw new DocumentRejectedException(DocumentRejection.UnsupportedContent,
                    $"{fileName} is not a kind of file Consilium accepts: PDF, PNG, JPEG, GIF, TIFF, DICOM, FHIR Bundle JSON, JSON or plain text (UTF-8).");
            if (!ContentSniffer.Fits(contentType, fileName, upload.DeclaredContentType, out var conflict))
            {
                throw new DocumentRejectedException(DocumentRejection.ContentMismatch, $"{fileName} is not what it says it is: {conflict}.");
            }

            var header = EncryptedSegments.NewHeader(segmentSize);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var aes = new AesGcm(key, EncryptedSegments.TagSize))
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await file.WriteAsync(header, ct);
                long index = 0;
                while (true)
                {
                    var last = nextLength == 0;
                    EncryptedSegments.Encrypt(aes, header, id, index, last, current.AsSpan(0, currentLength), output);
                    hash.AppendData(current, 0, currentLength);
                    await file.WriteAsync(output.AsMemory(0, currentLength + EncryptedSegments.TagSize), ct);
                    if (last)
                    {
                        break;
                    }
                    index++;
                    (current, next) = (next, current);
                    currentLength = nextLength;
                    nextLength = currentLength == segmentSize ? await FillAsync(content, next, segmentSize, ct) : 0;
                    total += nextLength;
                    CheckSize(total, fileName);
                }
                file.Flush(flushToDisk: true);
            }

            var row = new DocumentRow
            {
                Id = id,
                CaseId = upload.CaseId,
                FileName = fileName,
                ContentType = contentType,
                Length = total,
                Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset()),
                StoredAt = Truncate(_time.GetUtcNow()),
                UploadedBy = upload.UploadedBy,
                WrappedKey = _protector.Protect(key),
                SegmentSize = segmentSize,
            };
            await using var db = _contexts();
            await using var transaction = await StepTransaction.BeginAsync(db, ct);
            db.Documents.Add(row);
            await db.SaveChangesAsync(ct);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            // The file's time is when it was put in place (not when its upload began): leftovers are judged by it.
            File.SetLastWriteTimeUtc(temporary, _time.GetUtcNow().UtcDateTime);
            File.Move(temporary, final);
            moved = true;
            // Inside a shared transaction the row commits with the rest of the change: if that rolls back, the file goes too.
            db.Shared?.OnRollback(() => TryDelete(final));
            // Past this point the file is in place: commit whatever the token says, or undo the move.
            await transaction.CommitAsync(CancellationToken.None);
            return ToDocument(row);
        }
        catch
        {
            if (moved)
            {
                TryDelete(final);
            }
            TryDelete(temporary);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(current.AsSpan(0, segmentSize));
            CryptographicOperations.ZeroMemory(next.AsSpan(0, segmentSize));
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>The document's description, or null when there is none with that id.</summary>
    public async Task<StoredDocument?> GetAsync(Guid documentId, CancellationToken ct = default)
    {
        await using var db = _contexts();
        var row = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, ct);
        return row is null ? null : ToDocument(row);
    }

    /// <summary>The documents of a case, oldest first.</summary>
    public async Task<IReadOnlyList<StoredDocument>> ListAsync(Guid caseId, CancellationToken ct = default)
    {
        await using var db = _contexts();
        var rows = await db.Documents.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.StoredAt).ThenBy(d => d.Id).ToListAsync(ct);
        return rows.Select(ToDocument).ToList();
    }

    /// <summary>
    /// The document's content, decrypted as it is read (dispose it). Throws <see cref="DocumentNotFoundException"/> when there is no
    /// such document, and <see cref="DocumentIntegrityException"/> (on open or while reading) when the stored file was altered or damaged.
    /// </summary>
    public async Task<Stream> OpenReadAsync(Guid documentId, CancellationToken ct = default)
    {
        DocumentRow? row;
        await using (var db = _contexts())
        {
            row = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, ct);
        }
        if (row is null)
        {
            throw new DocumentNotFoundException(documentId);
        }
        byte[] key;
        try
        {
            key = _protector.Unprotect(row.WrappedKey);
        }
        catch (CryptographicException e)
        {
            throw new DocumentIntegrityException(documentId, "its key could not be unwrapped (altered, or protected with another key)", e);
        }
        FileStream file;
        try
        {
            file = new FileStream(FinalPath(documentId), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new DocumentIntegrityException(documentId, "its file is missing", e);
        }
        AesGcm? aes = null;
        try
        {
            var header = new byte[EncryptedSegments.HeaderSize];
            var read = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
            if (read < header.Length || EncryptedSegments.ReadHeader(header) != row.SegmentSize)
            {
                throw new DocumentIntegrityException(documentId, "its file does not start with a valid header");
            }
            if (file.Length != EncryptedSegments.EncryptedLength(row.Length, row.SegmentSize))
            {
                throw new DocumentIntegrityException(documentId, $"its file is {file.Length} bytes long where {EncryptedSegments.EncryptedLength(row.Length, row.SegmentSize)} were written (truncated or extended)");
            }
            aes = new AesGcm(key, EncryptedSegments.TagSize);
            return new DocumentReadStream(file, aes, documentId, header, row.SegmentSize, row.Length, row.Sha256);
        }
        catch
        {
            aes?.Dispose();
            await file.DisposeAsync();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Deletes what interrupted uploads can leave behind (a process killed mid-upload, or between moving the file into place and
    /// committing its row): temporary files, and encrypted files that have no row, last written more than <paramref name="olderThan"/>
    /// ago (so uploads in progress are left alone). Returns how many files were deleted. Run it at start-up or now and then.
    /// </summary>
    public async Task<int> RemoveLeftoversAsync(TimeSpan olderThan, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        if (!Directory.Exists(_directory))
        {
            return 0;
        }
        var cutoff = _time.GetUtcNow().UtcDateTime - olderThan;
        var removed = 0;
        var temporary = Path.Combine(_directory, "tmp");
        if (Directory.Exists(temporary))
        {
            foreach (var file in Directory.EnumerateFiles(temporary, "*.partial"))
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff && TryDelete(file))
                {
                    removed++;
                }
            }
        }
        var candidates = new Dictionary<Guid, string>();
        foreach (var file in Directory.EnumerateFiles(_directory, "*.cnsd", SearchOption.AllDirectories))
        {
            if (Guid.TryParseExact(Path.GetFileNameWithoutExtension(file), "N", out var id) && File.GetLastWriteTimeUtc(file) < cutoff)
            {
                candidates[id] = file;
            }
        }
        await using var db = _contexts();
        foreach (var batch in candidates.Keys.Chunk(500))
        {
            var known = await db.Documents.AsNoTracking().Where(d => batch.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct);
            foreach (var id in batch.Except(known))
            {
                if (TryDelete(candidates[id]))
                {
                    removed++;
                }
            }
        }
        return removed;
    }

    /// <summary>Where a document's encrypted file lives (for operators and tests).</summary>
    public string FinalPath(Guid documentId) => Path.Combine(_directory, RelativePath(documentId));

    /// <summary>A document's encrypted file inside the store's directory: <c>ab/ab12…ef.cnsd</c> (backups keep the same layout).</summary>
    public static string RelativePath(Guid documentId)
    {
        var name = documentId.ToString("N");
        return Path.Combine(name[..2], name + ".cnsd");
    }

    private void CheckSize(long total, string fileName)
    {
        if (total > _options.MaxBytes)
        {
            throw new DocumentRejectedException(DocumentRejection.TooLarge,
                $"{fileName} is larger than the {Describe(_options.MaxBytes)} a document may be.");
        }
    }

    private static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KB",
        _ => $"{bytes} bytes",
    };

    private static async ValueTask<int> FillAsync(Stream content, byte[] buffer, int count, CancellationToken ct) =>
        await content.ReadAtLeastAsync(buffer.AsMemory(0, count), count, throwOnEndOfStream: false, ct);

    /// <summary>The last path segment (either separator), without control characters, at most 255 characters; "document" when nothing is left.</summary>
    internal static string CleanFileName(string? fileName)
    {
        var name = fileName ?? string.Empty;
        var cut = name.LastIndexOfAny(['/', '\\']);
        if (cut >= 0)
        {
            name = name[(cut + 1)..];
        }
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        if (name.Length > MaxFileNameLength)
        {
            var extension = Path.GetExtension(name);
            name = extension.Length is > 0 and <= 16 ? name[..(MaxFileNameLength - extension.Length)] + extension : name[..MaxFileNameLength];
        }
        return name.Length == 0 || name is "." or ".." ? "document" : name;
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            // Best effort: a leftover file has no row and is never served; RemoveLeftoversAsync tries again later.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);

    private static StoredDocument ToDocument(DocumentRow r) =>
        new(r.Id, r.CaseId, r.FileName, r.ContentType, r.Length, r.Sha256, r.StoredAt, r.UploadedBy);
}

/// <summary>There is no stored document with that id.</summary>
public sealed class DocumentNotFoundException : Exception
{
    public DocumentNotFoundException(Guid documentId)
        : base($"Document {documentId} is not stored.")
    {
        DocumentId = documentId;
    }

    public DocumentNotFoundException() { }
    public DocumentNotFoundException(string message) : base(message) { }
    public DocumentNotFoundException(string message, Exception inner) : base(message, inner) { }

    public Guid DocumentId { get; }
}
