using System.Numerics.Tensors;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.Optimization;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter), in PyTorch's formulation. For step t, learning rate
/// η = base rate × <see cref="Parameter.LearningRateMultiplier"/> and gradient g, it effectively computes
/// <code>
/// θ ← θ·(1 − η·λ)                       (only where Parameter.WeightDecay, and not on biases unless DecayBiases)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// θ ← clamp(θ)                          (Parameter.Minimum / Maximum)
/// </code>
/// with t the optimiser's global step count. State tensors are named <c>m.{name}</c> and <c>v.{name}</c>.
/// </summary>
/// <remarks>
/// Each step is a handful of <see cref="TensorPrimitives"/> passes over cache-sized tiles of each tensor, through one
/// scratch tile allocated at construction; nothing is allocated per step. Frozen parameters (multiplier 0) are skipped entirely,
/// moments included. For a masked parameter the gradient's pruned entries are set to +0 first (so NaN there does not
/// leak), which keeps both moments at exactly 0 there; the values are masked again after clamping.
/// </remarks>
public sealed class AdamW : IOptimizer
{
    /// <summary>The algorithm name stored in <see cref="OptimizerState"/>.</summary>
    public const string AlgorithmName = "AdamW";

    private readonly OptimizerSlots _slots;

    /// <summary>Creates the optimiser with zero moments.</summary>
    /// <param name="parameters">The parameters, by unique global name.</param>
    /// <param name="options">Hyper-parameters.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A name repeats or is empty, or a tensor is listed twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public AdamW(IReadOnlyList<NamedParameter> parameters, AdamWOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _slots = new OptimizerSlots(parameters, AlgorithmName, "m", "v");
    }

    /// <summary>The hyper-parameters.</summary>
    public AdamWOptions Options { get; }

    /// <inheritdoc/>
    public IReadOnlyList<NamedParameter> Parameters => _slots.Parameters;

    /// <inheritdoc/>
    public long StepCount => _slots.StepCount;

    /// <inheritdoc/>
    public void Update(float learningRate)
    {
        long t = _slots.BeginStep(learningRate);
        double beta1 = Options.Beta1, beta2 = Options.Beta2;
        float stepScale = (float)(1.0 / (1.0 - Math.Pow(beta1, t)));
        float rootCorrection = (float)(1.0 / Math.Sqrt(1.0 - Math.Pow(beta2, t)));
        float epsilon = (float)Options.Epsilon;
        float firstAmount = (float)(1.0 - beta1), secondAmount = (float)(1.0 - beta2);

        foreach (ParameterSlot slot in _slots.Slots)
        {
            float lr = slot.LearningRate(learningRate);
            if (lr == 0f)
            {
                continue;
            }

            Parameter p = slot.Parameter;
            bool masked = slot.SyncMask();
            if (masked)
            {
                slot.ApplyMask(p.Gradient);
            }

            float decay = slot.Decays(Options.DecayBiases) && Options.WeightDecay != 0 ? (float)(1.0 - lr * Options.WeightDecay) : 1f;
            float step = -lr * stepScale;

            // The passes run tile by tile, so that the five streams of one tile stay in cache between passes
            // instead of each pass sweeping a multi-megabyte tensor (e.g. the embedding) through memory.
            for (int start = 0; start < p.Length; start += OptimizerSlots.TileLength)
            {
                int length = Math.Min(OptimizerSlots.TileLength, p.Length - start);
                Span<float> value = p.Value.AsSpan(start, length);
                ReadOnlySpan<float> gradient = p.Gradient.AsSpan(start, length);
                Span<float> m = slot.State[0].AsSpan(start, length), v = slot.State[1].AsSpan(start, length);
                Span<float> scratch = _slots.Scratch.AsSpan(0, length);
                if (decay != 1f)
                {
                    TensorPrimitives.Multiply(value, decay, value);
                }

                TensorPrimitives.Lerp(m, gradient, firstAmount, m);
                TensorPrimitives.Multiply(gradient, gradient, scratch);
                TensorPrimitives.Lerp(v, scratch, secondAmount, v);

                // scratch = √v / √(1 − β₂ᵗ) + ε, then the step m / scratch scaled by −η / (1 − β₁ᵗ).
                TensorPrimitives.Sqrt(v, scratch);
                TensorPrimitives.Multiply(scratch, rootCorrection, scratch);
                TensorPrimitives.Add(scratch, epsilon, scratch);
                TensorPrimitives.Divide(m, scratch, scratch);
                TensorPrimitives.MultiplyAdd(scratch, step, value, value);
            }

            p.Clamp();
            if (masked)
            {
                slot.ApplyMask(p.Value);
            }
        }
    }

    /// <inheritdoc/>
    public OptimizerState ExportState() => _slots.Export();

    /// <inheritdoc/>
    public void ImportState(OptimizerState state) => _slots.Import(state);
}
