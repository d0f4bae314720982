using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;

namespace Sparsity.Core.Conversions;

/// <summary>
/// Conversions between the sparse storage formats, their transposes and their masks. Each runs in time
/// linear in the sizes involved (NNZ, M, K and the output size) and never builds a dense matrix.
/// </summary>
/// <remarks>
/// Every result owns fresh arrays: converting never aliases the source, so writing into the result's values
/// leaves the source unchanged. Stored explicit zeros stay stored, and value bits (NaN payloads, −0) are
/// copied unchanged. The instance methods of <see cref="CsrMatrix"/>, <see cref="CscMatrix"/> and
/// <see cref="BsrMatrix"/> (<c>ToCsc</c>, <c>ToCsr</c>, <c>ToBsr</c>, <c>Transpose</c>, <c>ToMask</c>) forward here.
/// </remarks>
public static class SparseConversions
{
    /// <summary>The same matrix <c>[M, K]</c> in CSC form.</summary>
    /// <param name="csr">Source <c>[M, K]</c>.</param>
    /// <returns>A CSC matrix with exactly the stored entries of <paramref name="csr"/> (stored zeros included).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="csr"/> is null.</exception>
    public static CscMatrix ToCsc(CsrMatrix csr)
    {
        ThrowHelper.NotNull(csr, nameof(csr));
        var (pointers, indices, sourceOf) = CompressedTranspose.Run(csr.Rows, csr.Columns, csr.RowPointers, csr.ColumnIndices);
        return new CscMatrix(csr.Rows, csr.Columns, pointers, indices, CompressedTranspose.Gather(csr.Values, sourceOf), trusted: true);
    }

    /// <summary>The same matrix <c>[M, K]</c> in CSR form.</summary>
    /// <param name="csc">Source <c>[M, K]</c>.</param>
    /// <returns>A CSR matrix with exactly the stored entries of <paramref name="csc"/> (stored zeros included).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="csc"/> is null.</exception>
    public static CsrMatrix ToCsr(CscMatrix csc)
    {
        ThrowHelper.NotNull(csc, nameof(csc));
        var (pointers, indices, sourceOf) = CompressedTranspose.Run(csc.Columns, csc.Rows, csc.ColumnPointers, csc.RowIndices);
        return new CsrMatrix(csc.Rows, csc.Columns, pointers, indices, CompressedTranspose.Gather(csc.Values, sourceOf), trusted: true);
    }

    /// <summary>The transpose Aᵀ <c>[K, M]</c> of a CSR matrix A <c>[M, K]</c>, in CSR form.</summary>
    /// <param name="csr">A <c>[M, K]</c>.</param>
    /// <returns>Aᵀ, whose stored entry (c, r) is A's stored entry (r, c).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="csr"/> is null.</exception>
    public static CsrMatrix Transpose(CsrMatrix csr)
    {
        ThrowHelper.NotNull(csr, nameof(csr));

        // CSR of Aᵀ has exactly the arrays of CSC of A.
        var (pointers, indices, sourceOf) = CompressedTranspose.Run(csr.Rows, csr.Columns, csr.RowPointers, csr.ColumnIndices);
        return new CsrMatrix(csr.Columns, csr.Rows, pointers, indices, CompressedTranspose.Gather(csr.Values, sourceOf), trusted: true);
    }

    /// <summary>The transpose Aᵀ <c>[K, M]</c> of a CSC matrix A <c>[M, K]</c>, in CSC form.</summary>
    /// <param name="csc">A <c>[M, K]</c>.</param>
    /// <returns>Aᵀ, whose stored entry (c, r) is A's stored entry (r, c).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="csc"/> is null.</exception>
    public static CscMatrix Transpose(CscMatrix csc)
    {
        ThrowHelper.NotNull(csc, nameof(csc));

        // CSC of Aᵀ has exactly the arrays of CSR of A.
        var (pointers, indices, sourceOf) = CompressedTranspose.Run(csc.Columns, csc.Rows, csc.ColumnPointers, csc.RowIndices);
        return new CscMatrix(csc.Columns, csc.Rows, pointers, indices, CompressedTranspose.Gather(csc.Values, sourceOf), trusted: true);
    }

    /// <summary>
    /// The transpose Aᵀ <c>[K, M]</c> of a BSR matrix A <c>[M, K]</c> with blocks <c>[BR, BC]</c>, in BSR form with
    /// blocks <c>[BC, BR]</c>: stored block (i, j) of A becomes stored block (j, i) of Aᵀ, its tile transposed.
    /// </summary>
    /// <param name="bsr">A <c>[M, K]</c>.</param>
    /// <returns>Aᵀ. Padding entries move with their tile, so transposing twice restores every stored bit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bsr"/> is null.</exception>
    public static BsrMatrix Transpose(BsrMatrix bsr)
    {
        ThrowHelper.NotNull(bsr, nameof(bsr));
        int br = bsr.BlockRows, bc = bsr.BlockColumns, bs = br * bc;
        var (pointers, indices, sourceOf) = CompressedTranspose.Run(bsr.BlockRowCount, bsr.BlockColumnCount, bsr.BlockRowPointers, bsr.BlockColumnIndices);
        ReadOnlySpan<float> source = bsr.Values;
        var values = new float[source.Length];
        for (int q = 0; q < sourceOf.Length; q++)
        {
            ReadOnlySpan<float> from = source.Slice(sourceOf[q] * bs, bs);
            Span<float> to = values.AsSpan(q * bs, bs);
            for (int r = 0; r < br; r++)
            {
                for (int c = 0; c < bc; c++)
                {
                    to[(c * br) + r] = from[(r * bc) + c];
                }
            }
        }

        return new BsrMatrix(bsr.Columns, bsr.Rows, bc, br, pointers, indices, values, trusted: true);
    }

    /// <summary>
    /// The same matrix <c>[M, K]</c> in BSR form with blocks <c>[blockRows, blockColumns]</c>. A block is stored
    /// iff it contains at least one stored CSR entry; inside a stored block, the other in-matrix entries and the
    /// padding beyond a ragged edge are stored as 0.
    /// </summary>
    /// <param name="csr">Source <c>[M, K]</c>.</param>
    /// <param name="blockRows">Rows per block (≥ 1).</param>
    /// <param name="blockColumns">Columns per block (≥ 1).</param>
    /// <returns>A BSR matrix with the same <c>ToDense()</c>. Its stored pattern is a superset of the CSR pattern.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="csr"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A block dimension is not positive.</exception>
    /// <exception cref="ArgumentException">The stored blocks would hold more values than an array can.</exception>
    public static BsrMatrix ToBsr(CsrMatrix csr, int blockRows, int blockColumns)
    {
        ThrowHelper.NotNull(csr, nameof(csr));
        ThrowHelper.Positive(blockRows, nameof(blockRows));
        ThrowHelper.Positive(blockColumns, nameof(blockColumns));
        int m = csr.Rows, k = csr.Columns;
        int nbr = CeilDiv(m, blockRows), nbc = CeilDiv(k, blockColumns);
        ReadOnlySpan<int> rowPointers = csr.RowPointers;
        ReadOnlySpan<int> columnIndices = csr.ColumnIndices;
        ReadOnlySpan<float> source = csr.Values;

        // Pass 1: the distinct block columns of each block row, in first-seen order. A block holds at least one
        // entry, so there are at most NNZ blocks.
        var seenPointers = new int[nbr + 1];
        var seen = new int[columnIndices.Length];
        var lastSeenIn = new int[nbc];
        Array.Fill(lastSeenIn, -1);
        int nb = 0;
        for (int i = 0; i < nbr; i++)
        {
            int r0 = i * blockRows;
            for (int p = rowPointers[r0]; p < rowPointers[r0 + Math.Min(blockRows, m - r0)]; p++)
            {
                int j = columnIndices[p] / blockColumns;
                if (lastSeenIn[j] != i)
                {
                    lastSeenIn[j] = i;
                    seen[nb++] = j;
                }
            }

            seenPointers[i + 1] = nb;
        }

        // Pass 2: sort block columns within each block row. Two counting-sort transposes do it in
        // O(NB + nbr + nbc), where a comparison sort per block row would cost O(NB log NB).
        var (byColumnPointers, byColumnIndices, _) = CompressedTranspose.Run(nbr, nbc, seenPointers, seen.AsSpan(0, nb));
        var (pointers, indices, _) = CompressedTranspose.Run(nbc, nbr, byColumnPointers, byColumnIndices);

        long valueCount = (long)nb * blockRows * blockColumns;
        if (valueCount > Array.MaxLength)
        {
            ThrowHelper.Argument(nameof(blockRows), $"{nb} blocks of {blockRows}×{blockColumns} would need {valueCount} values, more than an array can hold.");
        }

        // Pass 3: scatter each entry into its tile; slotOf maps a block column to its position in the current block row.
        int bs = blockRows * blockColumns;
        var values = new float[valueCount];
        var slotOf = new int[nbc];
        for (int i = 0; i < nbr; i++)
        {
            for (int q = pointers[i]; q < pointers[i + 1]; q++)
            {
                slotOf[indices[q]] = q;
            }

            int r0 = i * blockRows, h = Math.Min(blockRows, m - r0);
            for (int r = r0; r < r0 + h; r++)
            {
                for (int p = rowPointers[r]; p < rowPointers[r + 1]; p++)
                {
                    int c = columnIndices[p], j = c / blockColumns;
                    values[(slotOf[j] * bs) + ((r - r0) * blockColumns) + (c - (j * blockColumns))] = source[p];
                }
            }
        }

        return new BsrMatrix(m, k, blockRows, blockColumns, pointers, indices, values, trusted: true);
    }

    /// <summary>
    /// The same matrix <c>[M, K]</c> in CSR form. Every in-matrix entry of every stored block becomes a stored
    /// CSR entry, including entries whose value is 0; the padding of ragged edge blocks is dropped.
    /// </summary>
    /// <param name="bsr">Source <c>[M, K]</c>.</param>
    /// <returns>A CSR matrix with NNZ = <see cref="BsrMatrix.Nnz"/> and the same <c>ToDense()</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bsr"/> is null.</exception>
    public static CsrMatrix ToCsr(BsrMatrix bsr)
    {
        ThrowHelper.NotNull(bsr, nameof(bsr));
        int m = bsr.Rows, k = bsr.Columns, br = bsr.BlockRows, bc = bsr.BlockColumns, bs = br * bc;
        ReadOnlySpan<int> blockPointers = bsr.BlockRowPointers;
        ReadOnlySpan<int> blockIndices = bsr.BlockColumnIndices;
        ReadOnlySpan<float> source = bsr.Values;

        // Every row of a block row holds the same entries: the in-matrix width of each of its blocks. The total
        // fits in an int because it never exceeds the length of the BSR value array.
        var rowPointers = new int[m + 1];
        for (int i = 0; i < bsr.BlockRowCount; i++)
        {
            int width = 0;
            for (int p = blockPointers[i]; p < blockPointers[i + 1]; p++)
            {
                width += Math.Min(bc, k - (blockIndices[p] * bc));
            }

            int r0 = i * br, h = Math.Min(br, m - r0);
            for (int r = r0; r < r0 + h; r++)
            {
                rowPointers[r + 1] = rowPointers[r] + width;
            }
        }

        int nnz = rowPointers[m];
        var columnIndices = new int[nnz];
        var values = new float[nnz];
        for (int i = 0; i < bsr.BlockRowCount; i++)
        {
            int r0 = i * br, h = Math.Min(br, m - r0);
            for (int r = r0; r < r0 + h; r++)
            {
                int at = rowPointers[r];

                // Block columns are sorted within a block row, so appending block by block keeps columns sorted.
                for (int p = blockPointers[i]; p < blockPointers[i + 1]; p++)
                {
                    int c0 = blockIndices[p] * bc, w = Math.Min(bc, k - c0);
                    ReadOnlySpan<float> tileRow = source.Slice((p * bs) + ((r - r0) * bc), w);
                    for (int c = 0; c < w; c++)
                    {
                        columnIndices[at + c] = c0 + c;
                    }

                    tileRow.CopyTo(values.AsSpan(at, w));
                    at += w;
                }
            }
        }

        return new CsrMatrix(m, k, rowPointers, columnIndices, values, trusted: true);
    }

    /// <summary>The stored pattern of a CSR matrix <c>[M, K]</c> as a mask.</summary>
    /// <param name="csr">Source <c>[M, K]</c>.</param>
    /// <returns>A mask that keeps exactly the stored entries (stored zeros included).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="csr"/> is null.</exception>
    public static SparsityMask ToMask(CsrMatrix csr)
    {
        ThrowHelper.NotNull(csr, nameof(csr));
        int k = csr.Columns;
        ReadOnlySpan<int> pointers = csr.RowPointers;
        ReadOnlySpan<int> indices = csr.ColumnIndices;
        var flags = new bool[(long)csr.Rows * k];
        for (int r = 0; r < csr.Rows; r++)
        {
            for (int p = pointers[r]; p < pointers[r + 1]; p++)
            {
                flags[(r * k) + indices[p]] = true;
            }
        }

        return new SparsityMask(csr.Rows, k, flags, csr.Nnz);
    }

    /// <summary>The stored pattern of a CSC matrix <c>[M, K]</c> as a mask.</summary>
    /// <param name="csc">Source <c>[M, K]</c>.</param>
    /// <returns>A mask that keeps exactly the stored entries (stored zeros included).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="csc"/> is null.</exception>
    public static SparsityMask ToMask(CscMatrix csc)
    {
        ThrowHelper.NotNull(csc, nameof(csc));
        int k = csc.Columns;
        ReadOnlySpan<int> pointers = csc.ColumnPointers;
        ReadOnlySpan<int> indices = csc.RowIndices;
        var flags = new bool[(long)csc.Rows * k];
        for (int c = 0; c < k; c++)
        {
            for (int p = pointers[c]; p < pointers[c + 1]; p++)
            {
                flags[(indices[p] * k) + c] = true;
            }
        }

        return new SparsityMask(csc.Rows, k, flags, csc.Nnz);
    }

    /// <summary>
    /// The stored pattern of a BSR matrix <c>[M, K]</c> as a mask: every in-matrix entry of every stored block,
    /// whatever its value; padding beyond a ragged edge has no place in the mask.
    /// </summary>
    /// <param name="bsr">Source <c>[M, K]</c>.</param>
    /// <returns>A mask with <see cref="SparsityMask.KeptCount"/> = <see cref="BsrMatrix.Nnz"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bsr"/> is null.</exception>
    public static SparsityMask ToMask(BsrMatrix bsr)
    {
        ThrowHelper.NotNull(bsr, nameof(bsr));
        int m = bsr.Rows, k = bsr.Columns, br = bsr.BlockRows, bc = bsr.BlockColumns;
        ReadOnlySpan<int> pointers = bsr.BlockRowPointers;
        ReadOnlySpan<int> indices = bsr.BlockColumnIndices;
        var flags = new bool[(long)m * k];
        int kept = 0;
        for (int i = 0; i < bsr.BlockRowCount; i++)
        {
            int r0 = i * br, h = Math.Min(br, m - r0);
            for (int p = pointers[i]; p < pointers[i + 1]; p++)
            {
                int c0 = indices[p] * bc, w = Math.Min(bc, k - c0);
                for (int r = r0; r < r0 + h; r++)
                {
                    flags.AsSpan((r * k) + c0, w).Fill(true);
                    kept += w;
                }
            }
        }

        return new SparsityMask(m, k, flags, kept);
    }

    private static int CeilDiv(int a, int b) => (int)(((long)a + b - 1) / b);
}
