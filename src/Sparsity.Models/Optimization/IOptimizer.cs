using Sparsity.Models.Parameters;
namespace Sparsity.Models.Optimization;

/// <summary>
/// A first-order optimiser over a fixed list of named parameters. One <see cref="Update"/> applies one step to every
/// parameter from its accumulated gradient; zeroing the gradients afterwards is the caller's job.
/// </summary>
/// <remarks>
/// Rules every implementation follows: a parameter with <see cref="Parameters.Parameter.LearningRateMultiplier"/> 0
/// is skipped (its values and state stay bit-identical); decoupled weight decay applies only where
/// <see cref="Parameters.Parameter.WeightDecay"/> is set; values are clamped with
/// <see cref="Parameters.Parameter.Clamp"/> after the update; pruned entries of a masked parameter keep value,
/// gradient and optimiser state exactly zero; no allocation per step.
/// </remarks>
public interface IOptimizer
{
    /// <summary>The parameters this optimiser updates, by global name.</summary>
    IReadOnlyList<NamedParameter> Parameters { get; }

    /// <summary>Number of updates applied so far (restored by <see cref="ImportState"/>).</summary>
    long StepCount { get; }

    /// <summary>Applies one update with the given base learning rate (already scheduled and scaled by the caller).</summary>
    /// <param name="learningRate">The base learning rate, finite and ≥ 0; each parameter uses it times its multiplier.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
    /// <exception cref="InvalidOperationException">A parameter's learning-rate multiplier is negative or not finite.</exception>
    void Update(float learningRate);

    /// <summary>Copies the optimiser's state (moments and step count) into named tensors and scalars for a checkpoint.</summary>
    /// <returns>A snapshot that no later update changes.</returns>
    OptimizerState ExportState();

    /// <summary>Replaces the optimiser's state with a snapshot taken by <see cref="ExportState"/> of the same algorithm and parameters.</summary>
    /// <param name="state">The snapshot.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The algorithm differs, or a tensor is missing, extra or of the wrong length.</exception>
    void ImportState(OptimizerState state);
}
