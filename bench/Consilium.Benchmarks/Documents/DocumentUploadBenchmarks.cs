using BenchmarkDotNet.Attributes;
using Consilium.Domain.Cases;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;

namespace Consilium.Benchmarks.Documents;

/// <summary>
/// A large upload streamed through <see cref="DocumentStore"/> (sniff, AES-GCM segments, SHA-256, temp file, row, rename) into a
/// SQLite data directory, and read back decrypted. The content is generated as it is read (a PDF header, then a pattern), so the
/// benchmark itself holds no copy of it: the Allocated column is the store's own memory, which should not grow with the size.
/// Run: dotnet run -c Release --project bench/Consilium.Benchmarks -- --filter '*DocumentUpload*' --job short
/// </summary>
[MemoryDiagnoser]
public class DocumentUploadBenchmarks
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consilium-bench-documents", Guid.NewGuid().ToString("N"));
    private ConsiliumDatabase? _db;
    private DocumentStore? _store;
    private AesKeyProtector? _protector;
    private Guid _caseId;
    private Guid _stored;

    [Params(15, 150)]
    public int Megabytes { get; set; }

    private long Bytes => Megabytes * 1024L * 1024L;

    [GlobalSetup]
    public void Setup()
    {
        _db = ConsiliumDatabase.OpenAsync(StorageOptions.ForDataDirectory(_directory)).GetAwaiter().GetResult();
        _protector = new AesKeyProtector(AesKeyProtector.NewMasterKey());
        _store = _db.Documents(_protector, new DocumentStoreOptions { Directory = Path.Combine(_directory, "documents"), MaxBytes = 200L * 1024 * 1024 });
        var c = new SecondOpinionCase(Guid.NewGuid(), new CaseFile(), "bench", DateTimeOffset.UnixEpoch, "acct-bench");
        _db.Cases.AddAsync(c).GetAwaiter().GetResult();
        _caseId = c.Id;
        _stored = Upload().GetAwaiter().GetResult().Id;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db?.Dispose();
        _protector?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [IterationCleanup(Target = nameof(Upload))]
    public void RemoveUploads()
    {
        // Keep the disk from filling up: drop every encrypted file but the one the read benchmark uses.
        var keep = _store!.FinalPath(_stored);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_directory, "documents"), "*.cnsd", SearchOption.AllDirectories))
        {
            if (file != keep)
            {
                File.Delete(file);
            }
        }
    }

    [Benchmark(Description = "StoreAsync (encrypt + store)")]
    public async Task<StoredDocument> Upload() =>
        await _store!.StoreAsync(new DocumentUpload(_caseId, "scan.pdf", "acct-bench", "application/pdf"), new GeneratedPdfStream(Bytes));

    [Benchmark(Description = "OpenReadAsync (decrypt + verify)")]
    public async Task<long> Read()
    {
        await using var stream = await _store!.OpenReadAsync(_stored);
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            total += n;
        }
        return total;
    }

    /// <summary>A read-only stream of <c>length</c> bytes that looks like a PDF, produced on the fly (like an upload arriving from the network).</summary>
    private sealed class GeneratedPdfStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++)
            {
                var p = _position + i;
                buffer[i] = p < 9 ? "%PDF-1.7\n"u8[(int)p] : (byte)(p * 31 >> 3);
            }
            _position += n;
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
