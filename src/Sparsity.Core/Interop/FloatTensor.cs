using System.Runtime.InteropServices;

using Sparsity.Core.Dense;
using Sparsity.Core.Validation;

namespace Sparsity.Core.Interop;

/// <summary>
/// A dense float32 tensor of any rank: a shape and its elements in row-major (C) order, the layout of a PyTorch
/// contiguous tensor and of a safetensors buffer. The exchange type of <see cref="TensorMap"/> and
/// <see cref="Safetensors"/>.
/// </summary>
/// <remarks>
/// The shape is fixed; the values stay mutable. A rank-0 tensor (shape <c>[]</c>) is a scalar with one element; a
/// shape with a zero dimension has no elements.
/// </remarks>
public sealed class FloatTensor
{
    private readonly int[] _shape;

    /// <summary>Wraps <paramref name="values"/> (not copied: the tensor shares the array) with a shape.</summary>
    /// <param name="shape">Dimensions, each ≥ 0; empty for a scalar.</param>
    /// <param name="values">Row-major elements: <c>[product(shape)]</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">The length of <paramref name="values"/> is not the product of the dimensions.</exception>
    public FloatTensor(ReadOnlySpan<int> shape, float[] values)
    {
        ThrowHelper.NotNull(values, nameof(values));
        _shape = shape.ToArray();
        long count = CheckedCount(shape);
        ThrowHelper.Length(values.Length, count, nameof(values), $"product of the shape {ShapeText}");
        Values = values;
    }

    /// <summary>Number of dimensions (0 for a scalar).</summary>
    public int Rank => _shape.Length;

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The row-major elements (shared, not a copy).</summary>
    public float[] Values { get; }

    /// <summary>Number of elements: the product of the dimensions.</summary>
    public int Count => Values.Length;

    /// <summary>The shape as text, e.g. <c>[3, 4]</c> or <c>[]</c>.</summary>
    public string ShapeText => Format(_shape);

    /// <summary>Creates a zero-filled tensor.</summary>
    /// <param name="shape">Dimensions, each ≥ 0.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">The element count exceeds <see cref="Array.MaxLength"/>.</exception>
    public static FloatTensor Zeros(params ReadOnlySpan<int> shape)
    {
        return new FloatTensor(shape, new float[CheckedCount(shape)]);
    }

    /// <summary>Copies a matrix into a rank-2 tensor <c>[Rows, Columns]</c>.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <returns>A new tensor that does not share the matrix's storage.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    public static FloatTensor FromMatrix(DenseMatrix matrix)
    {
        ThrowHelper.NotNull(matrix, nameof(matrix));
        return new FloatTensor([matrix.Rows, matrix.Columns], (float[])matrix.Data.Clone());
    }

    /// <summary>Copies a rank-2 tensor <c>[R, C]</c> into a matrix.</summary>
    /// <returns>A new matrix that does not share the tensor's storage.</returns>
    /// <exception cref="InvalidOperationException">The tensor is not rank 2.</exception>
    public DenseMatrix ToMatrix()
    {
        RequireRank2(nameof(ToMatrix));
        return new DenseMatrix(_shape[0], _shape[1], (float[])Values.Clone());
    }

    /// <summary>Returns the transpose of a rank-2 tensor: <c>[R, C]</c> becomes <c>[C, R]</c> with <c>out[j, i] = this[i, j]</c>.</summary>
    /// <returns>A new tensor.</returns>
    /// <exception cref="InvalidOperationException">The tensor is not rank 2.</exception>
    public FloatTensor Transpose()
    {
        RequireRank2(nameof(Transpose));
        int rows = _shape[0], columns = _shape[1];
        var result = new float[Values.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                result[(j * rows) + i] = Values[(i * columns) + j];
            }
        }

        return new FloatTensor([columns, rows], result);
    }

    /// <summary>A deep copy.</summary>
    /// <returns>A tensor with the same shape and a copy of the values.</returns>
    public FloatTensor Clone() => new(_shape, (float[])Values.Clone());

    /// <summary>Whether the tensor has exactly the given shape.</summary>
    /// <param name="shape">The shape to compare with.</param>
    /// <returns>True when the ranks and all dimensions agree.</returns>
    public bool HasShape(params ReadOnlySpan<int> shape) => shape.SequenceEqual(_shape);

    /// <summary>Whether both tensors have the same shape and bit-identical values (NaN payloads and −0 included).</summary>
    /// <param name="other">The other tensor.</param>
    /// <returns>True when shapes and bits agree.</returns>
    public bool BitwiseEquals(FloatTensor? other) =>
        other is not null
        && other.HasShape(_shape)
        && MemoryMarshal.AsBytes(Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(other.Values.AsSpan()));

    /// <inheritdoc/>
    public override string ToString() => $"FloatTensor {ShapeText}";

    /// <summary>Formats a shape as <c>[a, b, …]</c>.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The text.</returns>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>The element count of a shape that an array can hold.</summary>
    private static long CheckedCount(ReadOnlySpan<int> shape)
    {
        long count = ElementCount(shape, Array.MaxLength);
        if (count > Array.MaxLength)
        {
            ThrowHelper.Argument(nameof(shape), $"The shape {Format(shape)} has more elements than an array can hold.");
        }

        return count;
    }

    /// <summary>The product of the dimensions, or any value above <paramref name="limit"/> once it exceeds it.</summary>
    private static long ElementCount(ReadOnlySpan<int> shape, long limit)
    {
        for (int axis = 0; axis < shape.Length; axis++)
        {
            if (shape[axis] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), shape[axis], $"Dimension {axis} of the shape {Format(shape)} is negative.");
            }
        }

        long count = 1;
        foreach (int dimension in shape)
        {
            if (dimension == 0)
            {
                return 0;
            }
        }

        // No zero dimension: stop multiplying once the count passes the limit, so it cannot overflow.
        foreach (int dimension in shape)
        {
            count *= dimension;
            if (count > limit)
            {
                return limit + 1;
            }
        }

        return count;
    }

    private void RequireRank2(string operation)
    {
        if (_shape.Length != 2)
        {
            throw new InvalidOperationException($"{operation} needs a rank-2 tensor, but the shape is {ShapeText}.");
        }
    }
}
