using Sparsity.Models.Layers;

namespace Sparsity.Models.LanguageModeling;

/// <summary>Operation counts (egru.md §6).</summary>
public sealed partial class LanguageModel
{
    /// <summary>Resets every layer's <see cref="IRecurrentLayer.Statistics"/> and the decoder's counters.</summary>
    public void ResetStatistics()
    {
        foreach (IRecurrentLayer layer in _layers)
        {
            layer.Statistics.Reset();
        }

        _decoderTokens = 0;
        _decoderNonZeroInputs = 0;
        _projection?.ResetStatistics();
    }

    /// <summary>
    /// Summarises the counters accumulated since <see cref="ResetStatistics"/> by every window, evaluation and step:
    /// per-layer activity, backward sparsity and MACs per token, the decoder's MACs per token (V per nonzero input), the
    /// projection's (E per nonzero input), and the comparison with a dense LSTM of the same layout (its projection
    /// included).
    /// </summary>
    public ModelStatistics GetStatistics()
    {
        var layers = new LayerSummary[_layers.Length];
        double denseLstm = 0;
        for (int l = 0; l < _layers.Length; l++)
        {
            IRecurrentLayer layer = _layers[l];
            LayerStatistics s = layer.Statistics;
            double tokens = (double)s.Outputs / layer.HiddenSize;
            layers[l] = new LayerSummary(
                l, layer.InputSize, layer.HiddenSize, s.Activity, s.BackwardSparsity,
                tokens == 0 ? double.NaN : s.ForwardMacs / tokens,
                tokens == 0 ? double.NaN : s.DenseForwardMacs / tokens)
            {
                SilentUnits = s.SilentUnitFraction,
                InSurrogateBand = s.SurrogateBandFraction,
                MeanAbsState = s.MeanAbsState,
                ExecutedMacsPerToken = tokens == 0 ? double.NaN : s.ExecutedForwardMacs / tokens,
            };
            denseLstm += 4.0 * layer.HiddenSize * (layer.InputSize + layer.HiddenSize);
        }

        double decoder = _decoderTokens == 0 ? double.NaN : (double)_decoderNonZeroInputs * Vocabulary / _decoderTokens;
        double projection = 0, denseProjection = 0;
        if (_projection is not null)
        {
            projection = _projection.Tokens == 0 ? double.NaN : (double)_projection.NonZeroInputs * EmbeddingSize / _projection.Tokens;
            denseProjection = (double)EmbeddingSize * _projection.InputSize;
        }

        return new ModelStatistics(_decoderTokens, layers, decoder, (double)Vocabulary * EmbeddingSize, denseLstm)
        {
            ProjectionMacsPerToken = projection,
            DenseProjectionMacsPerToken = denseProjection,
        };
    }
}
