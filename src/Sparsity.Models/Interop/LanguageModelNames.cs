namespace Sparsity.Models.Interop;

/// <summary>
/// Where a PyTorch language model keeps the tensors around its recurrent layers: the embedding <c>[V, E]</c>, the
/// decoder weight tied to it, the decoder bias <c>[V]</c>, and an optional projection the mappings do not convert yet.
/// </summary>
/// <param name="Embedding">The embedding weight <c>[V, E]</c>, e.g. <c>embeddings.weight</c>.</param>
/// <param name="TiedDecoderWeight">The decoder weight that PyTorch ties to the embedding (the same tensor under a second
/// name in <c>state_dict()</c>); null when the checkpoint has no such name. Export writes a copy under this name so that
/// a strict <c>load_state_dict</c> finds it; import accepts it in place of a missing embedding, and otherwise requires it
/// to equal the embedding bit for bit.</param>
/// <param name="DecoderBias">The decoder bias <c>[V]</c>.</param>
/// <param name="Projection">A tensor whose presence means the checkpoint projects the last hidden state before the
/// decoder, which the mappings do not convert yet (import fails naming it); null to skip the check.</param>
public sealed record LanguageModelNames(string Embedding, string? TiedDecoderWeight, string DecoderBias, string? Projection)
{
    /// <summary>
    /// EvNN's benchmark language model (<c>benchmarks/lm/models.py</c>, class <c>LanguageModel</c>):
    /// <c>embeddings.weight</c>, tied <c>decoder.decoder.weight</c>, <c>decoder.decoder.bias</c>; with
    /// <c>projection=True</c> it adds <c>decoder.projection.weight</c>, which is rejected.
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
