using Sparsity.Core.Dense;
using Sparsity.Core.Validation;

namespace Sparsity.Core.Sparse;

/// <summary>
/// The pattern of a sparse matrix alone: which entries of a <c>[Rows, Columns]</c> matrix are kept
/// (stored) and which are pruned. Pruning produces masks; every sparse format can be built from one.
/// </summary>
/// <remarks>Masks are immutable. A kept entry may still hold the value 0: the mask, not the value, is the structure.</remarks>
public sealed class SparsityMask
{
    private readonly bool[] _kept;

    /// <summary>Creates a mask from a row-major array of flags (copied).</summary>
    /// <param name="rows">Number of rows (≥ 0).</param>
    /// <param name="columns">Number of columns (≥ 0).</param>
    /// <param name="kept">Row-major flags, length <c>rows * columns</c>; true means kept.</param>
    /// <exception cref="ArgumentNullException"><paramref name="kept"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="kept"/> has the wrong length.</exception>
    public SparsityMask(int rows, int columns, ReadOnlySpan<bool> kept)
    {
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        ThrowHelper.Length(kept.Length, (long)rows * columns, nameof(kept), "rows * columns");
        Rows = rows;
        Columns = columns;
        _kept = kept.ToArray();
        int n = 0;
        foreach (bool k in _kept)
        {
            if (k)
            {
                n++;
            }
        }

        KeptCount = n;
    }

    /// <summary>Takes ownership of flags whose kept count the caller has already counted (conversions inside the library).</summary>
    internal SparsityMask(int rows, int columns, bool[] kept, int keptCount)
    {
        System.Diagnostics.Debug.Assert(kept.Length == (long)rows * columns);
        System.Diagnostics.Debug.Assert(keptCount == kept.AsSpan().Count(true));
        Rows = rows;
        Columns = columns;
        _kept = kept;
        KeptCount = keptCount;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Number of kept entries.</summary>
    public int KeptCount { get; }

    /// <summary>Fraction of entries kept, in [0, 1]; 0 for an empty shape.</summary>
    public double Density => Rows == 0 || Columns == 0 ? 0.0 : (double)KeptCount / ((long)Rows * Columns);

    /// <summary>Fraction of entries pruned, <c>1 − Density</c> (0 for an empty shape).</summary>
    public double Sparsity => Rows == 0 || Columns == 0 ? 0.0 : 1.0 - Density;

    /// <summary>Whether entry (<paramref name="row"/>, <paramref name="column"/>) is kept.</summary>
    /// <param name="row">Row index.</param>
    /// <param name="column">Column index.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public bool this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
            {
                throw new ArgumentOutOfRangeException(nameof(row), $"({row}, {column}) is outside a {Rows}×{Columns} mask.");
            }

            return _kept[row * Columns + column];
        }
    }

    /// <summary>The row-major flags.</summary>
    /// <returns>A read-only view of length <c>Rows * Columns</c>.</returns>
    public ReadOnlySpan<bool> AsSpan() => _kept;

    /// <summary>A mask that keeps every entry.</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="columns">Number of columns.</param>
    /// <returns>The full mask.</returns>
    public static SparsityMask Full(int rows, int columns)
    {
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        var flags = new bool[(long)rows * columns];
        Array.Fill(flags, true);
        return new SparsityMask(rows, columns, flags);
    }

    /// <summary>Keeps the entries of <paramref name="dense"/> whose magnitude is strictly greater than <paramref name="threshold"/>.</summary>
    /// <param name="dense">The matrix to read.</param>
    /// <param name="threshold">Magnitude threshold (≥ 0). With 0, every nonzero entry is kept.</param>
    /// <returns>The mask of entries with |a| &gt; threshold. NaN entries are kept (so that they stay visible).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dense"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative or NaN.</exception>
    public static SparsityMask FromMagnitude(DenseMatrix dense, float threshold)
    {
        ThrowHelper.NotNull(dense, nameof(dense));
        if (!(threshold >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a non-negative number.");
        }

        ReadOnlySpan<float> values = dense.AsSpan();
        var flags = new bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            flags[i] = float.IsNaN(v) || MathF.Abs(v) > threshold;
        }

        return new SparsityMask(dense.Rows, dense.Columns, flags);
    }

    /// <summary>True when both masks have the same shape and pattern.</summary>
    /// <param name="other">The mask to compare with.</param>
    /// <returns>Whether they are equal.</returns>
    public bool PatternEquals(SparsityMask other)
    {
        ThrowHelper.NotNull(other, nameof(other));
        return Rows == other.Rows && Columns == other.Columns && _kept.AsSpan().SequenceEqual(other._kept);
    }

    /// <summary>A short description for test output and debuggers: the shape and the kept count.</summary>
    /// <returns>For example <c>SparsityMask [3, 4], kept 5</c>.</returns>
    public override string ToString() => $"SparsityMask [{Rows}, {Columns}], kept {KeptCount}";
}
