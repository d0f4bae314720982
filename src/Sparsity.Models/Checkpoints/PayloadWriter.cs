using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Sparsity.Core.Serialization;

namespace Sparsity.Models.Checkpoints;

/// <summary>
/// Streams payload fields little-endian into a stream through one buffer, keeping a running CRC-32C and the byte
/// count of everything written, so that a checkpoint never has to exist in memory twice.
/// </summary>
internal sealed class PayloadWriter
{
    private const int BufferSize = 1 << 16;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;
    private uint _crc = Crc32C.Seed;

    public PayloadWriter(Stream stream) => _stream = stream;

    /// <summary>Bytes written so far (flushed or not).</summary>
    public long Length { get; private set; }

    /// <summary>The running (unfinished) CRC-32C register; call <see cref="Flush"/> first.</summary>
    public uint Crc => _crc;

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(sizeof(int)), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(sizeof(long)), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(sizeof(ulong)), value);

    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    public void WriteString(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        if (count <= BufferSize)
        {
            Encoding.UTF8.GetBytes(value, Reserve(count));
        }
        else
        {
            WriteBytes(Encoding.UTF8.GetBytes(value));
        }
    }

    public void WriteShape(IReadOnlyList<int> shape)
    {
        WriteInt32(shape.Count);
        for (int i = 0; i < shape.Count; i++)
        {
            WriteInt32(shape[i]);
        }
    }

    /// <summary>Writes floats as their raw IEEE bits, so NaN payloads and −0 survive.</summary>
    public void WriteSingles(ReadOnlySpan<float> values)
    {
        ReadOnlySpan<int> bits = MemoryMarshal.Cast<float, int>(values);
        while (!bits.IsEmpty)
        {
            int count = Math.Min(bits.Length, BufferSize / sizeof(int));
            Span<byte> target = Reserve(count * sizeof(int));
            Span<int> destination = MemoryMarshal.Cast<byte, int>(target);
            if (BitConverter.IsLittleEndian)
            {
                bits[..count].CopyTo(destination);
            }
            else
            {
                BinaryPrimitives.ReverseEndianness(bits[..count], destination);
            }

            bits = bits[count..];
        }
    }

    /// <summary>Writes a boolean bitmap, bit i of byte i/8 set when <c>flags[i]</c>, least significant bit first.</summary>
    public void WriteBits(ReadOnlySpan<bool> flags)
    {
        for (int start = 0; start < flags.Length; start += 8)
        {
            int b = 0;
            int end = Math.Min(8, flags.Length - start);
            for (int j = 0; j < end; j++)
            {
                b |= flags[start + j] ? 1 << j : 0;
            }

            WriteByte((byte)b);
        }
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int count = Math.Min(bytes.Length, BufferSize);
            bytes[..count].CopyTo(Reserve(count));
            bytes = bytes[count..];
        }
    }

    /// <summary>Pushes buffered bytes into the checksum and the stream.</summary>
    public void Flush()
    {
        if (_used > 0)
        {
            _crc = Crc32C.Append(_crc, _buffer.AsSpan(0, _used));
            _stream.Write(_buffer, 0, _used);
            _used = 0;
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (_used + count > BufferSize)
        {
            Flush();
        }

        Span<byte> span = _buffer.AsSpan(_used, count);
        _used += count;
        Length += count;
        return span;
    }
}
