using Sparsity.Core.Interop;

namespace Sparsity.Models.Interop;

/// <summary>
/// Converts between this library's EGRU tensors (<see cref="ModelTensorNames"/>) and those of the EGRU reference
/// implementation, EvNN (<c>evnn_pytorch.EGRU</c>, and the language model of its <c>benchmarks/lm</c>).
/// </summary>
/// <remarks>
/// <para>Per layer l, with the default <see cref="EvnnNaming.LanguageModel"/> naming:</para>
/// <list type="table">
/// <listheader><term>ours</term><description>EvNN</description></listheader>
/// <item><term><c>layers.l.W [3H, I]</c></term><description><c>rnns.l.kernel [I, 3H]</c> = Wᵀ</description></item>
/// <item><term><c>layers.l.R [3H, H]</c></term><description><c>rnns.l.recurrent_kernel [H, 3H]</c> = Rᵀ</description></item>
/// <item><term><c>layers.l.bx [3H]</c></term><description><c>rnns.l.bias [3H]</c></description></item>
/// <item><term><c>layers.l.br [3H]</c></term><description><c>rnns.l.recurrent_bias [3H]</c></description></item>
/// <item><term><c>layers.l.theta [H]</c></term><description><c>rnns.l.thr [H]</c></description></item>
/// <item><term><c>embedding [V, E]</c></term><description><c>embeddings.weight [V, E]</c> (and the tied <c>decoder.decoder.weight</c>)</description></item>
/// <item><term><c>decoder.bias [V]</c></term><description><c>decoder.decoder.bias [V]</c></description></item>
/// <item><term><c>projection.weight [E, H_L]</c>, <c>projection.bias [E]</c> (optional)</term><description><c>decoder.projection.weight</c>, <c>decoder.projection.bias</c> (EvNN's <c>projection=True</c>)</description></item>
/// </list>
/// <para>The gate blocks are in the same order on both sides (EvNN's update | reset | candidate is our z | r | g, with
/// the reset applied after the recurrent product and its bias in both), so the kernels are transposed and nothing
/// is permuted. Both directions check every shape, the chain of widths E → H₀ → … → H_last = E of the tied
/// language model, and fail with <see cref="InvalidDataException"/> naming the tensor. Import ignores tensors it does
/// not need (EvNN's <c>dampening_factor</c>, <c>pseudo_derivative_support</c>, <c>_max_norm</c>; read them with
/// <see cref="ReadSurrogate"/>).</para>
/// </remarks>
public static class EvnnMapping
{
    /// <summary>Converts our EGRU model tensors to EvNN's names and layouts.</summary>
    /// <param name="ours">Our tensors: <c>layers.{l}.W/R/bx/br/theta</c>, plus <c>embedding</c> and <c>decoder.bias</c>
    /// when <paramref name="naming"/> has a <see cref="EvnnNaming.Model"/>. Other tensors are ignored.</param>
    /// <param name="naming">The EvNN names; default <see cref="EvnnNaming.LanguageModel"/>.</param>
    /// <param name="surrogate">When given, each layer also gets EvNN's one-element <c>dampening_factor</c>,
    /// <c>pseudo_derivative_support</c> and <c>_max_norm</c>, so a strict <c>load_state_dict</c> accepts the result.</param>
    /// <returns>New tensors (copies) in EvNN's layout, with the metadata of <paramref name="ours"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ours"/> is null.</exception>
    /// <exception cref="ArgumentException">The naming's layer format is invalid.</exception>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape, or the last width is neither E nor the projection's input width.</exception>
    public static TensorMap ToEvnn(TensorMap ours, EvnnNaming? naming = null, EvnnSurrogate? surrogate = null)
    {
        naming ??= EvnnNaming.LanguageModel;
        Action<TensorMap, Func<string, string>>? extras = surrogate is null
            ? null
            : (map, name) =>
            {
                map.Add(name("dampening_factor"), new FloatTensor([1], [surrogate.DampeningFactor]));
                map.Add(name("pseudo_derivative_support"), new FloatTensor([1], [surrogate.PseudoDerivativeSupport]));
                map.Add(name("_max_norm"), new FloatTensor([1], [surrogate.MaxNorm]));
            };
        return LanguageModelMapper.ToForeign(ours, RecurrentLayerFormat.EvnnEgru, naming.LayerFormat, naming.Model, extras);
    }

    /// <summary>Converts EvNN tensors (e.g. read from a safetensors export of its LM) to our names and layouts.</summary>
    /// <param name="evnn">EvNN's tensors.</param>
    /// <param name="naming">The EvNN names; default <see cref="EvnnNaming.LanguageModel"/>.</param>
    /// <returns>New tensors (copies) named as in <see cref="ModelTensorNames"/>, with the metadata of <paramref name="evnn"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evnn"/> is null.</exception>
    /// <exception cref="ArgumentException">The naming's layer format is invalid.</exception>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape, the layers are not numbered
    /// 0…L−1, the decoder is not tied to the embedding, or a projection is incomplete or does not fit.</exception>
    public static TensorMap FromEvnn(TensorMap evnn, EvnnNaming? naming = null)
    {
        naming ??= EvnnNaming.LanguageModel;
        return LanguageModelMapper.FromForeign(evnn, RecurrentLayerFormat.EvnnEgru, naming.LayerFormat, naming.Model);
    }

    /// <summary>Reads the surrogate settings EvNN stores with a layer, when present.</summary>
    /// <param name="evnn">EvNN's tensors.</param>
    /// <param name="layer">The layer index.</param>
    /// <param name="naming">The EvNN names; default <see cref="EvnnNaming.LanguageModel"/>.</param>
    /// <returns>The settings, or null when the layer has no <c>dampening_factor</c> or <c>pseudo_derivative_support</c>
    /// (<c>_max_norm</c> defaults to −1 when absent).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evnn"/> is null.</exception>
    /// <exception cref="InvalidDataException">One of them is not a one-element tensor.</exception>
    public static EvnnSurrogate? ReadSurrogate(TensorMap evnn, int layer, EvnnNaming? naming = null)
    {
        ArgumentNullException.ThrowIfNull(evnn);
        naming ??= EvnnNaming.LanguageModel;
        Func<int, string, string> name = LanguageModelMapper.Namer(naming.LayerFormat, nameof(naming));
        float? Scalar(string kind)
        {
            string full = name(layer, kind);
            if (!evnn.TryGet(full, out FloatTensor? tensor))
            {
                return null;
            }

            return tensor.Count == 1 ? tensor.Values[0] : throw new InvalidDataException($"EvNN's '{full}' must have one element, but has shape {tensor.ShapeText}.");
        }

        float? dampening = Scalar("dampening_factor"), support = Scalar("pseudo_derivative_support"), maxNorm = Scalar("_max_norm");
        return dampening is float d && support is float s ? new EvnnSurrogate(d, s, maxNorm ?? -1f) : null;
    }
}
