using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;

namespace Sparsity.Core.Serialization;

public static partial class SparseSerializer
{
    /// <summary>Writes a BSR matrix <c>[M, K]</c> as one <c>SPBS</c> record, padding of ragged edge blocks included (layout on <see cref="SparseSerializer"/>).</summary>
    /// <param name="stream">Destination; the record is written at its current position.</param>
    /// <param name="matrix">
    /// The matrix <c>[M, K]</c> with blocks <c>[BR, BC]</c>: block-row pointers <c>[⌈M/BR⌉ + 1]</c>, block-column
    /// indices <c>[NB]</c>, values <c>[NB · BR · BC]</c>.
    /// </param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream stream, BsrMatrix matrix)
    {
        CheckWritable(stream);
        ThrowHelper.NotNull(matrix, nameof(matrix));
        var writer = new RecordWriter(stream, RecordFormat.Bsr);
        writer.WriteInt32(matrix.Rows);
        writer.WriteInt32(matrix.Columns);
        writer.WriteInt32(matrix.BlockRows);
        writer.WriteInt32(matrix.BlockColumns);
        writer.WriteInt32(matrix.BlockRowPointers.Length);
        writer.WriteInt32(matrix.BlockColumnIndices.Length);
        writer.WriteInt32(matrix.Values.Length);
        writer.WriteChecksum();
        writer.WriteInt32s(matrix.BlockRowPointers);
        writer.WriteInt32s(matrix.BlockColumnIndices);
        writer.WriteSingles(matrix.Values);
        writer.WriteChecksum();
    }

    /// <summary>Reads one <c>SPBS</c> record written by <see cref="Write(Stream, BsrMatrix)"/>.</summary>
    /// <param name="stream">Source, positioned at the record; left just after it on success.</param>
    /// <returns>The matrix <c>[M, K]</c>, structure, value bits and padding as written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">
    /// The record has the wrong magic or an unsupported version, is truncated, fails a checksum, announces a
    /// shape, block shape or length that is negative, inconsistent or longer than the stream, or breaks a BSR
    /// invariant (the inner <see cref="ArgumentException"/> names the block row, the position and the rule).
    /// </exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static BsrMatrix ReadBsr(Stream stream)
    {
        CheckReadable(stream);
        var reader = new RecordReader(stream, RecordFormat.Bsr);
        int rows = reader.ReadInt32("rows");
        int columns = reader.ReadInt32("columns");
        int blockRows = reader.ReadInt32("blockRows");
        int blockColumns = reader.ReadInt32("blockColumns");
        int pointerCount = reader.ReadInt32("pointerCount");
        int indexCount = reader.ReadInt32("indexCount");
        int valueCount = reader.ReadInt32("valueCount");
        reader.VerifyChecksum("headerChecksum", "header");
        reader.RequireNonNegative(rows, "rows");
        reader.RequireNonNegative(columns, "columns");
        reader.RequirePositive(blockRows, "blockRows");
        reader.RequirePositive(blockColumns, "blockColumns");
        int blockRowCount = CeilDiv(rows, blockRows), blockColumnCount = CeilDiv(columns, blockColumns);
        reader.RequireLength(pointerCount, (long)blockRowCount + 1, "pointerCount", "⌈rows / blockRows⌉ + 1");
        reader.RequireNonNegative(indexCount, "indexCount");
        reader.RequireLength(valueCount, (long)indexCount * blockRows * blockColumns, "valueCount", "indexCount × blockRows × blockColumns");
        reader.RequireAvailable((4L * pointerCount) + (4L * indexCount) + (4L * valueCount) + 4, "blockRowPointers");
        int[] pointers = reader.ReadInt32s(pointerCount, "blockRowPointers");
        int[] indices = reader.ReadInt32s(indexCount, "blockColumnIndices");
        float[] values = reader.ReadSingles(valueCount, "values");
        reader.VerifyChecksum("checksum", "record");
        Structural(reader, () => CompressedStructure.Validate(blockRowCount, blockColumnCount, pointers, indices, "block row", "block column", "blockRowPointers", "blockColumnIndices"));
        return new BsrMatrix(rows, columns, blockRows, blockColumns, pointers, indices, values, trusted: true);
    }

    private static int CeilDiv(int a, int b) => (int)(((long)a + b - 1) / b);
}
