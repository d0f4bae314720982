using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Sparsity.Models.Checkpoints;

/// <summary>
/// Reads payload fields from an already checksum-verified buffer. A structural error that passes the checksum
/// (a writer bug or a deliberately forged file) still ends in a <see cref="CheckpointException"/> naming the field
/// and the byte offset, never in an out-of-range read or a huge allocation.
/// </summary>
internal ref struct PayloadReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _path;
    private int _position;

    public PayloadReader(ReadOnlySpan<byte> data, string path)
    {
        _data = data;
        _path = path;
    }

    public readonly int Remaining => _data.Length - _position;

    public readonly int Position => _position;

    public byte ReadByte(string field) => Take(1, field)[0];

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int), field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long), field));

    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(sizeof(ulong), field));

    public double ReadDouble(string field) => BitConverter.Int64BitsToDouble(ReadInt64(field));

    /// <summary>Reads a count and checks that at least <paramref name="minBytesEach"/> bytes per item remain.</summary>
    public int ReadCount(string field, int minBytesEach)
    {
        int start = _position;
        int count = ReadInt32(field);
        if (count < 0 || (long)count * minBytesEach > Remaining)
        {
            throw Malformed(start, $"field '{field}' holds count {count}, impossible with {Remaining} bytes left");
        }

        return count;
    }

    public string ReadString(string field)
    {
        int start = _position;
        int count = ReadCount(field, 1);
        ReadOnlySpan<byte> bytes = Take(count, field);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new CheckpointException(Prefix(start) + $"field '{field}' is not valid UTF-8.", e);
        }
    }

    /// <summary>Reads a shape and returns it with its element count, checked against what an array and the buffer can hold.</summary>
    public int[] ReadShape(string field, out int elements)
    {
        int start = _position;
        int rank = ReadCount(field + ".rank", sizeof(int));
        var shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = ReadInt32(field);
            if (shape[i] < 0)
            {
                throw Malformed(start, $"field '{field}' has negative dimension {shape[i]}");
            }

            count *= shape[i];
            if (count > Array.MaxLength)
            {
                throw Malformed(start, $"field '{field}' describes more elements than an array can hold");
            }
        }

        elements = (int)count;
        return shape;
    }

    public float[] ReadSingles(int count, string field)
    {
        if ((long)count * sizeof(float) > Remaining)
        {
            throw Malformed(_position, $"field '{field}' needs {4L * count} bytes, but only {Remaining} remain");
        }

        var values = new float[count];
        ReadOnlySpan<int> source = MemoryMarshal.Cast<byte, int>(Take(count * sizeof(float), field));
        Span<int> bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(bits);
        }
        else
        {
            BinaryPrimitives.ReverseEndianness(source, bits);
        }

        return values;
    }

    public bool[] ReadBits(int count, string field)
    {
        ReadOnlySpan<byte> bytes = Take((int)(((long)count + 7) / 8), field);
        var flags = new bool[count];
        for (int i = 0; i < count; i++)
        {
            flags[i] = (bytes[i >> 3] & (1 << (i & 7))) != 0;
        }

        return flags;
    }

    public readonly CheckpointException Malformed(string what) => Malformed(_position, what);

    public readonly CheckpointException Malformed(int offset, string what) => new(Prefix(offset) + what + ".");

    private readonly string Prefix(int offset) =>
        $"Checkpoint '{_path}' is malformed at payload byte {offset} (the checksum matched, so the writer produced it): ";

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > Remaining)
        {
            throw Malformed(_position, $"field '{field}' needs {count} bytes, but only {Remaining} remain");
        }

        ReadOnlySpan<byte> span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
