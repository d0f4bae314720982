using System.Buffers.Binary;

using Sparsity.Tests.Reference;

namespace Sparsity.Tests.Core.Serialization;

/// <summary>
/// Edits serialised records the way a buggy or hostile writer would, then recomputes both checksums with the
/// reference CRC, so that the reader's other checks (lengths, structure) are what must reject the result.
/// </summary>
public static class RecordPatch
{
    /// <summary>A copy of <paramref name="record"/> with the int32 at <paramref name="offset"/> replaced and both checksums recomputed.</summary>
    /// <param name="record">A whole record.</param>
    /// <param name="headerChecksumOffset">Where its header checksum lies.</param>
    /// <param name="offset">Byte offset of the int32 to replace.</param>
    /// <param name="value">The new value.</param>
    /// <returns>The patched, resealed record.</returns>
    public static byte[] SetInt32(byte[] record, int headerChecksumOffset, int offset, int value)
    {
        ArgumentNullException.ThrowIfNull(record);
        byte[] copy = (byte[])record.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
        Reseal(copy, headerChecksumOffset);
        return copy;
    }

    /// <summary>Recomputes the header checksum and the trailing checksum of a record in place.</summary>
    /// <param name="record">A whole record (the trailing checksum is its last 4 bytes).</param>
    /// <param name="headerChecksumOffset">Where its header checksum lies.</param>
    public static void Reseal(byte[] record, int headerChecksumOffset)
    {
        ArgumentNullException.ThrowIfNull(record);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(headerChecksumOffset), Crc32CReference.Compute(record.AsSpan(0, headerChecksumOffset)));
        if (record.Length >= headerChecksumOffset + 8)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(record.Length - 4), Crc32CReference.Compute(record.AsSpan(0, record.Length - 4)));
        }
    }
}
