using System.Runtime.InteropServices;

using Sparsity.Core.Validation;

namespace Sparsity.Core.Dense;

/// <summary>
/// A row-major <c>float</c> matrix <c>[Rows, Columns]</c>: element (r, c) lives at <c>r * Columns + c</c>.
/// </summary>
/// <remarks>
/// This is the project-wide layout for dense weights and for activations: a batch of B vectors of width K
/// is a <c>[B, K]</c> matrix whose rows are the samples. Vectors are plain <see cref="Span{T}"/>s of
/// <c>float</c>; this type adds a shape to a buffer and nothing else.
/// </remarks>
public sealed class DenseMatrix
{
    private readonly float[] _data;

    /// <summary>Creates a zero-filled matrix <c>[rows, columns]</c>.</summary>
    /// <param name="rows">Number of rows (≥ 0).</param>
    /// <param name="columns">Number of columns (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or the element count exceeds <see cref="Array.MaxLength"/>.</exception>
    public DenseMatrix(int rows, int columns)
    {
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        long count = (long)rows * columns;
        if (count > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"A {rows}×{columns} matrix has {count} elements, more than an array can hold.");
        }

        Rows = rows;
        Columns = columns;
        _data = new float[count];
    }

    /// <summary>Wraps an existing row-major buffer without copying.</summary>
    /// <param name="rows">Number of rows (≥ 0).</param>
    /// <param name="columns">Number of columns (≥ 0).</param>
    /// <param name="data">The elements, row-major, length <c>rows * columns</c>. The matrix aliases it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> does not have length <c>rows * columns</c>.</exception>
    public DenseMatrix(int rows, int columns, float[] data)
    {
        ThrowHelper.NotNull(data, nameof(data));
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        ThrowHelper.Length(data.Length, (long)rows * columns, nameof(data), "rows * columns");
        Rows = rows;
        Columns = columns;
        _data = data;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Number of elements, <c>Rows * Columns</c>.</summary>
    public int Count => _data.Length;

    /// <summary>The underlying row-major array (aliased, not copied).</summary>
    public float[] Data => _data;

    /// <summary>Gets or sets element (<paramref name="row"/>, <paramref name="column"/>).</summary>
    /// <param name="row">Row index, 0 ≤ row &lt; <see cref="Rows"/>.</param>
    /// <param name="column">Column index, 0 ≤ column &lt; <see cref="Columns"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public float this[int row, int column]
    {
        get => _data[Index(row, column)];
        set => _data[Index(row, column)] = value;
    }

    /// <summary>All elements as a span, row-major.</summary>
    /// <returns>A span of length <see cref="Count"/>.</returns>
    public Span<float> AsSpan() => _data;

    /// <summary>Row <paramref name="row"/> as a span of length <see cref="Columns"/>.</summary>
    /// <param name="row">Row index.</param>
    /// <returns>The row, aliasing the matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    public Span<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {Rows}).");
        }

        return _data.AsSpan(row * Columns, Columns);
    }

    /// <summary>True when any element is NaN or ±Infinity.</summary>
    /// <returns>Whether a non-finite value is stored.</returns>
    public bool HasNonFinite() => NonFinite.Any(_data);

    /// <summary>A deep copy.</summary>
    /// <returns>A new matrix with the same shape and values.</returns>
    public DenseMatrix Clone() => new(Rows, Columns, (float[])_data.Clone());

    /// <summary>The transpose <c>[Columns, Rows]</c>, as a new matrix.</summary>
    /// <returns>Aᵀ.</returns>
    public DenseMatrix Transpose()
    {
        var t = new DenseMatrix(Columns, Rows);
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                t._data[c * Rows + r] = _data[r * Columns + c];
            }
        }

        return t;
    }

    /// <summary>Number of elements that are not exactly zero.</summary>
    /// <returns>The count of nonzero values.</returns>
    public int CountNonZero()
    {
        int n = 0;
        foreach (float v in _data)
        {
            if (v != 0f)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Bytes held by the element buffer.</summary>
    public long MemoryBytes => (long)_data.Length * sizeof(float);

    /// <summary>True when both matrices have the same shape and bit-identical elements.</summary>
    /// <param name="other">The matrix to compare with.</param>
    /// <returns>Whether shape and every element's bits agree.</returns>
    public bool BitwiseEquals(DenseMatrix other)
    {
        ThrowHelper.NotNull(other, nameof(other));
        return Rows == other.Rows && Columns == other.Columns
            && MemoryMarshal.AsBytes(_data.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(other._data.AsSpan()));
    }

    /// <summary>A short description for test output and debuggers: the shape.</summary>
    /// <returns>For example <c>DenseMatrix [3, 4]</c>.</returns>
    public override string ToString() => $"DenseMatrix [{Rows}, {Columns}]";

    private int Index(int row, int column)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {Rows}).");
        }

        if ((uint)column >= (uint)Columns)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"Column must be in [0, {Columns}).");
        }

        return row * Columns + column;
    }
}
