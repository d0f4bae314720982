using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Sparsity.Core.Serialization;

/// <summary>
/// Writes one record field by field in little-endian order while keeping a running CRC-32C of every byte
/// written, so that checksums cover exactly what reached the stream.
/// </summary>
internal sealed class RecordWriter
{
    private const int ScratchInts = 4096;

    private readonly Stream _stream;
    private uint _crc = Crc32C.Seed;

    /// <summary>Starts a record: writes the magic and the format version.</summary>
    /// <param name="stream">Destination, positioned where the record starts.</param>
    /// <param name="format">The record type.</param>
    public RecordWriter(Stream stream, RecordFormat format)
    {
        _stream = stream;
        Put(format.Magic);
        WriteUInt32(RecordFormat.Version);
    }

    /// <summary>Writes a little-endian uint32.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Put(bytes);
    }

    /// <summary>Writes a little-endian int32.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt32(int value) => WriteUInt32((uint)value);

    /// <summary>Writes raw bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    public void WriteBytes(ReadOnlySpan<byte> bytes) => Put(bytes);

    /// <summary>Writes an array of little-endian int32.</summary>
    /// <param name="values">The values.</param>
    public void WriteInt32s(ReadOnlySpan<int> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            Put(MemoryMarshal.AsBytes(values));
            return;
        }

        int[] scratch = ArrayPool<int>.Shared.Rent(ScratchInts);
        try
        {
            for (int i = 0; i < values.Length; i += ScratchInts)
            {
                ReadOnlySpan<int> chunk = values.Slice(i, Math.Min(ScratchInts, values.Length - i));
                Span<int> swapped = scratch.AsSpan(0, chunk.Length);
                BinaryPrimitives.ReverseEndianness(chunk, swapped);
                Put(MemoryMarshal.AsBytes(swapped));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch);
        }
    }

    /// <summary>Writes an array of float32 as their raw IEEE bits, so NaN payloads and −0 survive.</summary>
    /// <param name="values">The values.</param>
    public void WriteSingles(ReadOnlySpan<float> values) => WriteInt32s(MemoryMarshal.Cast<float, int>(values));

    /// <summary>Writes the CRC-32C of every byte written so far; it then counts as written, like any field.</summary>
    public void WriteChecksum() => WriteUInt32(Crc32C.Finish(_crc));

    private void Put(ReadOnlySpan<byte> bytes)
    {
        _crc = Crc32C.Append(_crc, bytes);
        _stream.Write(bytes);
    }
}
