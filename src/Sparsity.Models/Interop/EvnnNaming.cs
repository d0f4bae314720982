namespace Sparsity.Models.Interop;

/// <summary>
/// How an EvNN (EGRU reference implementation) checkpoint names its tensors.
/// </summary>
/// <param name="LayerFormat">A composite format for the tensors of one <c>evnn_pytorch.EGRU</c> layer: <c>{0}</c> is the
/// layer index, <c>{1}</c> the EGRU parameter (<c>kernel</c>, <c>recurrent_kernel</c>, <c>bias</c>,
/// <c>recurrent_bias</c>, <c>thr</c>, and the buffers-as-parameters <c>dampening_factor</c>,
/// <c>pseudo_derivative_support</c>, <c>_max_norm</c>). EvNN's LM keeps its layers in <c>self.rnns</c>
/// (an <c>nn.ModuleList</c>), hence <c>rnns.{0}.{1}</c>.</param>
/// <param name="Model">The language-model tensors around the layers; null for a stack of layers alone.</param>
public sealed record EvnnNaming(string LayerFormat, LanguageModelNames? Model)
{
    /// <summary>EvNN's benchmark LM: <c>rnns.{l}.kernel</c> …, <c>embeddings.weight</c>, <c>decoder.decoder.bias</c>.</summary>
    public static EvnnNaming LanguageModel { get; } = new("rnns.{0}.{1}", LanguageModelNames.Evnn);

    /// <summary>EGRU layers alone, named by <paramref name="layerFormat"/> (default <c>rnns.{0}.{1}</c>).</summary>
    /// <param name="layerFormat">See <see cref="LayerFormat"/>.</param>
    /// <returns>The naming.</returns>
    public static EvnnNaming Layers(string layerFormat = "rnns.{0}.{1}") => new(layerFormat, null);
}

/// <summary>
/// The surrogate-gradient settings EvNN stores with every EGRU layer as one-element, non-trainable parameters; export
/// writes them so that <c>load_state_dict(strict=True)</c> accepts the file. Our surrogate
/// <c>γ·max(0, 1 − β·|s|)</c> has γ = <see cref="DampeningFactor"/> and β = <see cref="PseudoDerivativeSupport"/>.
/// </summary>
/// <param name="DampeningFactor">EvNN <c>dampening_factor</c>, our γ (layer default 0.7; LM recipe 3.6).</param>
/// <param name="PseudoDerivativeSupport">EvNN <c>pseudo_derivative_support</c>, our β (layer default 1; LM recipe 3.6).</param>
/// <param name="MaxNorm">EvNN <c>_max_norm</c>, its gradient-clipping norm; −1 when clipping is off (the default).</param>
public sealed record EvnnSurrogate(float DampeningFactor, float PseudoDerivativeSupport, float MaxNorm = -1f);
