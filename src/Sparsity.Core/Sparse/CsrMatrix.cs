using Sparsity.Core.Conversions;
using Sparsity.Core.Dense;
using Sparsity.Core.Validation;

namespace Sparsity.Core.Sparse;

/// <summary>
/// Compressed sparse row matrix <c>[Rows, Columns]</c> of <c>float</c> values with <c>int</c> indices.
/// Row r holds the entries <c>(r, ColumnIndices[p]) = Values[p]</c> for
/// <c>RowPointers[r] ≤ p &lt; RowPointers[r + 1]</c>; column indices are sorted and unique within a row.
/// </summary>
/// <remarks>
/// The structure is the mask: it is fixed once built, while <see cref="Values"/> stays writable. Writing
/// 0 into a stored value keeps the entry (unlike MathNet.Numerics, which deletes it), so a pruning mask
/// never shrinks silently. NaN and ±Infinity may be stored; <see cref="HasNonFinite"/> detects them.
/// </remarks>
public sealed class CsrMatrix
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;
    private readonly float[] _values;

    /// <summary>Builds a CSR matrix from raw arrays (copied), checking every invariant.</summary>
    /// <param name="rows">Number of rows M (≥ 0).</param>
    /// <param name="columns">Number of columns K (≥ 0).</param>
    /// <param name="rowPointers">Row pointers <c>[M + 1]</c>: start at 0, non-decreasing, end at NNZ.</param>
    /// <param name="columnIndices">Column index of each entry <c>[NNZ]</c>, in [0, K), strictly increasing within each row.</param>
    /// <param name="values">Value of each entry <c>[NNZ]</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">An invariant is broken; the message names the row, the position and the rule.</exception>
    public CsrMatrix(int rows, int columns, ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values)
    {
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        CompressedStructure.Validate(rows, columns, rowPointers, columnIndices, "row", "column", nameof(rowPointers), nameof(columnIndices));
        ThrowHelper.Length(values.Length, columnIndices.Length, nameof(values), "NNZ = rowPointers[rows]");
        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers.ToArray();
        _columnIndices = columnIndices.ToArray();
        _values = values.ToArray();
    }

    /// <summary>Takes ownership of arrays already known to be valid (conversions inside the library).</summary>
    internal CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values, bool trusted)
    {
        System.Diagnostics.Debug.Assert(trusted);
        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers;
        _columnIndices = columnIndices;
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
    public long MemoryBytes => ((long)_rowPointers.Length + _columnIndices.Length + _values.Length) * 4L;

    /// <summary>Row pointers <c>[M + 1]</c>.</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>Column indices <c>[NNZ]</c>, sorted and unique within each row.</summary>
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;

    /// <summary>Stored values <c>[NNZ]</c>; writable, the structure is not.</summary>
    public Span<float> Values => _values;

    /// <summary>True when any stored value is NaN or ±Infinity.</summary>
    /// <returns>Whether a non-finite value is stored.</returns>
    public bool HasNonFinite() => NonFinite.Any(_values);

    /// <summary>Stores the entries of <paramref name="dense"/> that <paramref name="mask"/> keeps (zeros included).</summary>
    /// <param name="dense">Source values <c>[M, K]</c>.</param>
    /// <param name="mask">Pattern <c>[M, K]</c>.</param>
    /// <returns>A CSR matrix whose structure is exactly the mask.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static CsrMatrix FromDense(DenseMatrix dense, SparsityMask mask)
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
        var rowPointers = new int[m + 1];
        var columnIndices = new int[mask.KeptCount];
        var values = new float[mask.KeptCount];
        int p = 0;
        for (int r = 0; r < m; r++)
        {
            for (int c = 0; c < k; c++)
            {
                if (kept[r * k + c])
                {
                    columnIndices[p] = c;
                    values[p] = a[r * k + c];
                    p++;
                }
            }

            rowPointers[r + 1] = p;
        }

        return new CsrMatrix(m, k, rowPointers, columnIndices, values, trusted: true);
    }

    /// <summary>Stores the entries of <paramref name="dense"/> whose magnitude exceeds <paramref name="threshold"/>.</summary>
    /// <param name="dense">Source values <c>[M, K]</c>.</param>
    /// <param name="threshold">Keep |a| &gt; threshold (≥ 0; 0 keeps every nonzero).</param>
    /// <returns>The thresholded CSR matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dense"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative or NaN.</exception>
    public static CsrMatrix FromDense(DenseMatrix dense, float threshold = 0f) => FromDense(dense, SparsityMask.FromMagnitude(dense, threshold));

    /// <summary>The dense matrix: stored values in place, zeros elsewhere.</summary>
    /// <returns>A new <c>[M, K]</c> matrix.</returns>
    public DenseMatrix ToDense()
    {
        var d = new DenseMatrix(Rows, Columns);
        Span<float> a = d.AsSpan();
        for (int r = 0; r < Rows; r++)
        {
            for (int p = _rowPointers[r]; p < _rowPointers[r + 1]; p++)
            {
                a[r * Columns + _columnIndices[p]] = _values[p];
            }
        }

        return d;
    }

    /// <summary>The stored pattern as a mask.</summary>
    /// <returns>A mask that keeps exactly the stored entries.</returns>
    public SparsityMask ToMask() => SparseConversions.ToMask(this);

    /// <summary>The same matrix <c>[M, K]</c> in CSC form; see <see cref="SparseConversions.ToCsc(CsrMatrix)"/>.</summary>
    /// <returns>A CSC matrix with exactly the stored entries (stored zeros included).</returns>
    public CscMatrix ToCsc() => SparseConversions.ToCsc(this);

    /// <summary>The same matrix <c>[M, K]</c> in BSR form; see <see cref="SparseConversions.ToBsr(CsrMatrix, int, int)"/>.</summary>
    /// <param name="blockRows">Rows per block (≥ 1).</param>
    /// <param name="blockColumns">Columns per block (≥ 1).</param>
    /// <returns>A BSR matrix storing every block that holds at least one stored entry; its other entries are 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A block dimension is not positive.</exception>
    /// <exception cref="ArgumentException">The stored blocks would hold more values than an array can.</exception>
    public BsrMatrix ToBsr(int blockRows, int blockColumns) => SparseConversions.ToBsr(this, blockRows, blockColumns);

    /// <summary>The transpose Aᵀ <c>[K, M]</c>, in CSR form; see <see cref="SparseConversions.Transpose(CsrMatrix)"/>.</summary>
    /// <returns>Aᵀ, with the stored pattern transposed.</returns>
    public CsrMatrix Transpose() => SparseConversions.Transpose(this);

    /// <summary>A deep copy (structure and values).</summary>
    /// <returns>The copy.</returns>
    public CsrMatrix Clone() => new(Rows, Columns, (int[])_rowPointers.Clone(), (int[])_columnIndices.Clone(), (float[])_values.Clone(), trusted: true);

    /// <summary>Re-checks every structural invariant (useful after deserialisation or interop).</summary>
    /// <exception cref="ArgumentException">An invariant is broken.</exception>
    public void Validate() => CompressedStructure.Validate(Rows, Columns, _rowPointers, _columnIndices, "row", "column", nameof(RowPointers), nameof(ColumnIndices));

    /// <summary>A short description for test output and debuggers: the shape and NNZ.</summary>
    /// <returns>For example <c>CsrMatrix [3, 4], NNZ 5</c>.</returns>
    public override string ToString() => $"CsrMatrix [{Rows}, {Columns}], NNZ {Nnz}";
}
