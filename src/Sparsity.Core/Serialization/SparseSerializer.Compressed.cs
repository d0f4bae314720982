using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;

namespace Sparsity.Core.Serialization;

public static partial class SparseSerializer
{
    /// <summary>Writes a CSR matrix <c>[M, K]</c> as one <c>SPCR</c> record (layout on <see cref="SparseSerializer"/>).</summary>
    /// <param name="stream">Destination; the record is written at its current position.</param>
    /// <param name="matrix">The matrix <c>[M, K]</c>: row pointers <c>[M + 1]</c>, column indices and values <c>[NNZ]</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream stream, CsrMatrix matrix)
    {
        CheckWritable(stream);
        ThrowHelper.NotNull(matrix, nameof(matrix));
        WriteCompressed(stream, RecordFormat.Csr, matrix.Rows, matrix.Columns, matrix.RowPointers, matrix.ColumnIndices, matrix.Values);
    }

    /// <summary>Writes a CSC matrix <c>[M, K]</c> as one <c>SPCC</c> record (layout on <see cref="SparseSerializer"/>).</summary>
    /// <param name="stream">Destination; the record is written at its current position.</param>
    /// <param name="matrix">The matrix <c>[M, K]</c>: column pointers <c>[K + 1]</c>, row indices and values <c>[NNZ]</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream stream, CscMatrix matrix)
    {
        CheckWritable(stream);
        ThrowHelper.NotNull(matrix, nameof(matrix));
        WriteCompressed(stream, RecordFormat.Csc, matrix.Rows, matrix.Columns, matrix.ColumnPointers, matrix.RowIndices, matrix.Values);
    }

    /// <summary>Reads one <c>SPCR</c> record written by <see cref="Write(Stream, CsrMatrix)"/>.</summary>
    /// <param name="stream">Source, positioned at the record; left just after it on success.</param>
    /// <returns>The matrix <c>[M, K]</c>, structure and value bits as written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">
    /// The record has the wrong magic or an unsupported version, is truncated, fails a checksum, announces a
    /// shape or length that is negative, inconsistent or longer than the stream, or breaks a CSR invariant
    /// (the inner <see cref="ArgumentException"/> names the row, the position and the rule).
    /// </exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static CsrMatrix ReadCsr(Stream stream)
    {
        CheckReadable(stream);
        var (rows, columns, pointers, indices, values) = ReadCompressed(stream, RecordFormat.Csr, byRows: true);
        return new CsrMatrix(rows, columns, pointers, indices, values, trusted: true);
    }

    /// <summary>Reads one <c>SPCC</c> record written by <see cref="Write(Stream, CscMatrix)"/>.</summary>
    /// <param name="stream">Source, positioned at the record; left just after it on success.</param>
    /// <returns>The matrix <c>[M, K]</c>, structure and value bits as written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">
    /// The record has the wrong magic or an unsupported version, is truncated, fails a checksum, announces a
    /// shape or length that is negative, inconsistent or longer than the stream, or breaks a CSC invariant
    /// (the inner <see cref="ArgumentException"/> names the column, the position and the rule).
    /// </exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static CscMatrix ReadCsc(Stream stream)
    {
        CheckReadable(stream);
        var (rows, columns, pointers, indices, values) = ReadCompressed(stream, RecordFormat.Csc, byRows: false);
        return new CscMatrix(rows, columns, pointers, indices, values, trusted: true);
    }

    private static void WriteCompressed(Stream stream, RecordFormat format, int rows, int columns, ReadOnlySpan<int> pointers, ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        var writer = new RecordWriter(stream, format);
        writer.WriteInt32(rows);
        writer.WriteInt32(columns);
        writer.WriteInt32(pointers.Length);
        writer.WriteInt32(indices.Length);
        writer.WriteInt32(values.Length);
        writer.WriteChecksum();
        writer.WriteInt32s(pointers);
        writer.WriteInt32s(indices);
        writer.WriteSingles(values);
        writer.WriteChecksum();
    }

    /// <summary>Reads a CSR record (<paramref name="byRows"/>) or a CSC record; field names follow the constructor parameters.</summary>
    private static (int Rows, int Columns, int[] Pointers, int[] Indices, float[] Values) ReadCompressed(Stream stream, RecordFormat format, bool byRows)
    {
        string major = byRows ? "row" : "column", minor = byRows ? "column" : "row";
        string pointersName = byRows ? "rowPointers" : "columnPointers", indicesName = byRows ? "columnIndices" : "rowIndices";
        var reader = new RecordReader(stream, format);
        int rows = reader.ReadInt32("rows");
        int columns = reader.ReadInt32("columns");
        int pointerCount = reader.ReadInt32("pointerCount");
        int indexCount = reader.ReadInt32("indexCount");
        int valueCount = reader.ReadInt32("valueCount");
        reader.VerifyChecksum("headerChecksum", "header");
        reader.RequireNonNegative(rows, "rows");
        reader.RequireNonNegative(columns, "columns");
        int majorCount = byRows ? rows : columns, minorCount = byRows ? columns : rows;
        reader.RequireLength(pointerCount, (long)majorCount + 1, "pointerCount", $"{major} count + 1");
        reader.RequireNonNegative(indexCount, "indexCount");
        reader.RequireLength(valueCount, indexCount, "valueCount", "indexCount");
        reader.RequireAvailable((4L * pointerCount) + (8L * indexCount) + 4, pointersName);
        int[] pointers = reader.ReadInt32s(pointerCount, pointersName);
        int[] indices = reader.ReadInt32s(indexCount, indicesName);
        float[] values = reader.ReadSingles(valueCount, "values");
        reader.VerifyChecksum("checksum", "record");
        Structural(reader, () => CompressedStructure.Validate(majorCount, minorCount, pointers, indices, major, minor, pointersName, indicesName));
        return (rows, columns, pointers, indices, values);
    }
}
