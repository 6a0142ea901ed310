namespace Consilium.Imaging.Import;

/// <summary>Bytes already read from a stream, then the rest of it: lets a file be sniffed without buffering it.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : ReadOnlyForwardStream
{
    private int _offset;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _offset);
            prefix.AsMemory(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }
        return await rest.ReadAsync(buffer, cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_offset < prefix.Length)
        {
            var n = Math.Min(count, prefix.Length - _offset);
            Array.Copy(prefix, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }
        return rest.Read(buffer, offset, count);
    }
}

/// <summary>Counts the bytes read through it.</summary>
internal sealed class CountingStream(Stream inner) : ReadOnlyForwardStream
{
    public long Count { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        Count += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        Count += n;
        return n;
    }
}

/// <summary>A ZIP entry that may not expand beyond the size its header declares (a lying header is a bomb).</summary>
internal sealed class BoundedStream(Stream inner, long limit, string name) : ReadOnlyForwardStream
{
    private long _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Check(await inner.ReadAsync(buffer, cancellationToken));

    public override int Read(byte[] buffer, int offset, int count) => Check(inner.Read(buffer, offset, count));

    private int Check(int n)
    {
        _read += n;
        if (_read > limit)
        {
            throw new ImagingUploadRejectedException($"“{name}” expands beyond the size its ZIP header declares; the ZIP is refused. Nothing was kept.");
        }
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>The boilerplate of a forward-only, read-only stream.</summary>
internal abstract class ReadOnlyForwardStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
