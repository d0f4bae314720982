using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Sparsity.Core.Serialization;

/// <summary>
/// Reads one record field by field, keeping a running CRC-32C, and turns every way a record can be wrong
/// (truncation, bad magic, unsupported version, checksum mismatch, impossible lengths) into an
/// <see cref="InvalidDataException"/> that names the record type and the field.
/// </summary>
/// <remarks>
/// It reads exactly the bytes of its record and nothing beyond, so records can follow one another in a
/// stream. It never allocates for a field more than the stream can still supply: on a seekable stream
/// lengths are checked against the remaining bytes first; on any other stream an array grows by doubling
/// from <see cref="GrowthStartBytes"/> as its bytes actually arrive.
/// </remarks>
internal sealed class RecordReader
{
    /// <summary>The first allocation for an array read from a non-seekable stream.</summary>
    public const int GrowthStartBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly RecordFormat _format;
    private uint _crc = Crc32C.Seed;

    /// <summary>Starts reading a record: checks the magic and the version.</summary>
    /// <param name="stream">Source, positioned where the record starts.</param>
    /// <param name="format">The record type expected there.</param>
    /// <exception cref="InvalidDataException">The magic or the version is wrong, or the stream ends.</exception>
    public RecordReader(Stream stream, RecordFormat format)
    {
        _stream = stream;
        _format = format;
        Span<byte> magic = stackalloc byte[4];
        Fill(magic, "magic", magic.Length);
        if (!magic.SequenceEqual(format.Magic))
        {
            throw Error($"wrong magic: expected \"{format.MagicText}\" but found {Describe(magic)}; this is not a {format.Name} record, or the stream is not positioned at one.");
        }

        uint version = ReadUInt32("version");
        if (version != RecordFormat.Version)
        {
            throw Error($"unsupported format version {version} in field 'version'; this library reads version {RecordFormat.Version}.");
        }
    }

    /// <summary>Reads a little-endian uint32.</summary>
    /// <param name="field">Field name for messages.</param>
    /// <returns>The value.</returns>
    public uint ReadUInt32(string field)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        Fill(bytes, field, bytes.Length);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>Reads a little-endian int32.</summary>
    /// <param name="field">Field name for messages.</param>
    /// <returns>The value.</returns>
    public int ReadInt32(string field) => (int)ReadUInt32(field);

    /// <summary>Reads a stored checksum and compares it with the CRC-32C of every byte before it.</summary>
    /// <param name="field">Field name for messages, e.g. <c>"headerChecksum"</c>.</param>
    /// <param name="covers">What the checksum protects, for the message.</param>
    /// <exception cref="InvalidDataException">The checksums differ or the stream ends.</exception>
    public void VerifyChecksum(string field, string covers)
    {
        uint computed = Crc32C.Finish(_crc);
        uint stored = ReadUInt32(field);
        if (stored != computed)
        {
            throw Error($"checksum mismatch in field '{field}': stored 0x{stored:X8}, computed 0x{computed:X8}; the {covers} is corrupted.");
        }
    }

    /// <summary>Rejects a negative count or dimension read from the header.</summary>
    /// <param name="value">The value read.</param>
    /// <param name="field">Its field name.</param>
    /// <exception cref="InvalidDataException"><paramref name="value"/> is negative.</exception>
    public void RequireNonNegative(int value, string field)
    {
        if (value < 0)
        {
            throw Error($"field '{field}' is {value}, but must be non-negative.");
        }
    }

    /// <summary>Rejects a block dimension that is not positive.</summary>
    /// <param name="value">The value read.</param>
    /// <param name="field">Its field name.</param>
    /// <exception cref="InvalidDataException"><paramref name="value"/> is zero or negative.</exception>
    public void RequirePositive(int value, string field)
    {
        if (value <= 0)
        {
            throw Error($"field '{field}' is {value}, but must be positive.");
        }
    }

    /// <summary>Rejects an array length that disagrees with the shape read before it.</summary>
    /// <param name="value">The length read.</param>
    /// <param name="expected">The length the shape implies.</param>
    /// <param name="field">Its field name.</param>
    /// <param name="rule">How <paramref name="expected"/> follows from the shape.</param>
    /// <exception cref="InvalidDataException">The lengths differ.</exception>
    public void RequireLength(int value, long expected, string field, string rule)
    {
        if (value != expected)
        {
            throw Error($"field '{field}' is {value}, but must be {expected} ({rule}).");
        }
    }

    /// <summary>Rejects a shape whose element count no array can hold.</summary>
    /// <param name="count">The element count the shape implies.</param>
    /// <param name="what">What is counted, for the message.</param>
    /// <exception cref="InvalidDataException"><paramref name="count"/> exceeds <see cref="Array.MaxLength"/>.</exception>
    public void RequireArraySize(long count, string what)
    {
        if (count > Array.MaxLength)
        {
            throw Error($"{what} would need {count} elements, more than an array can hold ({Array.MaxLength}).");
        }
    }

    /// <summary>On a seekable stream, rejects a record whose remaining part is longer than what is left of the stream.</summary>
    /// <param name="bytes">Bytes the rest of the record needs, trailing checksum included.</param>
    /// <param name="field">The first field of that rest, for the message.</param>
    /// <exception cref="InvalidDataException">The stream is seekable and too short.</exception>
    public void RequireAvailable(long bytes, string field)
    {
        if (_stream.CanSeek)
        {
            long remaining = _stream.Length - _stream.Position;
            if (bytes > remaining)
            {
                throw Error($"truncated or corrupted lengths: from field '{field}' on, the header announces {bytes} more bytes, but only {remaining} remain in the stream.");
            }
        }
    }

    /// <summary>Reads <paramref name="count"/> little-endian int32.</summary>
    /// <param name="count">Element count (≥ 0, already checked).</param>
    /// <param name="field">Field name for messages.</param>
    /// <returns>The array.</returns>
    public int[] ReadInt32s(int count, string field)
    {
        int[] values = ReadArray<int>(count, field);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(values, values);
        }

        return values;
    }

    /// <summary>Reads <paramref name="count"/> float32 from their raw little-endian bits.</summary>
    /// <param name="count">Element count (≥ 0, already checked).</param>
    /// <param name="field">Field name for messages.</param>
    /// <returns>The array, bit for bit as written.</returns>
    public float[] ReadSingles(int count, string field)
    {
        float[] values = ReadArray<float>(count, field);
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }

        return values;
    }

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    /// <param name="count">Byte count (≥ 0, already checked).</param>
    /// <param name="field">Field name for messages.</param>
    /// <returns>The bytes.</returns>
    public byte[] ReadBytes(int count, string field) => ReadArray<byte>(count, field);

    /// <summary>An exception for this record type with <paramref name="message"/>.</summary>
    /// <param name="message">What is wrong, naming the field.</param>
    /// <param name="inner">The underlying cause, if any.</param>
    /// <returns>The exception to throw.</returns>
    public InvalidDataException Error(string message, Exception? inner = null) => new($"{_format.Name} record: {message}", inner);

    private T[] ReadArray<T>(int count, string field)
        where T : unmanaged
    {
        RequireArraySize(count, $"field '{field}'");
        int size = Unsafe.SizeOf<T>();
        long total = (long)count * size;
        if (_stream.CanSeek)
        {
            // RequireAvailable has bounded count by the stream length.
            var exact = new T[count];
            Fill(MemoryMarshal.AsBytes(exact.AsSpan()), field, total);
            return exact;
        }

        // Without a length to check against, trust the header only as far as the bytes that really arrive:
        // grow by doubling, so a corrupted count costs at most twice the bytes the stream actually holds.
        var data = new T[Math.Min(count, GrowthStartBytes / size)];
        int filled = 0;
        while (true)
        {
            Fill(MemoryMarshal.AsBytes(data.AsSpan(filled)), field, total, (long)filled * size);
            filled = data.Length;
            if (filled == count)
            {
                return data;
            }

            Array.Resize(ref data, (int)Math.Min(count, 2L * filled));
        }
    }

    private void Fill(Span<byte> destination, string field, long fieldBytes, long alreadyRead = 0)
    {
        int n = _stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        _crc = Crc32C.Append(_crc, destination[..n]);
        if (n < destination.Length)
        {
            throw Error($"truncated in field '{field}': it needs {fieldBytes} bytes, but the stream ended after {alreadyRead + n}.");
        }
    }

    private static string Describe(ReadOnlySpan<byte> magic)
    {
        var text = new StringBuilder("\"");
        foreach (byte b in magic)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return text.Append("\" (").Append(Convert.ToHexString(magic)).Append(')').ToString();
    }
}
