using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;

namespace Sparsity.Models.Layers;

/// <summary>
/// A CSR working copy of a pruned dense weight tensor <c>[M, K]</c>, for the weight-sparse kernels. The structure is
/// built from the pruning mask only when the mask object changes (masks are immutable, so reference identity is the
/// version); the values are gathered from the dense tensor on every <see cref="Refresh"/>, because optimisers write
/// the dense <c>Parameter.Value</c> in place between passes. Refreshing allocates nothing. A transposed view holds
/// <c>Mᵀ [K, M]</c> (for the backward products <c>dP · M</c>), gathered from the same row-major <c>[M, K]</c> tensor.
/// </summary>
/// <param name="transposed">Hold the transpose of the tensor instead of the tensor.</param>
internal sealed class CsrWeightView(bool transposed = false)
{
    private SparsityMask? _mask;
    private CsrMatrix? _csr;
    private int[] _denseIndex = [];

    /// <summary>The matrix built by the last <see cref="Refresh"/> or <see cref="Structure"/>; null before.</summary>
    public CsrMatrix? Matrix => _csr;

    /// <summary>Whether the view currently holds <paramref name="mask"/>'s structure (values from the last refresh).</summary>
    public bool Holds(SparsityMask mask) => ReferenceEquals(mask, _mask) && _csr is not null;

    /// <summary>For stored entry p, its row-major index in the dense tensor.</summary>
    public ReadOnlySpan<int> DenseIndex => _denseIndex;

    /// <summary>Returns the CSR matrix of <paramref name="mask"/>'s structure holding the kept entries of <paramref name="values"/>.</summary>
    /// <param name="mask">The pattern <c>[M, K]</c>.</param>
    /// <param name="values">Dense values, row-major <c>[M, K]</c>.</param>
    public CsrMatrix Refresh(SparsityMask mask, ReadOnlySpan<float> values)
    {
        CsrMatrix csr = Structure(mask);
        Span<float> v = csr.Values;
        ReadOnlySpan<int> index = _denseIndex;
        for (int p = 0; p < v.Length; p++)
        {
            v[p] = values[index[p]];
        }

        return csr;
    }

    /// <summary>Returns the CSR matrix of <paramref name="mask"/>'s structure; its values are whatever the last refresh left.</summary>
    /// <param name="mask">The pattern <c>[M, K]</c>.</param>
    public CsrMatrix Structure(SparsityMask mask)
    {
        if (ReferenceEquals(mask, _mask) && _csr is not null)
        {
            return _csr;
        }

        // A new mask (pruning happened): rebuild once. The values are filled by the caller's refresh.
        SparsityMask pattern = transposed ? Transpose(mask) : mask;
        var csr = CsrMatrix.FromDense(new DenseMatrix(pattern.Rows, pattern.Columns), pattern);
        var index = new int[csr.Nnz];
        ReadOnlySpan<int> rp = csr.RowPointers, ci = csr.ColumnIndices;
        for (int r = 0; r < csr.Rows; r++)
        {
            for (int p = rp[r]; p < rp[r + 1]; p++)
            {
                // Stored (r, ci[p]) of the view is dense entry (r, ci[p]), or (ci[p], r) of the tensor when transposed.
                index[p] = transposed ? (ci[p] * mask.Columns) + r : (r * mask.Columns) + ci[p];
            }
        }

        _csr = csr;
        _denseIndex = index;
        _mask = mask;
        return csr;
    }

    private static SparsityMask Transpose(SparsityMask mask)
    {
        ReadOnlySpan<bool> kept = mask.AsSpan();
        var t = new bool[kept.Length];
        for (int r = 0; r < mask.Rows; r++)
        {
            for (int c = 0; c < mask.Columns; c++)
            {
                t[(c * mask.Rows) + r] = kept[(r * mask.Columns) + c];
            }
        }

        return new SparsityMask(mask.Columns, mask.Rows, t);
    }
}
