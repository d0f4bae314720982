namespace Sparsity.Models.LanguageModeling;

/// <summary>One recurrent layer's share of a <see cref="ModelStatistics"/> summary.</summary>
/// <param name="Index">l.</param>
/// <param name="InputSize">I_l.</param>
/// <param name="HiddenSize">H_l.</param>
/// <param name="Activity">Fraction of outputs (t, b, unit) that were nonzero (1 for an LSTM); NaN before any forward.</param>
/// <param name="BackwardSparsity">Fraction of surrogate derivatives that were zero; NaN for an LSTM or before any backward.</param>
/// <param name="MacsPerToken">Multiply-accumulates actually performed per token (nonzero weight × nonzero input).</param>
/// <param name="DenseMacsPerToken">The same products computed densely, per token.</param>
public sealed record LayerSummary(
    int Index, int InputSize, int HiddenSize, double Activity, double BackwardSparsity, double MacsPerToken, double DenseMacsPerToken)
{
    /// <summary>1 − <see cref="Activity"/>.</summary>
    public double ActivitySparsity => 1.0 - Activity;

    /// <summary>Fraction of the layer's units that never fired (<see cref="Layers.LayerStatistics.SilentUnitFraction"/>); NaN for an LSTM.</summary>
    public double SilentUnits { get; init; } = double.NaN;

    /// <summary>Fraction of internal-state values inside the surrogate's support (<see cref="Layers.LayerStatistics.SurrogateBandFraction"/>); NaN for an LSTM.</summary>
    public double InSurrogateBand { get; init; } = double.NaN;

    /// <summary>Mean abs(ĉ) (<see cref="Layers.LayerStatistics.MeanAbsState"/>); NaN for an LSTM.</summary>
    public double MeanAbsState { get; init; } = double.NaN;

    /// <summary>Multiply-accumulates per token the chosen kernels executed (<see cref="Layers.LayerStatistics.ExecutedForwardMacs"/>): ≥ <see cref="MacsPerToken"/>.</summary>
    public double ExecutedMacsPerToken { get; init; } = double.NaN;
}

/// <summary>
/// The operation counts of egru.md §6 for a model over the tokens it has processed since the last
/// <see cref="LanguageModel.ResetStatistics"/>: per-layer activity, backward sparsity and MACs, the decoder's MACs
/// (<c>V</c> per nonzero decoder input), and the factor by which the effective MACs undercut a dense LSTM of the same
/// layout (<c>Σ 4H(I + H)</c>, plus <c>V·E</c> for the decoder and <c>E·H_L</c> for a projection before it), with and
/// without the decoder.
/// </summary>
/// <param name="Tokens">Tokens that reached the decoder.</param>
/// <param name="Layers">Per-layer summaries, bottom to top.</param>
/// <param name="DecoderMacsPerToken">Decoder multiply-accumulates per token counting only nonzero inputs.</param>
/// <param name="DenseDecoderMacsPerToken"><c>V·E</c>.</param>
/// <param name="DenseLstmMacsPerToken">A dense LSTM of the same layout: <c>Σ_l 4H_l(I_l + H_l)</c>, without the decoder.</param>
public sealed record ModelStatistics(
    long Tokens,
    IReadOnlyList<LayerSummary> Layers,
    double DecoderMacsPerToken,
    double DenseDecoderMacsPerToken,
    double DenseLstmMacsPerToken)
{
    /// <summary>
    /// Multiply-accumulates per token of the <see cref="DecoderProjection"/> counting only nonzero inputs (E per
    /// nonzero input); 0 without a projection, NaN before any token. Counted with the decoder.
    /// </summary>
    public double ProjectionMacsPerToken { get; init; }

    /// <summary><c>E·H_L</c>, the projection computed densely (a dense LSTM of the same layout has it too); 0 without one.</summary>
    public double DenseProjectionMacsPerToken { get; init; }

    /// <summary>Effective MACs per token of the recurrent layers (the sum of <see cref="LayerSummary.MacsPerToken"/>).</summary>
    public double EffectiveMacsPerToken => Layers.Sum(l => l.MacsPerToken);

    /// <summary>Multiply-accumulates per token the recurrent layers' kernels executed (the sum of <see cref="LayerSummary.ExecutedMacsPerToken"/>).</summary>
    public double ExecutedMacsPerToken => Layers.Sum(l => l.ExecutedMacsPerToken);

    /// <summary><see cref="EffectiveMacsPerToken"/> plus <see cref="DecoderMacsPerToken"/> and <see cref="ProjectionMacsPerToken"/>.</summary>
    public double EffectiveMacsPerTokenWithDecoder => EffectiveMacsPerToken + DecoderMacsPerToken + ProjectionMacsPerToken;

    /// <summary>
    /// The dense LSTM with its decoder: <see cref="DenseLstmMacsPerToken"/> + <see cref="DenseDecoderMacsPerToken"/>
    /// + <see cref="DenseProjectionMacsPerToken"/>.
    /// </summary>
    public double DenseLstmMacsPerTokenWithDecoder => DenseLstmMacsPerToken + DenseDecoderMacsPerToken + DenseProjectionMacsPerToken;

    /// <summary>Dense LSTM MACs / effective MACs, recurrent layers only.</summary>
    public double ReductionFactor => DenseLstmMacsPerToken / EffectiveMacsPerToken;

    /// <summary>Dense LSTM MACs / effective MACs, decoder included.</summary>
    public double ReductionFactorWithDecoder => DenseLstmMacsPerTokenWithDecoder / EffectiveMacsPerTokenWithDecoder;

    /// <summary>Mean activity sparsity over the layers' outputs, weighted by their widths.</summary>
    public double MeanActivitySparsity =>
        Layers.Sum(l => l.ActivitySparsity * l.HiddenSize) / Math.Max(1, Layers.Sum(l => l.HiddenSize));
}
