using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;

namespace Sparsity.Core.Serialization;

public static partial class SparseSerializer
{
    /// <summary>Writes a mask <c>[M, K]</c> as one <c>SPMK</c> record, its flags packed 8 per byte (layout on <see cref="SparseSerializer"/>).</summary>
    /// <param name="stream">Destination; the record is written at its current position.</param>
    /// <param name="mask">The mask <c>[M, K]</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream stream, SparsityMask mask)
    {
        CheckWritable(stream);
        ThrowHelper.NotNull(mask, nameof(mask));
        ReadOnlySpan<bool> kept = mask.AsSpan();
        var packed = new byte[PackedLength(kept.Length)];
        for (int i = 0; i < kept.Length; i++)
        {
            if (kept[i])
            {
                packed[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        var writer = new RecordWriter(stream, RecordFormat.Mask);
        writer.WriteInt32(mask.Rows);
        writer.WriteInt32(mask.Columns);
        writer.WriteInt32(packed.Length);
        writer.WriteChecksum();
        writer.WriteBytes(packed);
        writer.WriteChecksum();
    }

    /// <summary>Reads one <c>SPMK</c> record written by <see cref="Write(Stream, SparsityMask)"/>.</summary>
    /// <param name="stream">Source, positioned at the record; left just after it on success.</param>
    /// <returns>The mask <c>[M, K]</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">
    /// The record has the wrong magic or an unsupported version, is truncated, fails a checksum, announces a
    /// shape or length that is negative, inconsistent or longer than the stream, or sets an unused bit of its
    /// last byte. The message names the field.
    /// </exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static SparsityMask ReadMask(Stream stream)
    {
        CheckReadable(stream);
        var reader = new RecordReader(stream, RecordFormat.Mask);
        int rows = reader.ReadInt32("rows");
        int columns = reader.ReadInt32("columns");
        int byteCount = reader.ReadInt32("byteCount");
        reader.VerifyChecksum("headerChecksum", "header");
        reader.RequireNonNegative(rows, "rows");
        reader.RequireNonNegative(columns, "columns");
        long count = (long)rows * columns;
        reader.RequireArraySize(count, "rows × columns");
        reader.RequireLength(byteCount, PackedLength(count), "byteCount", "⌈rows × columns / 8⌉");
        reader.RequireAvailable((long)byteCount + 4, "flags");
        byte[] packed = reader.ReadBytes(byteCount, "flags");
        reader.VerifyChecksum("checksum", "record");

        // Unused bits must be 0 so that every mask has exactly one encoding.
        if (count % 8 != 0 && packed[^1] >> (int)(count % 8) != 0)
        {
            throw reader.Error($"the checksums match but field 'flags' sets unused bits of its last byte (0x{packed[^1]:X2}); only the low {count % 8} bits may be set.");
        }

        var kept = new bool[count];
        int keptCount = 0;
        for (int i = 0; i < kept.Length; i++)
        {
            bool k = ((packed[i >> 3] >> (i & 7)) & 1) != 0;
            kept[i] = k;
            keptCount += k ? 1 : 0;
        }

        return new SparsityMask(rows, columns, kept, keptCount);
    }

    private static int PackedLength(long flags) => (int)((flags + 7) / 8);
}
