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

/// <summary>
/// A file held in memory as 1 MB blocks rented from the shared pool (no large-object-heap garbage per file): written once,
/// then read once; the blocks go back to the pool when it is disposed.
/// </summary>
internal sealed class PooledBuffer : ReadOnlyForwardStream
{
    private const int BlockSize = 1024 * 1024;
    private readonly List<byte[]> _blocks = [];
    private long _position;

    public long Count { get; private set; }

    /// <summary>Reads <paramref name="source"/> until its end or until more than <paramref name="limit"/> bytes; false when over the limit.</summary>
    public async Task<bool> FillAsync(Stream source, long limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var offset = (int)(Count % BlockSize);
            if (offset == 0 && Count / BlockSize == _blocks.Count)
            {
                _blocks.Add(System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize));
            }
            var read = await source.ReadAsync(_blocks[^1].AsMemory(offset, BlockSize - offset), cancellationToken);
            if (read == 0)
            {
                return true;
            }
            Count += read;
            if (Count > limit)
            {
                return false;
            }
        }
    }

    /// <summary>Everything held, as one array (for handing over to a stream that continues from the source).</summary>
    public byte[] ToArray()
    {
        var all = new byte[Count];
        for (long at = 0; at < Count; at += BlockSize)
        {
            Array.Copy(_blocks[(int)(at / BlockSize)], 0, all, at, Math.Min(BlockSize, Count - at));
        }
        return all;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(ReadInto(buffer.Span));

    public override int Read(byte[] buffer, int offset, int count) => ReadInto(buffer.AsSpan(offset, count));

    private int ReadInto(Span<byte> destination)
    {
        var n = (int)Math.Min(destination.Length, Math.Min(Count - _position, BlockSize - (_position % BlockSize)));
        if (n <= 0)
        {
            return 0;
        }
        _blocks[(int)(_position / BlockSize)].AsSpan((int)(_position % BlockSize), n).CopyTo(destination);
        _position += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var block in _blocks)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(block);
            }
            _blocks.Clear();
        }
        base.Dispose(disposing);
    }
}
