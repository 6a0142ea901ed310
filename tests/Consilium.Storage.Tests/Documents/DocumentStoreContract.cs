using System.Security.Cryptography;
using System.Text;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Consilium.Storage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Tests.Documents;

/// <summary>Uploads are encrypted, streamed, checked by their bytes, and either stored whole or not at all.</summary>
public abstract class DocumentStoreContract : StoreContract
{
    private const int Segment = 64 * 1024;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consilium-document-tests", Guid.NewGuid().ToString("N"));
    private readonly AesKeyProtector _protector = new(AesKeyProtector.NewMasterKey());

    public override async Task DisposeAsync()
    {
        _protector.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
        await base.DisposeAsync();
    }

    private async Task<(ConsiliumDatabase Db, DocumentStore Store, Guid CaseId)> OpenStoreAsync(long maxBytes = DocumentStoreOptions.DefaultMaxBytes)
    {
        var db = await OpenAsync();
        var caseId = await AddCaseAsync(db);
        return (db, db.Documents(_protector, new DocumentStoreOptions { Directory = _directory, MaxBytes = maxBytes }), caseId);
    }

    /// <summary>UTF-8 text of exactly <paramref name="length"/> bytes, different at every position.</summary>
    internal static byte[] Text(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)('a' + ((i * 7 + (i / 251)) % 26));
        }
        return bytes;
    }

    private static byte[] Pdf(int length)
    {
        var bytes = new byte[length];
        RandomNumberGenerator.Fill(bytes);
        "%PDF-1.4\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(DocumentStore store, Guid id)
    {
        await using var stream = await store.OpenReadAsync(id);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 10_000);
        return copy.ToArray();
    }

    private IEnumerable<string> FilesLeft() =>
        Directory.Exists(_directory) ? Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories) : [];

    private static async Task<int> RowsAsync(ConsiliumDatabase db)
    {
        await using var context = db.CreateDbContext();
        return await context.Documents.CountAsync();
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(Segment - 1)]
    [InlineData(Segment)]
    [InlineData(Segment + 1)]
    [InlineData((3 * Segment) + 17)]
    [InlineData(4 * Segment)]
    public async Task GivenUploadOfSomeSize_WhenStoredAndRead_ThenTheSameBytesComeBackAndTheFileIsEncrypted(int length)
    {
        var (db, store, caseId) = await OpenStoreAsync();
        var content = Pdf(Math.Max(length, 9))[..length];
        if (length < 9)
        {
            content = Encoding.ASCII.GetBytes("x"[..length]);
        }

        var stored = await store.StoreAsync(new DocumentUpload(caseId, "record.bin", "acct-ana", null), new MemoryStream(content));
        var read = await ReadAllAsync(store, stored.Id);

        Assert.Equal(content, read);
        Assert.Equal(length, stored.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), stored.Sha256);
        Assert.Equal(stored, await store.GetAsync(stored.Id));
        Assert.Equal([stored], await store.ListAsync(caseId));
        var onDisk = await File.ReadAllBytesAsync(store.FinalPath(stored.Id));
        Assert.Equal(13 + length + (Math.Max(1, (length + Segment - 1) / Segment) * 16), onDisk.Length);
        if (length >= 64)
        {
            Assert.True(onDisk.AsSpan().IndexOf(content.AsSpan(16, 32)) < 0, "plaintext found in the stored file");
        }
        Assert.Single(FilesLeft());
        Assert.Equal(1, await RowsAsync(db));
    }

    [SkippableFact]
    public async Task GivenStoredDocument_WhenReadWithSmallBuffersSynchronously_ThenSameBytes()
    {
        var (_, store, caseId) = await OpenStoreAsync();
        var content = Text((2 * Segment) + 5);
        var stored = await store.StoreAsync(new DocumentUpload(caseId, "notes.txt", "acct-ana", "text/plain"), new MemoryStream(content));

        await using var stream = await store.OpenReadAsync(stored.Id);
        var read = new List<byte>();
        var buffer = new byte[777];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            read.AddRange(buffer[..n]);
        }

        Assert.Equal(content, read);
        Assert.Equal(ContentSniffer.Text, stored.ContentType);
    }

    [SkippableFact]
    public async Task GivenEmptyUpload_WhenStored_ThenRejectedAsEmptyAndNothingLeft()
    {
        var (db, store, caseId) = await OpenStoreAsync();

        var e = await Assert.ThrowsAsync<DocumentRejectedException>(() => store.StoreAsync(new DocumentUpload(caseId, "empty.pdf", "acct-ana", null), new MemoryStream()));

        Assert.Equal(DocumentRejection.Empty, e.Reason);
        Assert.Contains("empty.pdf is empty", e.Message, StringComparison.Ordinal);
        Assert.Empty(FilesLeft());
        Assert.Equal(0, await RowsAsync(db));
    }

    [SkippableTheory]
    [InlineData(Segment - 1)]
    [InlineData((3 * Segment) + 1)]
    public async Task GivenUploadLargerThanTheLimit_WhenStored_ThenRejectedAsTooLargeAndNothingLeft(int limit)
    {
        var (db, store, caseId) = await OpenStoreAsync(maxBytes: limit);

        var e = await Assert.ThrowsAsync<DocumentRejectedException>(() => store.StoreAsync(new DocumentUpload(caseId, "scan.pdf", "acct-ana", null), new MemoryStream(Pdf(limit + 1))));

        Assert.Equal(DocumentRejection.TooLarge, e.Reason);
        Assert.Contains("scan.pdf is larger than", e.Message, StringComparison.Ordinal);
        Assert.Empty(FilesLeft());
        Assert.Equal(0, await RowsAsync(db));
    }

    [SkippableFact]
    public async Task GivenUploadExactlyAtTheLimit_WhenStored_ThenAccepted()
    {
        var (_, store, caseId) = await OpenStoreAsync(maxBytes: 2 * Segment);

        var stored = await store.StoreAsync(new DocumentUpload(caseId, "scan.pdf", "acct-ana", null), new MemoryStream(Pdf(2 * Segment)));

        Assert.Equal(2 * Segment, stored.Length);
    }

    [SkippableFact]
    public async Task GivenPngBytesBehindAPdfName_WhenStored_ThenContentMismatchAndNothingLeft()
    {
        var (db, store, caseId) = await OpenStoreAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

        var e = await Assert.ThrowsAsync<DocumentRejectedException>(() => store.StoreAsync(new DocumentUpload(caseId, "report.pdf", "acct-ana", "application/pdf"), new MemoryStream(png)));

        Assert.Equal(DocumentRejection.ContentMismatch, e.Reason);
        Assert.Contains("report.pdf", e.Message, StringComparison.Ordinal);
        Assert.Contains("image/png", e.Message, StringComparison.Ordinal);
        Assert.Empty(FilesLeft());
        Assert.Equal(0, await RowsAsync(db));
    }

    [SkippableFact]
    public async Task GivenUnsupportedContent_WhenStored_ThenRejectedNamingWhatIsAccepted()
    {
        var (db, store, caseId) = await OpenStoreAsync();

        var e = await Assert.ThrowsAsync<DocumentRejectedException>(() => store.StoreAsync(new DocumentUpload(caseId, "archive.zip", "acct-ana", null), new MemoryStream([0x50, 0x4B, 0x03, 0x04, 0, 0])));

        Assert.Equal(DocumentRejection.UnsupportedContent, e.Reason);
        Assert.Contains("PDF", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await RowsAsync(db));
    }

    [SkippableFact]
    public async Task GivenFhirBundle_WhenStored_ThenItsTypeIsFhirJsonWhateverItIsCalled()
    {
        var (_, store, caseId) = await OpenStoreAsync();
        var bundle = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}");

        var stored = await store.StoreAsync(new DocumentUpload(caseId, @"C:\Users\ana\Downloads\export", "acct-ana", "application/octet-stream"), new MemoryStream(bundle));

        Assert.Equal(ContentSniffer.FhirJson, stored.ContentType);
        Assert.Equal("export", stored.FileName);
    }

    [SkippableFact]
    public async Task GivenOneByteOfTheEncryptedFileFlipped_WhenRead_ThenIntegrityFailureNamingTheSegment()
    {
        var (_, store, caseId) = await OpenStoreAsync();
        var content = Text((2 * Segment) + 100);
        var stored = await store.StoreAsync(new DocumentUpload(caseId, "notes.txt", "acct-ana", null), new MemoryStream(content));
        var path = store.FinalPath(stored.Id);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[13 + Segment + 16 + 5] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        var e = await Assert.ThrowsAsync<DocumentIntegrityException>(() => ReadAllAsync(store, stored.Id));

        Assert.Contains("segment 2 of 3 does not authenticate", e.Message, StringComparison.Ordinal);
        Assert.Equal(stored.Id, e.DocumentId);
    }

    [SkippableFact]
    public async Task GivenEncryptedFileTruncatedAtASegmentBoundary_WhenOpened_ThenIntegrityFailure()
    {
        var (_, store, caseId) = await OpenStoreAsync();
        var stored = await store.StoreAsync(new DocumentUpload(caseId, "notes.txt", "acct-ana", null), new MemoryStream(Text(2 * Segment)));
        var path = store.FinalPath(stored.Id);
        await using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(13 + Segment + 16);
        }

        var e = await Assert.ThrowsAsync<DocumentIntegrityException>(() => ReadAllAsync(store, stored.Id));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GivenTwoSegmentsSwapped_WhenRead_ThenIntegrityFailure()
    {
        var (_, store, caseId) = await OpenStoreAsync();
        var stored = await store.StoreAsync(new DocumentUpload(caseId, "notes.txt", "acct-ana", null), new MemoryStream(Text(3 * Segment)));
        var path = store.FinalPath(stored.Id);
        var bytes = await File.ReadAllBytesAsync(path);
        var size = Segment + 16;
        var first = bytes.AsSpan(13, size).ToArray();
        bytes.AsSpan(13 + size, size).CopyTo(bytes.AsSpan(13, size));
        first.CopyTo(bytes.AsSpan(13 + size, size));
        await File.WriteAllBytesAsync(path, bytes);

        await Assert.ThrowsAsync<DocumentIntegrityException>(() => ReadAllAsync(store, stored.Id));
    }

    [SkippableFact]
    public async Task GivenAnotherMasterKey_WhenOpened_ThenIntegrityFailureAboutTheKey()
    {
        var (db, store, caseId) = await OpenStoreAsync();
        var stored = await store.StoreAsync(new DocumentUpload(caseId, "notes.txt", "acct-ana", null), new MemoryStream(Text(10)));
        using var other = new AesKeyProtector(AesKeyProtector.NewMasterKey());
        var wrongStore = db.Documents(other, new DocumentStoreOptions { Directory = _directory });

        var e = await Assert.ThrowsAsync<DocumentIntegrityException>(() => wrongStore.OpenReadAsync(stored.Id));

        Assert.Contains("key", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GivenUnknownDocument_WhenOpened_ThenNotFoundAndGetIsNull()
    {
        var (_, store, _) = await OpenStoreAsync();

        await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.OpenReadAsync(Guid.NewGuid()));
        Assert.Null(await store.GetAsync(Guid.NewGuid()));
    }

    [SkippableFact]
    public async Task GivenUploadCancelledMidStream_WhenStored_ThenNothingLeft()
    {
        var (db, store, caseId) = await OpenStoreAsync();
        using var cts = new CancellationTokenSource();
        var source = new CancelAfterStream(new MemoryStream(Pdf(5 * Segment)), 2 * Segment, cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.StoreAsync(new DocumentUpload(caseId, "scan.pdf", "acct-ana", null), source, cts.Token));

        Assert.Empty(FilesLeft());
        Assert.Equal(0, await RowsAsync(db));
    }

    [SkippableFact]
    public async Task GivenUploadForACaseThatDoesNotExist_WhenStored_ThenTheDatabaseRefusesAndNothingLeft()
    {
        var (db, store, _) = await OpenStoreAsync();

        await Assert.ThrowsAsync<DbUpdateException>(() => store.StoreAsync(new DocumentUpload(Guid.NewGuid(), "notes.txt", "acct-ana", null), new MemoryStream(Text(100))));

        Assert.Empty(FilesLeft());
        Assert.Equal(0, await RowsAsync(db));
    }

    [SkippableFact]
    public async Task GivenLeftoversOfInterruptedUploads_WhenRemoved_ThenOnlyOldFilesWithoutRowsGo()
    {
        var (_, store, caseId) = await OpenStoreAsync();
        var kept = await store.StoreAsync(new DocumentUpload(caseId, "notes.txt", "acct-ana", null), new MemoryStream(Text(100)));
        var old = Time.Now.UtcDateTime.AddHours(-2);
        File.SetLastWriteTimeUtc(store.FinalPath(kept.Id), old);
        var orphan = store.FinalPath(Guid.NewGuid());
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllBytesAsync(orphan, [1, 2, 3]);
        File.SetLastWriteTimeUtc(orphan, old);
        var partial = Path.Combine(_directory, "tmp", $"{Guid.NewGuid():N}.partial");
        await File.WriteAllBytesAsync(partial, [1]);
        File.SetLastWriteTimeUtc(partial, old);
        var recent = Path.Combine(_directory, "tmp", $"{Guid.NewGuid():N}.partial");
        await File.WriteAllBytesAsync(recent, [1]);
        File.SetLastWriteTimeUtc(recent, Time.Now.UtcDateTime);

        var removed = await store.RemoveLeftoversAsync(TimeSpan.FromHours(1));

        Assert.Equal(2, removed);
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(partial));
        Assert.True(File.Exists(recent));
        Assert.Equal(Text(100), await ReadAllAsync(store, kept.Id));
    }

    [Fact]
    public void GivenHostileFileNames_WhenCleaned_ThenOnlyTheLastSegmentWithoutControlCharacters()
    {
        Assert.Equal("passwd", DocumentStore.CleanFileName("../../etc/passwd"));
        Assert.Equal("scan.pdf", DocumentStore.CleanFileName("C:\\scans\\scan.pdf"));
        Assert.Equal("ab.pdf", DocumentStore.CleanFileName("a\u0000b.pdf"));
        Assert.Equal("document", DocumentStore.CleanFileName(".."));
        Assert.Equal("document", DocumentStore.CleanFileName("   "));
        var longName = DocumentStore.CleanFileName(new string('a', 400) + ".pdf");
        Assert.Equal(255, longName.Length);
        Assert.EndsWith(".pdf", longName, StringComparison.Ordinal);
    }

    /// <summary>Cancels the token once <paramref name="after"/> bytes have been read, as a client that goes away mid-upload.</summary>
    private sealed class CancelAfterStream(Stream inner, long after, CancellationTokenSource cts) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_read >= after)
            {
                cts.Cancel();
                cts.Token.ThrowIfCancellationRequested();
            }
            var n = inner.Read(buffer);
            _read += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public sealed class SqliteDocumentStoreTests : DocumentStoreContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlDocumentStoreTests : DocumentStoreContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
