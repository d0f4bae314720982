namespace Sparsity.Models.Parameters;

/// <summary>
/// What role a parameter tensor plays. Optimisers use it for per-group settings (thresholds get no weight decay and
/// their own learning-rate multiplier) and pruning uses it to choose what may be pruned (kernels only, by default).
/// </summary>
public enum ParameterKind
{
    /// <summary>An input kernel <c>W</c> of a recurrent layer: prunable, weight-decayed.</summary>
    InputKernel,

    /// <summary>A recurrent kernel <c>R</c> of a recurrent layer: prunable, weight-decayed, DropConnect applies.</summary>
    RecurrentKernel,

    /// <summary>A bias vector: dense, weight-decayed like the recipe's single parameter group.</summary>
    Bias,

    /// <summary>EGRU thresholds θ: no weight decay, own learning-rate multiplier, clamped to [0, 1].</summary>
    Threshold,

    /// <summary>The embedding matrix (also the tied decoder weight).</summary>
    Embedding,

    /// <summary>
    /// The optional dense projection before the tied decoder (<c>projection.weight [E, H_L]</c>): weight-decayed, not
    /// among the default pruning targets (it belongs to the decoder head, which stays dense like the embedding).
    /// </summary>
    Projection,
}
