using System.Globalization;

namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// The parameters a <see cref="LanguageModelConfig"/> implies, derived from the configuration alone: used to refuse a
/// configuration whose tensors no array can hold, and to check a stored configuration against the tensors stored with
/// it (checkpoint, safetensors) <em>before</em> building the model, so that a forged or corrupt file cannot make the
/// loader allocate more than the file's own contents justify.
/// </summary>
public static class LanguageModelLayout
{
    /// <summary>
    /// The parameters <see cref="LanguageModelFactory.Create"/> would build, in the order of <see cref="LanguageModel.Parameters"/>:
    /// <c>embedding [V, E]</c>, <c>decoder.bias [V]</c>, then per layer <c>W [G·H, I]</c>, <c>R [G·H, H]</c>, <c>bx [G·H]</c>,
    /// <c>br [G·H]</c> and, for EGRU, <c>theta [H]</c> (G = 3 for EGRU, 4 for LSTM), then, with a
    /// <see cref="LanguageModelConfig.Projection"/>, <c>projection.weight [E, H_L]</c> and <c>projection.bias [E]</c>.
    /// </summary>
    /// <param name="config">The configuration; its sizes are read as they are (not validated).</param>
    /// <returns>The shapes, computed in 64-bit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> or its <see cref="LanguageModelConfig.HiddenSizes"/> is null.</exception>
    public static IReadOnlyList<ParameterShape> Shapes(LanguageModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(config.HiddenSizes, nameof(config));
        var shapes = new List<ParameterShape>
        {
            new("embedding", config.Vocabulary, config.EmbeddingSize, IsVector: false),
            new("decoder.bias", config.Vocabulary, 1, IsVector: true),
        };
        bool egru = config.CellType == RecurrentCellType.Egru;
        long gates = egru ? 3 : 4;
        long input = config.EmbeddingSize;
        for (int l = 0; l < config.HiddenSizes.Count; l++)
        {
            long hidden = config.HiddenSizes[l];
            string prefix = string.Create(CultureInfo.InvariantCulture, $"layers.{l}.");
            shapes.Add(new(prefix + "W", gates * hidden, input, IsVector: false));
            shapes.Add(new(prefix + "R", gates * hidden, hidden, IsVector: false));
            shapes.Add(new(prefix + "bx", gates * hidden, 1, IsVector: true));
            shapes.Add(new(prefix + "br", gates * hidden, 1, IsVector: true));
            if (egru)
            {
                shapes.Add(new(prefix + "theta", hidden, 1, IsVector: true));
            }

            input = hidden;
        }

        if (config.Projection)
        {
            shapes.Add(new(DecoderProjection.WeightName, config.EmbeddingSize, input, IsVector: false));
            shapes.Add(new(DecoderProjection.BiasName, config.EmbeddingSize, 1, IsVector: true));
        }

        return shapes;
    }

    /// <summary>
    /// Describes the first difference between the parameters <paramref name="config"/> implies and the tensors stored
    /// with it: a parameter missing, a shape that differs, or (unless <paramref name="ignoreExtra"/>) a stored tensor the
    /// model would not have.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="stored">The stored tensors' shapes by name.</param>
    /// <param name="ignoreExtra">Accept stored tensors that are no parameter of the model (they are then not loaded).</param>
    /// <returns>A sentence naming the first mismatch, or null when every name and shape agrees.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string? FindMismatch(LanguageModelConfig config, IReadOnlyDictionary<string, IReadOnlyList<int>> stored, bool ignoreExtra = false)
    {
        ArgumentNullException.ThrowIfNull(stored);
        IReadOnlyList<ParameterShape> expected = Shapes(config);
        foreach (ParameterShape shape in expected)
        {
            if (!stored.TryGetValue(shape.Name, out IReadOnlyList<int>? actual))
            {
                return $"the configuration implies parameter '{shape.Name}' {shape.ShapeText}, which is not stored.";
            }

            if (!shape.Matches(actual))
            {
                return $"the configuration implies '{shape.Name}' {shape.ShapeText}, but the stored tensor is [{string.Join(", ", actual)}].";
            }
        }

        if (ignoreExtra)
        {
            return null;
        }

        var names = new HashSet<string>(expected.Select(s => s.Name), StringComparer.Ordinal);
        foreach ((string name, IReadOnlyList<int> shape) in stored)
        {
            if (!names.Contains(name))
            {
                return $"the stored tensor '{name}' [{string.Join(", ", shape)}] is not a parameter of the configured model.";
            }
        }

        return null;
    }

    /// <summary>Throws when one of the parameters <paramref name="config"/> implies is larger than an array can hold.</summary>
    /// <param name="config">A configuration whose sizes are already known to be positive.</param>
    /// <exception cref="ArgumentException">A parameter would have more than <see cref="Array.MaxLength"/> elements.</exception>
    internal static void EnsureRepresentable(LanguageModelConfig config)
    {
        foreach (ParameterShape shape in Shapes(config))
        {
            if (shape.Rows > Array.MaxLength || shape.Elements > Array.MaxLength)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Parameter '{shape.Name}' would be {shape.ShapeText} = {shape.Elements:N0} elements, more than an array can hold ({Array.MaxLength:N0}): the vocabulary or a layer width is far too large."),
                    nameof(config));
            }
        }
    }
}
