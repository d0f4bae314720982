using Sparsity.Core.Validation;

namespace Sparsity.Core.Serialization;

/// <summary>
/// Binary records for <see cref="Dense.DenseMatrix"/>, <see cref="Sparse.SparsityMask"/>,
/// <see cref="Sparse.CsrMatrix"/>, <see cref="Sparse.CscMatrix"/> and <see cref="Sparse.BsrMatrix"/>, checksummed
/// and self-delimiting, so that a checkpoint can write several of them one after another into one stream and
/// read them back in the same order.
/// </summary>
/// <remarks>
/// <para>Every record is little-endian and laid out as:</para>
/// <list type="number">
/// <item><description><c>magic</c>: 4 ASCII bytes, <c>SPDM</c> dense, <c>SPMK</c> mask, <c>SPCR</c> CSR, <c>SPCC</c> CSC, <c>SPBS</c> BSR;</description></item>
/// <item><description><c>version</c>: uint32, currently <see cref="FormatVersion"/>;</description></item>
/// <item><description>shape fields, int32 each: <c>rows, columns</c>, then for BSR <c>blockRows, blockColumns</c>;</description></item>
/// <item><description>array lengths in elements, int32 each: dense <c>valueCount</c>; mask <c>byteCount</c>;
/// CSR/CSC/BSR <c>pointerCount, indexCount, valueCount</c>;</description></item>
/// <item><description><c>headerChecksum</c>: uint32 CRC-32C of every byte before it;</description></item>
/// <item><description>the raw arrays in that order: int32 pointers and indices, float32 values as raw IEEE bits
/// (NaN payloads and −0 are kept), BSR padding included; a mask packs its row-major flags 8 per byte, least
/// significant bit first, unused high bits of the last byte 0;</description></item>
/// <item><description><c>checksum</c>: uint32 CRC-32C of every byte of the record before it.</description></item>
/// </list>
/// <para>The header checksum lets a reader trust the lengths before it allocates, and makes every single
/// corrupted byte detectable: a CRC catches every burst of up to 32 bits, and with a checked header the
/// trailing checksum always covers the same bytes the writer covered.</para>
/// <para>Reading consumes exactly one record and never reads beyond it. It never allocates more than the stream
/// can supply: on a seekable stream lengths are checked against the remaining bytes, on other streams
/// arrays grow as their bytes arrive. After a failed read the stream position is unspecified.</para>
/// </remarks>
public static partial class SparseSerializer
{
    /// <summary>The record format version written and read by this library.</summary>
    public const int FormatVersion = (int)RecordFormat.Version;

    private static void CheckWritable(Stream stream)
    {
        ThrowHelper.NotNull(stream, nameof(stream));
        if (!stream.CanWrite)
        {
            ThrowHelper.Argument(nameof(stream), "The stream must be writable.");
        }
    }

    private static void CheckReadable(Stream stream)
    {
        ThrowHelper.NotNull(stream, nameof(stream));
        if (!stream.CanRead)
        {
            ThrowHelper.Argument(nameof(stream), "The stream must be readable.");
        }
    }

    /// <summary>Runs a structural validator on content whose checksums matched, reporting a broken rule as corrupt data.</summary>
    private static void Structural(RecordReader reader, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw reader.Error($"the checksums match but the content is structurally invalid: {e.Message}", e);
        }
    }
}
