using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;

namespace Sparsity.Tests.Generators;

/// <summary>
/// Shrinkers for the Core types: a failing matrix is made smaller by dropping rows, then columns, then stored
/// entries, so that FsCheck reports a counterexample small enough to read. Every format is shrunk through its
/// <see cref="MaskedDense"/> form and rebuilt in its own format (and BSR with its own block shape).
/// </summary>
public static class SparseShrinkers
{
    /// <summary>At most this many single stored entries are offered for removal per step, to keep shrinking fast.</summary>
    public const int MaxEntryCandidates = 24;

    /// <summary>Smaller pairs: half the rows, the last or first row removed, the same for columns, then one kept entry removed.</summary>
    /// <param name="x">The failing pair.</param>
    /// <returns>Candidates, each strictly smaller in rows, columns or kept count.</returns>
    public static IEnumerable<MaskedDense> Masked(MaskedDense x)
    {
        ArgumentNullException.ThrowIfNull(x);
        foreach (int[] rows in Subsets(x.Rows))
        {
            yield return Take(x, rows, Enumerable.Range(0, x.Columns).ToArray());
        }

        foreach (int[] columns in Subsets(x.Columns))
        {
            yield return Take(x, Enumerable.Range(0, x.Rows).ToArray(), columns);
        }

        int offered = 0;
        bool[] kept = x.Mask.AsSpan().ToArray();
        for (int i = 0; i < kept.Length && offered < MaxEntryCandidates; i++)
        {
            if (kept[i])
            {
                offered++;
                yield return WithoutEntry(x, i);
            }
        }
    }

    /// <summary>Smaller dense matrices: fewer rows, fewer columns, then one nonzero entry set to +0.</summary>
    /// <param name="dense">The failing matrix.</param>
    /// <returns>Candidates.</returns>
    public static IEnumerable<DenseMatrix> Dense(DenseMatrix dense)
    {
        ArgumentNullException.ThrowIfNull(dense);
        var nonzero = new bool[dense.Count];
        for (int i = 0; i < nonzero.Length; i++)
        {
            nonzero[i] = BitConverter.SingleToInt32Bits(dense.AsSpan()[i]) != 0;
        }

        return Masked(new MaskedDense(dense, new SparsityMask(dense.Rows, dense.Columns, nonzero))).Select(x => x.Values);
    }

    /// <summary>Smaller masks: fewer rows, fewer columns, then one kept entry dropped.</summary>
    /// <param name="mask">The failing mask.</param>
    /// <returns>Candidates.</returns>
    public static IEnumerable<SparsityMask> Mask(SparsityMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return Masked(new MaskedDense(new DenseMatrix(mask.Rows, mask.Columns), mask)).Select(x => x.Mask);
    }

    /// <summary>Smaller CSR matrices.</summary>
    /// <param name="csr">The failing matrix.</param>
    /// <returns>Candidates.</returns>
    public static IEnumerable<CsrMatrix> Csr(CsrMatrix csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        return Masked(new MaskedDense(csr.ToDense(), csr.ToMask())).Select(x => CsrMatrix.FromDense(x.Values, x.Mask));
    }

    /// <summary>Smaller CSC matrices.</summary>
    /// <param name="csc">The failing matrix.</param>
    /// <returns>Candidates.</returns>
    public static IEnumerable<CscMatrix> Csc(CscMatrix csc)
    {
        ArgumentNullException.ThrowIfNull(csc);
        return Masked(new MaskedDense(csc.ToDense(), csc.ToMask())).Select(x => CscMatrix.FromDense(x.Values, x.Mask));
    }

    /// <summary>Smaller BSR matrices with the same block shape (padding becomes 0).</summary>
    /// <param name="bsr">The failing matrix.</param>
    /// <returns>Candidates.</returns>
    public static IEnumerable<BsrMatrix> Bsr(BsrMatrix bsr)
    {
        ArgumentNullException.ThrowIfNull(bsr);
        int br = bsr.BlockRows, bc = bsr.BlockColumns;

        // BSR.ToMask keeps whole blocks, so dropping one entry would not drop its block; shrink the pattern of
        // nonzero-bit entries instead, which lets a block disappear once all its entries are gone.
        DenseMatrix dense = bsr.ToDense();
        var nonzero = new bool[dense.Count];
        for (int i = 0; i < nonzero.Length; i++)
        {
            nonzero[i] = BitConverter.SingleToInt32Bits(dense.AsSpan()[i]) != 0;
        }

        return Masked(new MaskedDense(dense, new SparsityMask(dense.Rows, dense.Columns, nonzero)))
            .Select(x => BsrMatrix.FromDense(x.Values, x.Mask, br, bc));
    }

    private static IEnumerable<int[]> Subsets(int n)
    {
        if (n == 0)
        {
            yield break;
        }

        if (n > 1)
        {
            yield return Enumerable.Range(0, n / 2).ToArray();
        }

        yield return Enumerable.Range(0, n - 1).ToArray();
        yield return Enumerable.Range(1, n - 1).ToArray();
    }

    private static MaskedDense Take(MaskedDense x, int[] rows, int[] columns)
    {
        var values = new DenseMatrix(rows.Length, columns.Length);
        var kept = new bool[rows.Length * columns.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                values[r, c] = x.Values[rows[r], columns[c]];
                kept[(r * columns.Length) + c] = x.Mask[rows[r], columns[c]];
            }
        }

        return new MaskedDense(values, new SparsityMask(rows.Length, columns.Length, kept));
    }

    private static MaskedDense WithoutEntry(MaskedDense x, int index)
    {
        DenseMatrix values = x.Values.Clone();
        values.AsSpan()[index] = 0f;
        bool[] kept = x.Mask.AsSpan().ToArray();
        kept[index] = false;
        return new MaskedDense(values, new SparsityMask(x.Rows, x.Columns, kept));
    }
}
