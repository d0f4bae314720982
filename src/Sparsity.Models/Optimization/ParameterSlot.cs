using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Sparsity.Core.Sparse;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.Optimization;

/// <summary>
/// One parameter as an optimiser sees it: its global name, its state buffers (moments) and the pruning mask turned
/// into all-ones / all-zeros bit patterns, so that masking is one vectorised AND that yields an exact +0 even where
/// a gradient is NaN (multiplying by 0 would keep the NaN).
/// </summary>
internal sealed class ParameterSlot
{
    private readonly int[] _maskBits;
    private SparsityMask? _maskSeen;
    private bool _masked;

    public ParameterSlot(NamedParameter entry, int stateBuffers)
    {
        Name = entry.Name;
        Parameter = entry.Parameter;
        State = new float[stateBuffers][];
        for (int i = 0; i < stateBuffers; i++)
        {
            State[i] = new float[Parameter.Length];
        }

        _maskBits = new int[Parameter.Length];
    }

    public string Name { get; }

    public Parameter Parameter { get; }

    /// <summary>
    /// Whether decoupled weight decay applies to this parameter: where <see cref="Parameter.WeightDecay"/> is set
    /// (false for thresholds), except on biases when <paramref name="decayBiases"/> is false. The embedding, also the
    /// tied decoder weight, is a weight and stays decayed.
    /// </summary>
    public bool Decays(bool decayBiases) => Parameter.WeightDecay && (decayBiases || Parameter.Kind != ParameterKind.Bias);

    /// <summary>State buffers, each the parameter's length and layout.</summary>
    public float[][] State { get; }

    /// <summary>
    /// Picks up a mask set or replaced since the last step (pruning happens between steps) and zeroes the state at
    /// newly pruned entries, so moments of a pruned weight cannot revive it. Masks are immutable, so reference
    /// comparison detects every change; the bit buffer is reused, so this does not allocate.
    /// </summary>
    /// <returns>Whether the parameter is masked.</returns>
    public bool SyncMask()
    {
        SparsityMask? mask = Parameter.Mask;
        if (!ReferenceEquals(mask, _maskSeen))
        {
            _maskSeen = mask;
            _masked = mask is not null;
            if (mask is not null && mask.AsSpan().Length != _maskBits.Length)
            {
                throw new InvalidOperationException($"The mask of parameter '{Name}' no longer matches its length.");
            }

            if (mask is not null)
            {
                ReadOnlySpan<bool> kept = mask.AsSpan();
                for (int i = 0; i < kept.Length; i++)
                {
                    _maskBits[i] = kept[i] ? -1 : 0;
                }

                foreach (float[] buffer in State)
                {
                    ApplyMask(buffer);
                }
            }
        }

        return _masked;
    }

    /// <summary>Makes the next <see cref="SyncMask"/> re-apply the mask to the state (after the state was replaced).</summary>
    public void InvalidateMask() => _maskSeen = null;

    /// <summary>Sets the pruned entries of <paramref name="values"/> to exactly +0 (call only when <see cref="SyncMask"/> returned true).</summary>
    public void ApplyMask(Span<float> values)
    {
        Span<int> bits = MemoryMarshal.Cast<float, int>(values);
        TensorPrimitives.BitwiseAnd(bits, _maskBits, bits);
    }

    /// <summary>The parameter's learning rate for a base rate, or 0 when it is frozen.</summary>
    /// <exception cref="InvalidOperationException">The multiplier is negative or not finite.</exception>
    public float LearningRate(float baseRate)
    {
        float multiplier = Parameter.LearningRateMultiplier;
        if (!(multiplier >= 0f) || !float.IsFinite(multiplier))
        {
            throw new InvalidOperationException($"Parameter '{Name}' has learning-rate multiplier {multiplier}; it must be finite and non-negative.");
        }

        return baseRate * multiplier;
    }
}
