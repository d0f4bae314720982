namespace Sparsity.Models.Checkpoints;

/// <summary>A named float tensor of any rank with row-major values, as stored in a checkpoint.</summary>
public sealed class NamedTensor
{
    private readonly int[] _shape;

    /// <summary>Creates a tensor; it takes ownership of <paramref name="values"/> (no copy).</summary>
    /// <param name="name">Non-empty name, e.g. <c>layers.0.W</c> or <c>m.layers.0.W</c>.</param>
    /// <param name="shape">Dimensions, each ≥ 0 (copied); parameters are stored as <c>[Rows, Columns]</c>.</param>
    /// <param name="values">Row-major values, length = product of <paramref name="shape"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The name is empty, a dimension is negative or the length disagrees with the shape.</exception>
    public NamedTensor(string name, ReadOnlySpan<int> shape, float[] values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Tensor '{name}' has negative dimension {d}.", nameof(shape));
            }

            count *= d;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"Tensor '{name}' is too large.", nameof(shape));
            }
        }

        if (count != values.Length)
        {
            throw new ArgumentException(
                $"Tensor '{name}' of shape {FormatShape(shape)} needs {count} values, but has {values.Length}.", nameof(values));
        }

        Name = name;
        _shape = shape.ToArray();
        Values = values;
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The dimensions.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The row-major values.</summary>
    public float[] Values { get; }

    /// <summary>Whether the shape is <c>[rows, columns]</c>, or <c>[rows]</c> when <paramref name="columns"/> is 1.</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <returns>Whether they match.</returns>
    public bool HasShape(int rows, int columns) =>
        (_shape.Length == 2 && _shape[0] == rows && _shape[1] == columns) || (_shape.Length == 1 && columns == 1 && _shape[0] == rows);

    /// <summary>Formats a shape as <c>[a, b]</c>.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The text.</returns>
    public static string FormatShape(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {FormatShape(_shape)}";
}
