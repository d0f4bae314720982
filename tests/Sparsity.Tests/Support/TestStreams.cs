namespace Sparsity.Tests.Support;

/// <summary>
/// A read-only stream that cannot seek and hands out at most <c>chunk</c> bytes per read, like a pipe or a
/// socket: readers must not rely on <see cref="Stream.Length"/> nor on a read filling its buffer.
/// </summary>
public sealed class TrickleStream : Stream
{
    private readonly byte[] _data;
    private readonly int _chunk;
    private int _position;

    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    /// <param name="data">The bytes to serve.</param>
    /// <param name="chunk">Most bytes returned by one read (≥ 1).</param>
    public TrickleStream(byte[] data, int chunk = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        _data = data;
        _chunk = chunk;
    }

    /// <summary>Bytes served so far.</summary>
    public int BytesRead => _position;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, _chunk), _data.Length - _position);
        _data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
