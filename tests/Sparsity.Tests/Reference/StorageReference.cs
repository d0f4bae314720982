using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;

namespace Sparsity.Tests.Reference;

/// <summary>
/// Obviously correct, entry-by-entry definitions of what the storage conversions must produce, written from
/// the definitions rather than from the library's algorithms (oracles: slow, dense, never used in src/).
/// </summary>
public static class StorageReference
{
    /// <summary>The transposed pattern: kept(c, r) = mask(r, c).</summary>
    /// <param name="mask">A mask <c>[M, K]</c>.</param>
    /// <returns>The mask <c>[K, M]</c>.</returns>
    public static SparsityMask Transpose(SparsityMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var flags = new bool[mask.Rows * mask.Columns];
        for (int r = 0; r < mask.Rows; r++)
        {
            for (int c = 0; c < mask.Columns; c++)
            {
                flags[(c * mask.Rows) + r] = mask[r, c];
            }
        }

        return new SparsityMask(mask.Columns, mask.Rows, flags);
    }

    /// <summary>
    /// The entries a BSR matrix stores inside the matrix: (r, c) is stored iff block column c / BC appears among
    /// the block columns listed for block row r / BR.
    /// </summary>
    /// <param name="bsr">A BSR matrix <c>[M, K]</c>.</param>
    /// <returns>The mask <c>[M, K]</c>.</returns>
    public static SparsityMask StoredEntries(BsrMatrix bsr)
    {
        ArgumentNullException.ThrowIfNull(bsr);
        var flags = new bool[bsr.Rows * bsr.Columns];
        for (int r = 0; r < bsr.Rows; r++)
        {
            int i = r / bsr.BlockRows;
            for (int c = 0; c < bsr.Columns; c++)
            {
                for (int p = bsr.BlockRowPointers[i]; p < bsr.BlockRowPointers[i + 1]; p++)
                {
                    flags[(r * bsr.Columns) + c] |= bsr.BlockColumnIndices[p] == c / bsr.BlockColumns;
                }
            }
        }

        return new SparsityMask(bsr.Rows, bsr.Columns, flags);
    }

    /// <summary>What thresholding keeps: a where a is NaN or |a| &gt; threshold, +0 elsewhere.</summary>
    /// <param name="dense">A matrix <c>[M, K]</c>.</param>
    /// <param name="threshold">The threshold (≥ 0).</param>
    /// <returns>The expected dense matrix and the number of entries kept.</returns>
    public static (DenseMatrix Kept, int Count) Threshold(DenseMatrix dense, float threshold)
    {
        ArgumentNullException.ThrowIfNull(dense);
        var result = new DenseMatrix(dense.Rows, dense.Columns);
        int count = 0;
        for (int i = 0; i < dense.Count; i++)
        {
            float a = dense.AsSpan()[i];
            if (float.IsNaN(a) || Math.Abs((double)a) > threshold)
            {
                result.AsSpan()[i] = a;
                count++;
            }
        }

        return (result, count);
    }

    /// <summary>The element-wise product with the mask: a where kept, +0 elsewhere.</summary>
    /// <param name="dense">A matrix <c>[M, K]</c>.</param>
    /// <param name="mask">A mask <c>[M, K]</c>.</param>
    /// <returns>The masked matrix.</returns>
    public static DenseMatrix Apply(DenseMatrix dense, SparsityMask mask)
    {
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(mask);
        var result = new DenseMatrix(dense.Rows, dense.Columns);
        for (int i = 0; i < dense.Count; i++)
        {
            if (mask.AsSpan()[i])
            {
                result.AsSpan()[i] = dense.AsSpan()[i];
            }
        }

        return result;
    }
}
