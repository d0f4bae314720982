using Sparsity.Core.Conversions;
using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;

namespace Sparsity.Kernels.Packing;

/// <summary>
/// Vertical blocks of a weight matrix <c>W: [M, K]</c> regrouped by input column, for event-driven products:
/// column j's stored blocks are entries <c>ColumnPointers[j] .. ColumnPointers[j + 1]</c>; block p covers rows
/// <c>BlockRowIndices[p] · h .. + h</c> and its h values are <c>Values[p · h .. + h]</c>, contiguous — one vector
/// load per block. The last block row may reach past M; its padding rows are never written to outputs.
/// </summary>
public sealed class BlockColumnPack
{
    private readonly int[] _columnPointers;
    private readonly int[] _blockRowIndices;
    private readonly float[] _values;

    private BlockColumnPack(int rows, int columns, int height, int[] columnPointers, int[] blockRowIndices, float[] values)
    {
        Rows = rows;
        Columns = columns;
        BlockHeight = height;
        _columnPointers = columnPointers;
        _blockRowIndices = blockRowIndices;
        _values = values;
    }

    /// <summary>M: output rows.</summary>
    public int Rows { get; }

    /// <summary>K: input columns.</summary>
    public int Columns { get; }

    /// <summary>h: rows per block (8 or 16).</summary>
    public int BlockHeight { get; }

    /// <summary>Per-column block pointers <c>[K + 1]</c>.</summary>
    public ReadOnlySpan<int> ColumnPointers => _columnPointers;

    /// <summary>Block-row index of each stored block <c>[NB]</c>, ascending within a column.</summary>
    public ReadOnlySpan<int> BlockRowIndices => _blockRowIndices;

    /// <summary>Block values <c>[NB · h]</c>.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Packs a BSR matrix with <c>h × 1</c> blocks, h ∈ {8, 16}.</summary>
    /// <param name="bsr">Source <c>[M, K]</c> with <c>BlockColumns == 1</c> and <c>BlockRows</c> 8 or 16.</param>
    /// <returns>The packed weights (a copy).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bsr"/> is null.</exception>
    /// <exception cref="ArgumentException">The block shape is not 8×1 or 16×1.</exception>
    public static BlockColumnPack FromBsr(BsrMatrix bsr)
    {
        ThrowHelper.NotNull(bsr, nameof(bsr));
        int h = bsr.BlockRows;
        if (bsr.BlockColumns != 1 || (h != 8 && h != 16))
        {
            ThrowHelper.Argument(nameof(bsr), $"Blocks must be 8×1 or 16×1; got {h}×{bsr.BlockColumns}.");
        }

        int k = bsr.Columns;
        ReadOnlySpan<int> rp = bsr.BlockRowPointers, ci = bsr.BlockColumnIndices;
        ReadOnlySpan<float> v = bsr.Values;
        var pointers = new int[k + 1];
        foreach (int c in ci)
        {
            pointers[c + 1]++;
        }

        for (int j = 0; j < k; j++)
        {
            pointers[j + 1] += pointers[j];
        }

        var next = pointers[..k];
        var rowsOut = new int[ci.Length];
        var valuesOut = new float[(long)ci.Length * h];
        for (int br = 0; br < bsr.BlockRowCount; br++)
        {
            // Block rows are visited in order, so each column's block rows come out ascending.
            for (int p = rp[br]; p < rp[br + 1]; p++)
            {
                int q = next[ci[p]]++;
                rowsOut[q] = br;
                v.Slice(p * h, h).CopyTo(valuesOut.AsSpan(q * h, h));
            }
        }

        return new BlockColumnPack(bsr.Rows, k, h, pointers, rowsOut, valuesOut);
    }

    /// <summary>Packs a CSR matrix into <c>h × 1</c> blocks (a block is stored when any of its entries is).</summary>
    /// <param name="csr">Source <c>[M, K]</c>.</param>
    /// <param name="blockHeight">h: 8 or 16.</param>
    /// <returns>The packed weights.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="csr"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="blockHeight"/> is not 8 or 16.</exception>
    public static BlockColumnPack FromCsr(CsrMatrix csr, int blockHeight)
    {
        ThrowHelper.NotNull(csr, nameof(csr));
        if (blockHeight != 8 && blockHeight != 16)
        {
            ThrowHelper.Argument(nameof(blockHeight), $"Block height must be 8 or 16; got {blockHeight}.");
        }

        return FromBsr(SparseConversions.ToBsr(csr, blockHeight, 1));
    }
}
