using System.Numerics.Tensors;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.Optimization;

/// <summary>
/// Stochastic gradient descent with optional (Nesterov) momentum and decoupled weight decay, in PyTorch's
/// formulation with zero dampening. With η = base rate × <see cref="Parameter.LearningRateMultiplier"/> it
/// effectively computes
/// <code>
/// θ ← θ·(1 − η·λ)                       (only where Parameter.WeightDecay, and not on biases unless DecayBiases)
/// b ← μ·b + g                           (when μ &gt; 0; b starts at 0, so the first step has b = g)
/// d ← g + μ·b (Nesterov) | b (momentum) | g (μ = 0)
/// θ ← clamp(θ − η·d)
/// </code>
/// The momentum buffer is named <c>momentum.{name}</c> in the exported state (present, and zero, even when μ = 0).
/// </summary>
/// <remarks>Masks, frozen parameters and allocation follow the same rules as <see cref="AdamW"/>.</remarks>
public sealed class Sgd : IOptimizer
{
    /// <summary>The algorithm name stored in <see cref="OptimizerState"/>.</summary>
    public const string AlgorithmName = "SGD";

    private readonly OptimizerSlots _slots;

    /// <summary>Creates the optimiser with zero momentum buffers.</summary>
    /// <param name="parameters">The parameters, by unique global name.</param>
    /// <param name="options">Hyper-parameters.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A name repeats or is empty, a tensor is listed twice, or Nesterov lacks momentum.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Sgd(IReadOnlyList<NamedParameter> parameters, SgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _slots = new OptimizerSlots(parameters, AlgorithmName, "momentum");
    }

    /// <summary>The hyper-parameters.</summary>
    public SgdOptions Options { get; }

    /// <inheritdoc/>
    public IReadOnlyList<NamedParameter> Parameters => _slots.Parameters;

    /// <inheritdoc/>
    public long StepCount => _slots.StepCount;

    /// <inheritdoc/>
    public void Update(float learningRate)
    {
        _slots.BeginStep(learningRate);
        float momentum = (float)Options.Momentum;
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
            for (int start = 0; start < p.Length; start += OptimizerSlots.TileLength)
            {
                int length = Math.Min(OptimizerSlots.TileLength, p.Length - start);
                Span<float> value = p.Value.AsSpan(start, length);
                ReadOnlySpan<float> gradient = p.Gradient.AsSpan(start, length);
                if (decay != 1f)
                {
                    TensorPrimitives.Multiply(value, decay, value);
                }

                ReadOnlySpan<float> direction = gradient;
                if (momentum != 0f)
                {
                    Span<float> buffer = slot.State[0].AsSpan(start, length);
                    TensorPrimitives.MultiplyAdd(buffer, momentum, gradient, buffer);
                    if (Options.Nesterov)
                    {
                        Span<float> scratch = _slots.Scratch.AsSpan(0, length);
                        TensorPrimitives.MultiplyAdd(buffer, momentum, gradient, scratch);
                        direction = scratch;
                    }
                    else
                    {
                        direction = buffer;
                    }
                }

                TensorPrimitives.MultiplyAdd(direction, -lr, value, value);
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
