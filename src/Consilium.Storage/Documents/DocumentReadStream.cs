using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Consilium.Storage.Documents;

/// <summary>
/// Reads a stored document back as plaintext, one segment at a time (memory stays at about two segments whatever the size). Every
/// segment is authenticated before any of it is returned; at the end the length and SHA-256 are checked against the row. A failure
/// throws <see cref="DocumentIntegrityException"/>. Forward-only.
/// </summary>
internal sealed class DocumentReadStream : Stream
{
    private readonly FileStream _file;
    private readonly AesGcm _aes;
    private readonly Guid _documentId;
    private readonly byte[] _header;
    private readonly int _segmentSize;
    private readonly long _length;
    private readonly string _sha256;
    private readonly long _lastIndex;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _cipher;
    private byte[]? _plain;
    private int _plainLength;
    private int _plainOffset;
    private long _nextIndex;
    private long _position;
    private bool _finished;

    public DocumentReadStream(FileStream file, AesGcm aes, Guid documentId, byte[] header, int segmentSize, long length, string sha256)
    {
        _file = file;
        _aes = aes;
        _documentId = documentId;
        _header = header;
        _segmentSize = segmentSize;
        _length = length;
        _sha256 = sha256;
        _lastIndex = EncryptedSegments.SegmentCount(length, segmentSize) - 1;
        _cipher = ArrayPool<byte>.Shared.Rent(segmentSize + EncryptedSegments.TagSize);
        _plain = ArrayPool<byte>.Shared.Rent(segmentSize);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("A document is read from the start to the end.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_plainOffset == _plainLength && !_finished)
        {
            LoadNextAsync(useAsync: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_plainOffset == _plainLength && !_finished)
        {
            await LoadNextAsync(useAsync: true, cancellationToken);
        }
        return CopyOut(buffer.Span);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A document is read from the start to the end.");
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _aes.Dispose();
            _hash.Dispose();
            Return();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        _aes.Dispose();
        _hash.Dispose();
        Return();
        GC.SuppressFinalize(this);
    }

    private void Return()
    {
        if (_cipher is not null)
        {
            ArrayPool<byte>.Shared.Return(_cipher);
            _cipher = null;
        }
        if (_plain is not null)
        {
            CryptographicOperations.ZeroMemory(_plain);
            ArrayPool<byte>.Shared.Return(_plain);
            _plain = null;
        }
    }

    private int CopyOut(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _plainLength - _plainOffset);
        _plain.AsSpan(_plainOffset, n).CopyTo(buffer);
        _plainOffset += n;
        _position += n;
        return n;
    }

    // Pooled: one segment in ~64 KiB awaits the disk, and a boxed state machine per segment would make allocations grow with the size.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask LoadNextAsync(bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_cipher is null || _plain is null, this);
        if (_nextIndex > _lastIndex)
        {
            _finished = true;
            return;
        }
        var index = _nextIndex;
        var last = index == _lastIndex;
        var plainLength = last ? (int)(_length - (index * _segmentSize)) : _segmentSize;
        var cipherLength = plainLength + EncryptedSegments.TagSize;
        var read = useAsync
            ? await _file.ReadAtLeastAsync(_cipher.AsMemory(0, cipherLength), cipherLength, throwOnEndOfStream: false, cancellationToken)
            : _file.ReadAtLeast(_cipher.AsSpan(0, cipherLength), cipherLength, throwOnEndOfStream: false);
        if (read < cipherLength)
        {
            throw new DocumentIntegrityException(_documentId, $"the file ends inside segment {index + 1} of {_lastIndex + 1} (truncated)");
        }
        if (!EncryptedSegments.TryDecrypt(_aes, _header, _documentId, index, last, _cipher.AsSpan(0, cipherLength), _plain))
        {
            throw new DocumentIntegrityException(_documentId, $"segment {index + 1} of {_lastIndex + 1} does not authenticate");
        }
        _hash.AppendData(_plain, 0, plainLength);
        _plainLength = plainLength;
        _plainOffset = 0;
        _nextIndex++;
        if (last)
        {
            var extra = useAsync ? await _file.ReadAsync(_cipher.AsMemory(0, 1), cancellationToken) : _file.Read(_cipher.AsSpan(0, 1));
            if (extra > 0)
            {
                throw new DocumentIntegrityException(_documentId, "the file has data after its last segment");
            }
            var hash = Convert.ToHexStringLower(_hash.GetHashAndReset());
            if (!string.Equals(hash, _sha256, StringComparison.Ordinal))
            {
                throw new DocumentIntegrityException(_documentId, "its content does not match the SHA-256 recorded when it was stored");
            }
        }
    }
}
