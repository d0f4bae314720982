namespace Sparsity.Models.Interop;

/// <summary>
/// Where a PyTorch language model keeps the tensors around its recurrent layers: the embedding <c>[V, E]</c>, the
/// decoder weight tied to it, the decoder bias <c>[V]</c>, and an optional decoder projection.
/// </summary>
/// <param name="Embedding">The embedding weight <c>[V, E]</c>, e.g. <c>embeddings.weight</c>.</param>
/// <param name="TiedDecoderWeight">The decoder weight that PyTorch ties to the embedding (the same tensor under a second
/// name in <c>state_dict()</c>); null when the checkpoint has no such name. Export writes a copy under this name so that
/// a strict <c>load_state_dict</c> finds it; import accepts it in place of a missing embedding, and otherwise requires it
/// to equal the embedding bit for bit.</param>
/// <param name="DecoderBias">The decoder bias <c>[V]</c>.</param>
/// <param name="Projection">The weight <c>[E, H_L]</c> of the projection of the last hidden state before the decoder
/// (an <c>nn.Linear(H_L, E)</c>, e.g. <c>decoder.projection.weight</c>); its bias <c>[E]</c> is the same name ending in
/// <c>bias</c> instead of <c>weight</c>. Both map to our <see cref="LanguageModeling.DecoderProjection"/>
/// (<c>projection.weight</c>, <c>projection.bias</c>). Null when the model has no place for a projection (a model
/// with one is then refused on export).</param>
public sealed record LanguageModelNames(string Embedding, string? TiedDecoderWeight, string DecoderBias, string? Projection)
{
    /// <summary>
    /// EvNN's benchmark language model (<c>benchmarks/lm/models.py</c>, class <c>LanguageModel</c>):
    /// <c>embeddings.weight</c>, tied <c>decoder.decoder.weight</c>, <c>decoder.decoder.bias</c>; with
    /// <c>projection=True</c> it adds <c>decoder.projection.weight</c> and <c>decoder.projection.bias</c>.
    /// </summary>
    public static LanguageModelNames Evnn { get; } =
        new("embeddings.weight", "decoder.decoder.weight", "decoder.decoder.bias", "decoder.projection.weight");

    /// <summary>
    /// PyTorch's <c>examples/word_language_model</c> <c>RNNModel</c> with <c>tie_weights</c> (and AWD-LSTM):
    /// <c>encoder.weight</c>, tied <c>decoder.weight</c>, <c>decoder.bias</c>.
    /// </summary>
    public static LanguageModelNames WordLanguageModel { get; } =
        new("encoder.weight", "decoder.weight", "decoder.bias", null);
}
