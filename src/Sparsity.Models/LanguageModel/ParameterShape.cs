namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// One parameter that a <see cref="LanguageModelConfig"/> implies, known without building the model: its global name
/// (as in <see cref="LanguageModel.Parameters"/>) and its size <c>[Rows, Columns]</c>, computed in 64-bit so that an
/// absurd configuration can be described (and refused) instead of overflowing.
/// </summary>
/// <param name="Name">The global name, e.g. <c>embedding</c> or <c>layers.1.R</c>.</param>
/// <param name="Rows">Rows (the length, for a vector).</param>
/// <param name="Columns">Columns (1 for a vector).</param>
/// <param name="IsVector">Whether the parameter is a vector (a bias or thresholds), stored as <c>[Rows]</c> or <c>[Rows, 1]</c>.</param>
public readonly record struct ParameterShape(string Name, long Rows, long Columns, bool IsVector)
{
    /// <summary>Number of elements, <c>Rows · Columns</c>.</summary>
    public long Elements => Rows * Columns;

    /// <summary>Whether a stored tensor of <paramref name="shape"/> fits: <c>[Rows, Columns]</c>, or <c>[Rows]</c> for a vector.</summary>
    /// <param name="shape">The stored dimensions.</param>
    /// <returns>Whether they match.</returns>
    public bool Matches(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return (shape.Count == 2 && shape[0] == Rows && shape[1] == Columns) || (shape.Count == 1 && Columns == 1 && shape[0] == Rows);
    }

    /// <summary>The size as text, <c>[Rows, Columns]</c> or <c>[Rows]</c> for a vector.</summary>
    public string ShapeText => IsVector && Columns == 1 ? $"[{Rows}]" : $"[{Rows}, {Columns}]";
}
