using System.Globalization;

namespace Sparsity.Models.Interop;

/// <summary>
/// This library's tensor names and layouts, shared by checkpoints, safetensors export and the mappings to PyTorch:
/// <c>embedding [V, E]</c>, <c>decoder.bias [V]</c> (the decoder weight is the embedding, tied), and per recurrent
/// layer <c>layers.{l}.{local}</c>. EGRU locals: <c>W [3H, I]</c>, <c>R [3H, H]</c>, <c>bx [3H]</c>,
/// <c>br [3H]</c>, <c>theta [H]</c>, gate blocks <c>z | r | g</c>. LSTM locals: <c>W [4H, I]</c>,
/// <c>R [4H, H]</c>, <c>bx [4H]</c>, <c>br [4H]</c>, gate blocks <c>i | f | g | o</c>. All row-major.
/// </summary>
public static class ModelTensorNames
{
    /// <summary>The embedding matrix <c>[V, E]</c>, also the tied decoder weight.</summary>
    public const string Embedding = "embedding";

    /// <summary>The decoder bias <c>[V]</c>.</summary>
    public const string DecoderBias = "decoder.bias";

    /// <summary>Input kernel <c>W: [G·H, I]</c> (G = 3 for EGRU, 4 for LSTM).</summary>
    public const string InputKernel = "W";

    /// <summary>Recurrent kernel <c>R: [G·H, H]</c>.</summary>
    public const string RecurrentKernel = "R";

    /// <summary>Input bias <c>bx: [G·H]</c>.</summary>
    public const string InputBias = "bx";

    /// <summary>Recurrent bias <c>br: [G·H]</c>.</summary>
    public const string RecurrentBias = "br";

    /// <summary>EGRU thresholds <c>theta: [H]</c>.</summary>
    public const string Threshold = "theta";

    /// <summary>The prefix of every tensor of recurrent layer <paramref name="layer"/>: <c>layers.{layer}.</c>.</summary>
    /// <param name="layer">Layer index, from 0 at the input.</param>
    /// <returns>The prefix.</returns>
    public static string LayerPrefix(int layer) => string.Create(CultureInfo.InvariantCulture, $"layers.{layer}.");

    /// <summary>The full name of a layer tensor, e.g. <c>layers.1.R</c>.</summary>
    /// <param name="layer">Layer index, from 0 at the input.</param>
    /// <param name="local">The local name: <see cref="InputKernel"/>, <see cref="RecurrentKernel"/>, …</param>
    /// <returns>The name.</returns>
    public static string Layer(int layer, string local) => LayerPrefix(layer) + local;
}
