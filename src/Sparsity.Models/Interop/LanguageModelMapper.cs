using System.Globalization;

using Sparsity.Core.Interop;
using Sparsity.Models.LanguageModeling;

namespace Sparsity.Models.Interop;

/// <summary>
/// The direction-independent part of every mapping: finds the layers, checks every shape against H and I (and the
/// chain E → H₀ → … → E of a tied language model), and copies or transposes the tensors under their new names.
/// Every tensor of the result is a copy; the source map is never modified or shared.
/// </summary>
internal static class LanguageModelMapper
{
    /// <summary>How far past the last layer found a stray higher-numbered layer is looked for.</summary>
    private const int GapSearch = 16;

    /// <summary>Our map → a foreign checkpoint.</summary>
    /// <param name="ours">Our tensors.</param>
    /// <param name="format">The foreign layer format.</param>
    /// <param name="layerFormat">The foreign layer naming (<c>{0}</c> layer, <c>{1}</c> parameter).</param>
    /// <param name="model">The foreign LM names; null for layers alone.</param>
    /// <param name="perLayer">Adds format-specific extra tensors for a layer (given the foreign name function), or null.</param>
    /// <returns>The foreign tensors.</returns>
    public static TensorMap ToForeign(
        TensorMap ours, RecurrentLayerFormat format, string layerFormat, LanguageModelNames? model, Action<TensorMap, Func<string, string>>? perLayer)
    {
        ArgumentNullException.ThrowIfNull(ours);
        var foreignName = Namer(layerFormat, nameof(layerFormat));
        const string Side = "Sparsity";
        var result = new TensorMap();
        CopyMetadata(ours, result);

        int? width = null;
        int embeddingWidth = 0;
        int? projectionInput = null;
        if (model is not null)
        {
            FloatTensor embedding = RequireMatrix(ours, ModelTensorNames.Embedding, Side, "[V, E]");
            embeddingWidth = embedding.Shape[1];
            FloatTensor bias = RequireShape(ours, ModelTensorNames.DecoderBias, Side, [embedding.Shape[0]], "[V]");
            result.Add(model.Embedding, embedding.Clone());
            if (model.TiedDecoderWeight is { } tied)
            {
                result.Add(tied, embedding.Clone());
            }

            result.Add(model.DecoderBias, bias.Clone());
            if (ours.Contains(DecoderProjection.WeightName) || ours.Contains(DecoderProjection.BiasName))
            {
                // Leaving the tensors out would export a different model (silently so when H_L = E).
                (string weightName, string biasName) = ProjectionNames(model)
                    ?? throw new InvalidDataException(
                        $"The {Side} model has a decoder projection ('{DecoderProjection.WeightName}'), which these PyTorch names have no place for.");
                (FloatTensor weight, FloatTensor projectionBias) = ReadProjection(ours, DecoderProjection.WeightName, DecoderProjection.BiasName, embeddingWidth, Side);
                result.Add(weightName, weight.Clone()); // nn.Linear(H_L, E).weight is [E, H_L], as ours
                result.Add(biasName, projectionBias.Clone());
                projectionInput = weight.Shape[1];
            }

            width = embeddingWidth;
        }

        int layers = CountLayers(ours, format, l => local => ModelTensorNames.Layer(l, local), foreign: false, Side);
        for (int layer = 0; layer < layers; layer++)
        {
            int l = layer;
            var (hidden, tensors) = ReadLayer(ours, format, layer, local => ModelTensorNames.Layer(l, local), foreign: false, width, Side);
            for (int r = 0; r < format.Roles.Length; r++)
            {
                TensorRole role = format.Roles[r];
                result.Add(foreignName(layer, role.Foreign), role.Transposed ? tensors[r].Transpose() : tensors[r].Clone());
            }

            perLayer?.Invoke(result, kind => foreignName(l, kind));
            width = hidden;
        }

        CheckTied(model, embeddingWidth, projectionInput, width, layers, Side);
        return result;
    }

    /// <summary>A foreign checkpoint → our map.</summary>
    /// <param name="foreign">The foreign tensors.</param>
    /// <param name="format">Their layer format.</param>
    /// <param name="layerFormat">Their layer naming.</param>
    /// <param name="model">Their LM names; null for layers alone.</param>
    /// <returns>Our tensors.</returns>
    public static TensorMap FromForeign(TensorMap foreign, RecurrentLayerFormat format, string layerFormat, LanguageModelNames? model)
    {
        ArgumentNullException.ThrowIfNull(foreign);
        var foreignName = Namer(layerFormat, nameof(layerFormat));
        string side = format.Description;
        var result = new TensorMap();
        CopyMetadata(foreign, result);

        int? width = null;
        int embeddingWidth = 0;
        int? projectionInput = null;
        if (model is not null)
        {
            FloatTensor embedding = Embedding(foreign, model, side);
            embeddingWidth = embedding.Shape[1];
            FloatTensor bias = RequireShape(foreign, model.DecoderBias, side, [embedding.Shape[0]], "[V]");
            result.Add(ModelTensorNames.Embedding, embedding.Clone());
            result.Add(ModelTensorNames.DecoderBias, bias.Clone());
            if (ProjectionNames(model) is var (weightName, biasName) && (foreign.Contains(weightName) || foreign.Contains(biasName)))
            {
                // The decoder projects the last hidden state (EvNN's projection=True): LanguageModelConfig.Projection holds it.
                (FloatTensor weight, FloatTensor projectionBias) = ReadProjection(foreign, weightName, biasName, embeddingWidth, side);
                result.Add(DecoderProjection.WeightName, weight.Clone());
                result.Add(DecoderProjection.BiasName, projectionBias.Clone());
                projectionInput = weight.Shape[1];
            }

            width = embeddingWidth;
        }

        int layers = CountLayers(foreign, format, l => kind => foreignName(l, kind), foreign: true, side);
        for (int layer = 0; layer < layers; layer++)
        {
            int l = layer;
            foreach (string rejected in format.Rejected)
            {
                if (foreign.Contains(foreignName(layer, rejected)))
                {
                    throw new InvalidDataException(
                        $"The {side} checkpoint has '{foreignName(layer, rejected)}', a feature (e.g. proj_size > 0) this library does not model.");
                }
            }

            var (hidden, tensors) = ReadLayer(foreign, format, layer, kind => foreignName(l, kind), foreign: true, width, side);
            for (int r = 0; r < format.Roles.Length; r++)
            {
                TensorRole role = format.Roles[r];
                result.Add(ModelTensorNames.Layer(layer, role.Local), role.Transposed ? tensors[r].Transpose() : tensors[r].Clone());
            }

            width = hidden;
        }

        CheckTied(model, embeddingWidth, projectionInput, width, layers, side);
        return result;
    }

    /// <summary>Validates a layer format once and returns the name function.</summary>
    public static Func<int, string, string> Namer(string layerFormat, string paramName)
    {
        ArgumentNullException.ThrowIfNull(layerFormat, paramName);
        string Name(int layer, string kind) => string.Format(CultureInfo.InvariantCulture, layerFormat, layer, kind);
        try
        {
            if (Name(0, "a") == Name(1, "a") || Name(0, "a") == Name(0, "b"))
            {
                throw new ArgumentException($"The layer format \"{layerFormat}\" must use both {{0}} (layer) and {{1}} (parameter).", paramName);
            }
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"The layer format \"{layerFormat}\" is not a valid composite format: {e.Message}", paramName, e);
        }

        return Name;
    }

    private static FloatTensor Embedding(TensorMap foreign, LanguageModelNames model, string side)
    {
        foreign.TryGet(model.Embedding, out FloatTensor? embedding);
        FloatTensor? tied = null;
        if (model.TiedDecoderWeight is { } tiedName)
        {
            foreign.TryGet(tiedName, out tied);
        }

        if (embedding is not null && tied is not null && !embedding.BitwiseEquals(tied))
        {
            throw new InvalidDataException(
                $"The {side} checkpoint's '{model.Embedding}' {embedding.ShapeText} and '{model.TiedDecoderWeight}' {tied.ShapeText} differ: " +
                "its decoder is not tied to the embedding, which this library's language model requires.");
        }

        // safetensors' save_model keeps one name of a tied pair (the first in sorted order), so either may be alone.
        return embedding ?? tied ?? RequireMatrix(foreign, model.Embedding, side, "[V, E]");
    }

    private static void CheckTied(LanguageModelNames? model, int embeddingWidth, int? projectionInput, int? lastWidth, int layers, string side)
    {
        if (model is not null && projectionInput is int h && lastWidth != h)
        {
            throw new InvalidDataException(
                $"The {side} model's last recurrent layer ({layers - 1}) has width {lastWidth}, but its decoder projection [E, H_L] reads H_L = {h}.");
        }

        if (model is not null && projectionInput is null && lastWidth != embeddingWidth)
        {
            throw new InvalidDataException(
                $"The {side} model's last recurrent layer ({layers - 1}) has width {lastWidth}, but the tied decoder needs the embedding width E = {embeddingWidth}.");
        }
    }

    /// <summary>The foreign names of the projection weight and bias (<c>….weight</c> → <c>….bias</c>), or null when the names have none.</summary>
    private static (string Weight, string Bias)? ProjectionNames(LanguageModelNames model)
    {
        const string Weight = "weight";
        return model.Projection is { } weight && weight.EndsWith(Weight, StringComparison.Ordinal)
            ? (weight, string.Concat(weight.AsSpan(0, weight.Length - Weight.Length), "bias"))
            : null;
    }

    /// <summary>Reads a projection weight <c>[E, H_L]</c> and bias <c>[E]</c>, both required once either is present.</summary>
    private static (FloatTensor Weight, FloatTensor Bias) ReadProjection(TensorMap map, string weightName, string biasName, int embeddingWidth, string side)
    {
        FloatTensor weight = RequireMatrix(map, weightName, side, "[E, H_L]");
        if (weight.Shape[0] != embeddingWidth)
        {
            throw new InvalidDataException(
                $"The {side} tensor '{weightName}' has shape {weight.ShapeText}, but a decoder projection [E, H_L] needs E = {embeddingWidth} rows.");
        }

        return (weight, RequireShape(map, biasName, side, [embeddingWidth], "[E]"));
    }

    private static int CountLayers(TensorMap map, RecurrentLayerFormat format, Func<int, Func<string, string>> names, bool foreign, string side)
    {
        bool Exists(int layer)
        {
            Func<string, string> name = names(layer);
            return format.Roles.Any(role => map.Contains(name(foreign ? role.Foreign : role.Local)));
        }

        int count = 0;
        while (Exists(count))
        {
            count++;
        }

        if (count == 0)
        {
            TensorRole first = format.Roles[0];
            throw new InvalidDataException(
                $"No {format.Description} layers in the {side} tensors: '{names(0)(foreign ? first.Foreign : first.Local)}' not found; the map holds {map.Describe()}.");
        }

        for (int later = count + 1; later <= count + GapSearch; later++)
        {
            if (Exists(later))
            {
                throw new InvalidDataException($"The {side} tensors have layer {later} but no layer {count}: layers must be numbered 0, 1, 2, … without gaps.");
            }
        }

        return count;
    }

    /// <summary>Reads one layer's tensors in role order after checking every shape; returns H.</summary>
    private static (int Hidden, FloatTensor[] Tensors) ReadLayer(
        TensorMap map, RecurrentLayerFormat format, int layer, Func<string, string> name, bool foreign, int? inputWidth, string side)
    {
        string NameOf(TensorRole role) => name(foreign ? role.Foreign : role.Local);
        bool Stored(TensorRole role) => foreign && role.Transposed;

        TensorRole recurrentRole = format.Roles.Single(r => r.Shape == TensorRoleShape.RecurrentKernel);
        TensorRole inputRole = format.Roles.Single(r => r.Shape == TensorRoleShape.InputKernel);
        FloatTensor recurrent = RequireMatrix(map, NameOf(recurrentRole), side, Formula(recurrentRole, format, Stored(recurrentRole)));
        FloatTensor input = RequireMatrix(map, NameOf(inputRole), side, Formula(inputRole, format, Stored(inputRole)));
        int hidden = Stored(recurrentRole) ? recurrent.Shape[0] : recurrent.Shape[1];
        int inputs = Stored(inputRole) ? input.Shape[0] : input.Shape[1];

        // The recurrent kernel defines H, so it is checked first: a wrong gate count shows there most plainly.
        var tensors = new FloatTensor[format.Roles.Length];
        int recurrentIndex = Array.IndexOf(format.Roles, recurrentRole);
        foreach (int r in Enumerable.Range(0, format.Roles.Length).OrderBy(r => r == recurrentIndex ? 0 : 1))
        {
            TensorRole role = format.Roles[r];
            long gates = (long)format.Gates * hidden;
            long[] ours = role.Shape switch
            {
                TensorRoleShape.InputKernel => [gates, inputs],
                TensorRoleShape.RecurrentKernel => [gates, hidden],
                TensorRoleShape.GateVector => [gates],
                _ => [hidden],
            };
            long[] expected = Stored(role) ? [ours[1], ours[0]] : ours;
            string tensorName = NameOf(role);
            FloatTensor tensor = Require(map, tensorName, side, Formula(role, format, Stored(role)));
            if (!SameShape(tensor, expected))
            {
                throw new InvalidDataException(
                    $"The {side} tensor '{tensorName}' of layer {layer} has shape {tensor.ShapeText}, but {Formula(role, format, Stored(role))} " +
                    $"with H = {hidden}, I = {inputs} is [{string.Join(", ", expected)}].");
            }

            tensors[r] = tensor;
        }

        if (inputWidth is int width && inputs != width)
        {
            string source = layer == 0 ? $"the embedding width E = {width}" : $"the width H = {width} of layer {layer - 1}";
            throw new InvalidDataException(
                $"The {side} layer {layer} takes inputs of width I = {inputs} ('{NameOf(inputRole)}' {input.ShapeText}), but its input has {source}.");
        }

        return (hidden, tensors);
    }

    private static string Formula(TensorRole role, RecurrentLayerFormat format, bool stored)
    {
        string g = format.Gates.ToString(CultureInfo.InvariantCulture) + "H";
        return role.Shape switch
        {
            TensorRoleShape.InputKernel => stored ? $"[I, {g}]" : $"[{g}, I]",
            TensorRoleShape.RecurrentKernel => stored ? $"[H, {g}]" : $"[{g}, H]",
            TensorRoleShape.GateVector => $"[{g}]",
            _ => "[H]",
        };
    }

    private static bool SameShape(FloatTensor tensor, long[] expected)
    {
        if (tensor.Rank != expected.Length)
        {
            return false;
        }

        for (int axis = 0; axis < expected.Length; axis++)
        {
            if (tensor.Shape[axis] != expected[axis])
            {
                return false;
            }
        }

        return true;
    }

    private static FloatTensor Require(TensorMap map, string name, string side, string shape) =>
        map.TryGet(name, out FloatTensor? tensor)
            ? tensor
            : throw new InvalidDataException($"The {side} tensor '{name}' {shape} is missing; the map holds {map.Describe()}.");

    private static FloatTensor RequireMatrix(TensorMap map, string name, string side, string shape)
    {
        FloatTensor tensor = Require(map, name, side, shape);
        return tensor.Rank == 2
            ? tensor
            : throw new InvalidDataException($"The {side} tensor '{name}' must be a matrix {shape}, but has shape {tensor.ShapeText}.");
    }

    private static FloatTensor RequireShape(TensorMap map, string name, string side, int[] expected, string formula)
    {
        FloatTensor tensor = Require(map, name, side, formula);
        return tensor.HasShape(expected)
            ? tensor
            : throw new InvalidDataException(
                $"The {side} tensor '{name}' has shape {tensor.ShapeText}, but {formula} is {FloatTensor.Format(expected)}.");
    }

    private static void CopyMetadata(TensorMap from, TensorMap to)
    {
        foreach (var (key, value) in from.Metadata)
        {
            to.Metadata[key] = value;
        }
    }
}
