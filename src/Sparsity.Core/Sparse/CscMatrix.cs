using Sparsity.Core.Conversions;
using Sparsity.Core.Dense;
using Sparsity.Core.Validation;

namespace Sparsity.Core.Sparse;

/// <summary>
/// Compressed sparse column matrix <c>[Rows, Columns]</c> of <c>float</c> values with <c>int</c> indices.
/// Column c holds the entries <c>(RowIndices[p], c) = Values[p]</c> for
/// <c>ColumnPointers[c] ≤ p &lt; ColumnPointers[c + 1]</c>; row indices are sorted and unique within a column.
/// </summary>
/// <remarks>
/// This is the format of the event-driven product: when only some inputs fired, <c>y += W[:, active] · x[active]</c>
/// reads only the columns of the units that fired. The structure is fixed once built, values stay writable,
/// and a stored zero stays stored.
/// </remarks>
public sealed class CscMatrix
{
    private readonly int[] _columnPointers;
    private readonly int[] _rowIndices;
    private readonly float[] _values;

    /// <summary>Builds a CSC matrix from raw arrays (copied), checking every invariant.</summary>
    /// <param name="rows">Number of rows M (≥ 0).</param>
    /// <param name="columns">Number of columns K (≥ 0).</param>
    /// <param name="columnPointers">Column pointers <c>[K + 1]</c>: start at 0, non-decreasing, end at NNZ.</param>
    /// <param name="rowIndices">Row index of each entry <c>[NNZ]</c>, in [0, M), strictly increasing within each column.</param>
    /// <param name="values">Value of each entry <c>[NNZ]</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">An invariant is broken; the message names the column, the position and the rule.</exception>
    public CscMatrix(int rows, int columns, ReadOnlySpan<int> columnPointers, ReadOnlySpan<int> rowIndices, ReadOnlySpan<float> values)
    {
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        CompressedStructure.Validate(columns, rows, columnPointers, rowIndices, "column", "row", nameof(columnPointers), nameof(rowIndices));
        ThrowHelper.Length(values.Length, rowIndices.Length, nameof(values), "NNZ = columnPointers[columns]");
        Rows = rows;
        Columns = columns;
        _columnPointers = columnPointers.ToArray();
        _rowIndices = rowIndices.ToArray();
        _values = values.ToArray();
    }

    /// <summary>Takes ownership of arrays already known to be valid (conversions inside the library).</summary>
    internal CscMatrix(int rows, int columns, int[] columnPointers, int[] rowIndices, float[] values, bool trusted)
    {
        System.Diagnostics.Debug.Assert(trusted);
        Rows = rows;
        Columns = columns;
        _columnPointers = columnPointers;
        _rowIndices = rowIndices;
        _values = values;
    }

    /// <summary>Number of rows M.</summary>
    public int Rows { get; }

    /// <summary>Number of columns K.</summary>
    public int Columns { get; }

    /// <summary>Number of stored entries NNZ (explicitly stored zeros included).</summary>
    public int Nnz => _values.Length;

    /// <summary>Stored entries over all entries, in [0, 1]; 0 for an empty shape.</summary>
    public double Density => Rows == 0 || Columns == 0 ? 0.0 : (double)Nnz / ((long)Rows * Columns);

    /// <summary>Bytes held by the three arrays (pointers, indices, values).</summary>
    public long MemoryBytes => ((long)_columnPointers.Length + _rowIndices.Length + _values.Length) * 4L;

    /// <summary>Column pointers <c>[K + 1]</c>.</summary>
    public ReadOnlySpan<int> ColumnPointers => _columnPointers;

    /// <summary>Row indices <c>[NNZ]</c>, sorted and unique within each column.</summary>
    public ReadOnlySpan<int> RowIndices => _rowIndices;

    /// <summary>Stored values <c>[NNZ]</c>; writable, the structure is not.</summary>
    public Span<float> Values => _values;

    /// <summary>True when any stored value is NaN or ±Infinity.</summary>
    /// <returns>Whether a non-finite value is stored.</returns>
    public bool HasNonFinite() => NonFinite.Any(_values);

    /// <summary>Stores the entries of <paramref name="dense"/> that <paramref name="mask"/> keeps (zeros included).</summary>
    /// <param name="dense">Source values <c>[M, K]</c>.</param>
    /// <param name="mask">Pattern <c>[M, K]</c>.</param>
    /// <returns>A CSC matrix whose structure is exactly the mask.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static CscMatrix FromDense(DenseMatrix dense, SparsityMask mask)
    {
        ThrowHelper.NotNull(dense, nameof(dense));
        ThrowHelper.NotNull(mask, nameof(mask));
        if (dense.Rows != mask.Rows || dense.Columns != mask.Columns)
        {
            ThrowHelper.Argument(nameof(mask), $"The mask is {mask.Rows}×{mask.Columns} but the matrix is {dense.Rows}×{dense.Columns}.");
        }

        int m = dense.Rows, k = dense.Columns;
        ReadOnlySpan<bool> kept = mask.AsSpan();
        ReadOnlySpan<float> a = dense.AsSpan();
        var columnPointers = new int[k + 1];
        var rowIndices = new int[mask.KeptCount];
        var values = new float[mask.KeptCount];
        int p = 0;
        for (int c = 0; c < k; c++)
        {
            for (int r = 0; r < m; r++)
            {
                if (kept[r * k + c])
                {
                    rowIndices[p] = r;
                    values[p] = a[r * k + c];
                    p++;
                }
            }

            columnPointers[c + 1] = p;
        }

        return new CscMatrix(m, k, columnPointers, rowIndices, values, trusted: true);
    }

    /// <summary>Stores the entries of <paramref name="dense"/> whose magnitude exceeds <paramref name="threshold"/>.</summary>
    /// <param name="dense">Source values <c>[M, K]</c>.</param>
    /// <param name="threshold">Keep |a| &gt; threshold (≥ 0; 0 keeps every nonzero).</param>
    /// <returns>The thresholded CSC matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dense"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative or NaN.</exception>
    public static CscMatrix FromDense(DenseMatrix dense, float threshold = 0f) => FromDense(dense, SparsityMask.FromMagnitude(dense, threshold));

    /// <summary>The dense matrix: stored values in place, zeros elsewhere.</summary>
    /// <returns>A new <c>[M, K]</c> matrix.</returns>
    public DenseMatrix ToDense()
    {
        var d = new DenseMatrix(Rows, Columns);
        Span<float> a = d.AsSpan();
        for (int c = 0; c < Columns; c++)
        {
            for (int p = _columnPointers[c]; p < _columnPointers[c + 1]; p++)
            {
                a[_rowIndices[p] * Columns + c] = _values[p];
            }
        }

        return d;
    }

    /// <summary>The stored pattern as a mask.</summary>
    /// <returns>A mask that keeps exactly the stored entries.</returns>
    public SparsityMask ToMask() => SparseConversions.ToMask(this);

    /// <summary>The same matrix <c>[M, K]</c> in CSR form; see <see cref="SparseConversions.ToCsr(CscMatrix)"/>.</summary>
    /// <returns>A CSR matrix with exactly the stored entries (stored zeros included).</returns>
    public CsrMatrix ToCsr() => SparseConversions.ToCsr(this);

    /// <summary>The transpose Aᵀ <c>[K, M]</c>, in CSC form; see <see cref="SparseConversions.Transpose(CscMatrix)"/>.</summary>
    /// <returns>Aᵀ, with the stored pattern transposed.</returns>
    public CscMatrix Transpose() => SparseConversions.Transpose(this);

    /// <summary>A deep copy (structure and values).</summary>
    /// <returns>The copy.</returns>
    public CscMatrix Clone() => new(Rows, Columns, (int[])_columnPointers.Clone(), (int[])_rowIndices.Clone(), (float[])_values.Clone(), trusted: true);

    /// <summary>Re-checks every structural invariant.</summary>
    /// <exception cref="ArgumentException">An invariant is broken.</exception>
    public void Validate() => CompressedStructure.Validate(Columns, Rows, _columnPointers, _rowIndices, "column", "row", nameof(ColumnPointers), nameof(RowIndices));

    /// <summary>A short description for test output and debuggers: the shape and NNZ.</summary>
    /// <returns>For example <c>CscMatrix [3, 4], NNZ 5</c>.</returns>
    public override string ToString() => $"CscMatrix [{Rows}, {Columns}], NNZ {Nnz}";
}
