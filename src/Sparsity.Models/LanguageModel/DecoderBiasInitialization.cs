using System.Text.Json.Serialization;

namespace Sparsity.Models.LanguageModeling;

/// <summary>How the decoder bias <c>[V]</c> starts before training (see <see cref="LanguageModelConfig.DecoderBiasInit"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecoderBiasInitialization>))]
public enum DecoderBiasInitialization
{
    /// <summary>
    /// The centred, add-one-smoothed log-unigram of the training split (<see cref="UnigramPrior"/>), applied by the
    /// <see cref="Training.Trainer"/> when a fresh run starts. With a zero bias, Adam (which moves each bias entry by
    /// about the learning rate per step) is slower to fit the unigram than the hidden layers are, so they learn a
    /// saturated, context-free code first; in an EGRU that leaves about half the units of the upper layers outside the
    /// surrogate's support, silent and without gradient (measured on PTB: 110 of 256 and 84 of 128 units silent after
    /// 300 steps, valid perplexity 712; with this prior 18 and 6, perplexity 319).
    /// </summary>
    LogUnigram,

    /// <summary>All zeros, as the reference implementations start (for reference-faithful runs).</summary>
    Zero,
}
