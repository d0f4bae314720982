using Sparsity.Core.Dense;
using Sparsity.Core.Validation;

namespace Sparsity.Core.Serialization;

public static partial class SparseSerializer
{
    /// <summary>Writes a dense matrix <c>[M, K]</c> as one <c>SPDM</c> record (layout on <see cref="SparseSerializer"/>).</summary>
    /// <param name="stream">Destination; the record is written at its current position.</param>
    /// <param name="matrix">The matrix <c>[M, K]</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream stream, DenseMatrix matrix)
    {
        CheckWritable(stream);
        ThrowHelper.NotNull(matrix, nameof(matrix));
        var writer = new RecordWriter(stream, RecordFormat.Dense);
        writer.WriteInt32(matrix.Rows);
        writer.WriteInt32(matrix.Columns);
        writer.WriteInt32(matrix.Count);
        writer.WriteChecksum();
        writer.WriteSingles(matrix.AsSpan());
        writer.WriteChecksum();
    }

    /// <summary>Reads one <c>SPDM</c> record written by <see cref="Write(Stream, DenseMatrix)"/>.</summary>
    /// <param name="stream">Source, positioned at the record; left just after it on success.</param>
    /// <returns>The matrix <c>[M, K]</c>, bit for bit as written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">
    /// The record has the wrong magic or an unsupported version, is truncated, fails a checksum, or announces a
    /// shape or length that is negative, inconsistent or longer than the stream. The message names the field.
    /// </exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static DenseMatrix ReadDense(Stream stream)
    {
        CheckReadable(stream);
        var reader = new RecordReader(stream, RecordFormat.Dense);
        int rows = reader.ReadInt32("rows");
        int columns = reader.ReadInt32("columns");
        int valueCount = reader.ReadInt32("valueCount");
        reader.VerifyChecksum("headerChecksum", "header");
        reader.RequireNonNegative(rows, "rows");
        reader.RequireNonNegative(columns, "columns");
        reader.RequireLength(valueCount, (long)rows * columns, "valueCount", "rows × columns");
        reader.RequireAvailable((4L * valueCount) + 4, "values");
        float[] values = reader.ReadSingles(valueCount, "values");
        reader.VerifyChecksum("checksum", "record");
        return new DenseMatrix(rows, columns, values);
    }
}
