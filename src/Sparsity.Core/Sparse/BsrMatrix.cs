using Sparsity.Core.Conversions;
using Sparsity.Core.Dense;
using Sparsity.Core.Validation;

namespace Sparsity.Core.Sparse;

/// <summary>
/// Block compressed sparse row matrix <c>[Rows, Columns]</c>: the matrix is tiled into
/// <c>BlockRows × BlockColumns</c> blocks (for example 16×1 vertical or 1×8 horizontal blocks), and only
/// the stored blocks are kept, as dense row-major tiles. Block row i holds the blocks
/// <c>(i, BlockColumnIndices[p])</c> for <c>BlockRowPointers[i] ≤ p &lt; BlockRowPointers[i + 1]</c>,
/// block p's values being <c>Values[p * BlockRows * BlockColumns ..]</c>, row-major inside the block.
/// </summary>
/// <remarks>
/// <para>SIMD-friendly pruning patterns live here: one vector operation per block, no gather.</para>
/// <para>The shape need not be a multiple of the block shape: the last block row and block column may
/// reach past the matrix. Their out-of-range entries are padding, stored (as zero when built by the library)
/// but ignored by every operation, conversion and kernel.</para>
/// <para>The structure (which blocks are stored) is fixed once built; values stay writable, and a block
/// whose values are all zero stays stored.</para>
/// </remarks>
public sealed class BsrMatrix
{
    private readonly int[] _blockRowPointers;
    private readonly int[] _blockColumnIndices;
    private readonly float[] _values;

    /// <summary>Builds a BSR matrix from raw arrays (copied), checking every invariant.</summary>
    /// <param name="rows">Number of rows M (≥ 0).</param>
    /// <param name="columns">Number of columns K (≥ 0).</param>
    /// <param name="blockRows">Rows per block (≥ 1).</param>
    /// <param name="blockColumns">Columns per block (≥ 1).</param>
    /// <param name="blockRowPointers">Block-row pointers <c>[⌈M/blockRows⌉ + 1]</c>.</param>
    /// <param name="blockColumnIndices">Block-column index of each stored block <c>[NB]</c>, in [0, ⌈K/blockColumns⌉), strictly increasing within a block row.</param>
    /// <param name="values">Block values <c>[NB · blockRows · blockColumns]</c>, each block row-major.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or a block dimension is not positive.</exception>
    /// <exception cref="ArgumentException">An invariant is broken; the message names the block row, the position and the rule.</exception>
    public BsrMatrix(int rows, int columns, int blockRows, int blockColumns, ReadOnlySpan<int> blockRowPointers, ReadOnlySpan<int> blockColumnIndices, ReadOnlySpan<float> values)
    {
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        ThrowHelper.Positive(blockRows, nameof(blockRows));
        ThrowHelper.Positive(blockColumns, nameof(blockColumns));
        int blockRowCount = CeilDiv(rows, blockRows);
        int blockColumnCount = CeilDiv(columns, blockColumns);
        CompressedStructure.Validate(blockRowCount, blockColumnCount, blockRowPointers, blockColumnIndices, "block row", "block column", nameof(blockRowPointers), nameof(blockColumnIndices));
        ThrowHelper.Length(values.Length, (long)blockColumnIndices.Length * blockRows * blockColumns, nameof(values), "stored blocks × blockRows × blockColumns");
        Rows = rows;
        Columns = columns;
        BlockRows = blockRows;
        BlockColumns = blockColumns;
        _blockRowPointers = blockRowPointers.ToArray();
        _blockColumnIndices = blockColumnIndices.ToArray();
        _values = values.ToArray();
    }

    /// <summary>Takes ownership of arrays already known to be valid (conversions inside the library).</summary>
    internal BsrMatrix(int rows, int columns, int blockRows, int blockColumns, int[] blockRowPointers, int[] blockColumnIndices, float[] values, bool trusted)
    {
        System.Diagnostics.Debug.Assert(trusted);
        Rows = rows;
        Columns = columns;
        BlockRows = blockRows;
        BlockColumns = blockColumns;
        _blockRowPointers = blockRowPointers;
        _blockColumnIndices = blockColumnIndices;
        _values = values;
    }

    /// <summary>Number of rows M.</summary>
    public int Rows { get; }

    /// <summary>Number of columns K.</summary>
    public int Columns { get; }

    /// <summary>Rows per block.</summary>
    public int BlockRows { get; }

    /// <summary>Columns per block.</summary>
    public int BlockColumns { get; }

    /// <summary>Number of block rows, <c>⌈M / BlockRows⌉</c>.</summary>
    public int BlockRowCount => CeilDiv(Rows, BlockRows);

    /// <summary>Number of block columns, <c>⌈K / BlockColumns⌉</c>.</summary>
    public int BlockColumnCount => CeilDiv(Columns, BlockColumns);

    /// <summary>Number of stored blocks NB.</summary>
    public int BlockCount => _blockColumnIndices.Length;

    /// <summary>Number of stored entries inside the matrix (padding of edge blocks excluded).</summary>
    public long Nnz
    {
        get
        {
            long n = 0;
            for (int i = 0; i < BlockRowCount; i++)
            {
                int h = Math.Min(BlockRows, Rows - i * BlockRows);
                for (int p = _blockRowPointers[i]; p < _blockRowPointers[i + 1]; p++)
                {
                    n += (long)h * Math.Min(BlockColumns, Columns - _blockColumnIndices[p] * BlockColumns);
                }
            }

            return n;
        }
    }

    /// <summary>Stored entries (padding excluded) over all entries, in [0, 1]; 0 for an empty shape.</summary>
    public double Density => Rows == 0 || Columns == 0 ? 0.0 : (double)Nnz / ((long)Rows * Columns);

    /// <summary>Bytes held by the three arrays (pointers, indices, values including padding).</summary>
    public long MemoryBytes => ((long)_blockRowPointers.Length + _blockColumnIndices.Length + _values.Length) * 4L;

    /// <summary>Block-row pointers <c>[⌈M/BlockRows⌉ + 1]</c>.</summary>
    public ReadOnlySpan<int> BlockRowPointers => _blockRowPointers;

    /// <summary>Block-column indices <c>[NB]</c>, sorted and unique within each block row.</summary>
    public ReadOnlySpan<int> BlockColumnIndices => _blockColumnIndices;

    /// <summary>Block values <c>[NB · BlockRows · BlockColumns]</c>, each block row-major; writable.</summary>
    public Span<float> Values => _values;

    /// <summary>True when any stored value inside the matrix is NaN or ±Infinity (padding is ignored).</summary>
    /// <returns>Whether a non-finite value is stored.</returns>
    public bool HasNonFinite()
    {
        int bs = BlockRows * BlockColumns;
        for (int i = 0; i < BlockRowCount; i++)
        {
            int h = Math.Min(BlockRows, Rows - i * BlockRows);
            for (int p = _blockRowPointers[i]; p < _blockRowPointers[i + 1]; p++)
            {
                int w = Math.Min(BlockColumns, Columns - _blockColumnIndices[p] * BlockColumns);
                for (int r = 0; r < h; r++)
                {
                    if (NonFinite.Any(_values.AsSpan(p * bs + r * BlockColumns, w)))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Stores every block of <paramref name="dense"/> in which <paramref name="mask"/> keeps at least one entry;
    /// inside a stored block, kept entries take their value and the others are stored as 0.
    /// </summary>
    /// <param name="dense">Source values <c>[M, K]</c>.</param>
    /// <param name="mask">Pattern <c>[M, K]</c>.</param>
    /// <param name="blockRows">Rows per block (≥ 1).</param>
    /// <param name="blockColumns">Columns per block (≥ 1).</param>
    /// <returns>The BSR matrix; its <see cref="ToDense"/> equals <c>dense ⊙ mask</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A block dimension is not positive.</exception>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static BsrMatrix FromDense(DenseMatrix dense, SparsityMask mask, int blockRows, int blockColumns)
    {
        ThrowHelper.NotNull(dense, nameof(dense));
        ThrowHelper.NotNull(mask, nameof(mask));
        ThrowHelper.Positive(blockRows, nameof(blockRows));
        ThrowHelper.Positive(blockColumns, nameof(blockColumns));
        if (dense.Rows != mask.Rows || dense.Columns != mask.Columns)
        {
            ThrowHelper.Argument(nameof(mask), $"The mask is {mask.Rows}×{mask.Columns} but the matrix is {dense.Rows}×{dense.Columns}.");
        }

        int m = dense.Rows, k = dense.Columns;
        int nbr = CeilDiv(m, blockRows), nbc = CeilDiv(k, blockColumns), bs = blockRows * blockColumns;
        ReadOnlySpan<bool> kept = mask.AsSpan();
        ReadOnlySpan<float> a = dense.AsSpan();
        var pointers = new int[nbr + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (int i = 0; i < nbr; i++)
        {
            int r0 = i * blockRows, h = Math.Min(blockRows, m - r0);
            for (int j = 0; j < nbc; j++)
            {
                int c0 = j * blockColumns, w = Math.Min(blockColumns, k - c0);
                bool any = false;
                for (int r = 0; r < h && !any; r++)
                {
                    for (int c = 0; c < w; c++)
                    {
                        if (kept[(r0 + r) * k + c0 + c])
                        {
                            any = true;
                            break;
                        }
                    }
                }

                if (!any)
                {
                    continue;
                }

                indices.Add(j);
                for (int r = 0; r < blockRows; r++)
                {
                    for (int c = 0; c < blockColumns; c++)
                    {
                        bool inside = r < h && c < w;
                        int at = (r0 + r) * k + c0 + c;
                        values.Add(inside && kept[at] ? a[at] : 0f);
                    }
                }
            }

            pointers[i + 1] = indices.Count;
        }

        System.Diagnostics.Debug.Assert(values.Count == indices.Count * bs);
        return new BsrMatrix(m, k, blockRows, blockColumns, pointers, indices.ToArray(), values.ToArray(), trusted: true);
    }

    /// <summary>The dense matrix: stored values in place (padding dropped), zeros elsewhere.</summary>
    /// <returns>A new <c>[M, K]</c> matrix.</returns>
    public DenseMatrix ToDense()
    {
        var d = new DenseMatrix(Rows, Columns);
        Span<float> a = d.AsSpan();
        int bs = BlockRows * BlockColumns;
        for (int i = 0; i < BlockRowCount; i++)
        {
            int r0 = i * BlockRows, h = Math.Min(BlockRows, Rows - r0);
            for (int p = _blockRowPointers[i]; p < _blockRowPointers[i + 1]; p++)
            {
                int c0 = _blockColumnIndices[p] * BlockColumns, w = Math.Min(BlockColumns, Columns - c0);
                for (int r = 0; r < h; r++)
                {
                    _values.AsSpan(p * bs + r * BlockColumns, w).CopyTo(a.Slice((r0 + r) * Columns + c0, w));
                }
            }
        }

        return d;
    }

    /// <summary>The stored pattern as a mask: every in-matrix entry of every stored block; see <see cref="SparseConversions.ToMask(BsrMatrix)"/>.</summary>
    /// <returns>A mask with <see cref="SparsityMask.KeptCount"/> = <see cref="Nnz"/>.</returns>
    public SparsityMask ToMask() => SparseConversions.ToMask(this);

    /// <summary>
    /// The same matrix <c>[M, K]</c> in CSR form: every in-matrix entry of every stored block becomes a stored
    /// CSR entry, zeros included; see <see cref="SparseConversions.ToCsr(BsrMatrix)"/>.
    /// </summary>
    /// <returns>A CSR matrix with NNZ = <see cref="Nnz"/>.</returns>
    public CsrMatrix ToCsr() => SparseConversions.ToCsr(this);

    /// <summary>The transpose Aᵀ <c>[K, M]</c> with blocks <c>[BlockColumns, BlockRows]</c>; see <see cref="SparseConversions.Transpose(BsrMatrix)"/>.</summary>
    /// <returns>Aᵀ, each stored tile transposed.</returns>
    public BsrMatrix Transpose() => SparseConversions.Transpose(this);

    /// <summary>A deep copy (structure and values).</summary>
    /// <returns>The copy.</returns>
    public BsrMatrix Clone() => new(Rows, Columns, BlockRows, BlockColumns, (int[])_blockRowPointers.Clone(), (int[])_blockColumnIndices.Clone(), (float[])_values.Clone(), trusted: true);

    /// <summary>Re-checks every structural invariant.</summary>
    /// <exception cref="ArgumentException">An invariant is broken.</exception>
    public void Validate()
    {
        CompressedStructure.Validate(BlockRowCount, BlockColumnCount, _blockRowPointers, _blockColumnIndices, "block row", "block column", nameof(BlockRowPointers), nameof(BlockColumnIndices));
        ThrowHelper.Length(_values.Length, (long)_blockColumnIndices.Length * BlockRows * BlockColumns, nameof(Values), "stored blocks × BlockRows × BlockColumns");
    }

    /// <summary>A short description for test output and debuggers: the shape, the block shape and the block count.</summary>
    /// <returns>For example <c>BsrMatrix [3, 4], blocks [4, 1] × 2</c>.</returns>
    public override string ToString() => $"BsrMatrix [{Rows}, {Columns}], blocks [{BlockRows}, {BlockColumns}] × {BlockCount}";

    private static int CeilDiv(int a, int b) => (int)(((long)a + b - 1) / b);
}
