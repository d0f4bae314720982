using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;
using Sparsity.Tests.Reference.Models;

namespace Sparsity.Tests.Models.LanguageModeling;

/// <summary>
/// A small EGRU or LSTM language model from <see cref="LanguageModelFactory"/> with random weights (EGRU thresholds
/// U(0, 0.3) so that some units fire and some do not), and the double reference holding the same weights; optionally
/// with a decoder projection (random bias too, so a missing bias term cannot hide behind a zero).
/// </summary>
internal static class RealModels
{
    public static (LanguageModel Model, ReferenceLanguageModel Reference) Build(
        RecurrentCellType cell, int v, int e, int[] hidden, int seed, EgruOptions? egru = null, double scale = 0.6, bool projection = false)
    {
        EgruOptions options = egru ?? new EgruOptions { SurrogateGamma = 0.9f, SurrogateBeta = 1.7f };
        var config = new LanguageModelConfig
        {
            CellType = cell, Vocabulary = v, EmbeddingSize = e, HiddenSizes = hidden, Seed = seed, Egru = options, Projection = projection,
        };
        LanguageModel model = LanguageModelFactory.Create(config);
        var rng = new Random(seed + 1000);
        foreach (NamedParameter p in model.Parameters)
        {
            if (p.Name == "embedding")
            {
                continue; // keeps its U(−0.1, 0.1) initialisation, scaled up below
            }

            float[] values = p.Parameter.Value;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = p.Parameter.Kind == ParameterKind.Threshold
                    ? (float)(0.3 * rng.NextDouble())
                    : (float)(scale * ((2 * rng.NextDouble()) - 1));
            }
        }

        // Embedding U(−1, 1): inputs of unit scale so the gates are not all saturated or all silent.
        for (int i = 0; i < model.Embedding.Value.Length; i++)
        {
            model.Embedding.Value[i] *= 10f;
        }

        model.NotifyParametersChanged();

        var cells = new List<IReferenceCell>();
        int input = e;
        foreach (int h in hidden)
        {
            cells.Add(cell == RecurrentCellType.Egru
                ? new ReferenceEgru(input, h)
                {
                    Gamma = options.SurrogateGamma,
                    Beta = options.SurrogateBeta,
                    Reset = options.Reset == EgruResetMode.SubtractThreshold ? EgruReset.SubtractThreshold : EgruReset.SubtractOutput,
                }
                : new ReferenceLstm(input, h));
            input = h;
        }

        var reference = new ReferenceLanguageModel(v, e, cells, projection);
        LmTestData.CopyWeights(model, reference);
        return (model, reference);
    }
}
