using Sparsity.Core.Validation;
using Sparsity.Models.Layers;

namespace Sparsity.Models.LanguageModeling;

/// <summary>Builds a <see cref="LanguageModel"/> from a <see cref="LanguageModelConfig"/> (a fresh, initialised model).</summary>
public static class LanguageModelFactory
{
    /// <summary>
    /// Creates the layers of <paramref name="config"/> (EGRU or LSTM, Xavier-normal kernels, zero biases, EGRU
    /// thresholds per its options), the projection if it has one (Xavier-normal, zero bias) and the model around them
    /// (embedding U(−0.1, 0.1), zero decoder bias), all drawn from one <see cref="Random"/> seeded with
    /// <see cref="LanguageModelConfig.Seed"/>: the same config gives the same weights.
    /// </summary>
    /// <param name="config">The architecture; validated first.</param>
    /// <returns>The model, with <see cref="LanguageModel.Config"/> set to <paramref name="config"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentException">The configuration is invalid (see <see cref="LanguageModelConfig.Validate"/>).</exception>
    public static LanguageModel Create(LanguageModelConfig config)
    {
        ThrowHelper.NotNull(config, nameof(config));
        config.Validate();
        var rng = new Random(config.Seed);
        int embeddingSeed = rng.Next(); // its own stream, so the embedding does not repeat layer 0's draws
        var layers = new IRecurrentLayer[config.HiddenSizes.Count];
        int input = config.EmbeddingSize;
        for (int l = 0; l < layers.Length; l++)
        {
            int hidden = config.HiddenSizes[l];
            switch (config.CellType)
            {
                case RecurrentCellType.Egru:
                    var egru = new Egru(input, hidden, config.Egru with { SparseInput = config.Egru.SparseInput ?? (l > 0) });
                    egru.Initialize(rng);
                    layers[l] = egru;
                    break;
                default:
                    var lstm = new Lstm(input, hidden);
                    lstm.Initialize(rng);
                    layers[l] = lstm;
                    break;
            }

            input = hidden;
        }

        DecoderProjection? projection = null;
        if (config.Projection)
        {
            // Drawn after every layer, so the layers and the embedding get the same weights as without a projection.
            projection = new DecoderProjection(input, config.EmbeddingSize);
            projection.Initialize(rng);
        }

        return new LanguageModel(config.Vocabulary, config.EmbeddingSize, layers, config.Dropout, embeddingSeed, projection) { Config = config };
    }
}
