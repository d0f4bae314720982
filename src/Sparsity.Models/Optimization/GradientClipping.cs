using Sparsity.Models.Parameters;
using System.Numerics.Tensors;

namespace Sparsity.Models.Optimization;

/// <summary>
/// Global-norm gradient clipping (PyTorch's <c>clip_grad_norm_</c>): all gradients are viewed as one vector and,
/// when its L2 norm exceeds the limit, scaled by <c>maxNorm / (norm + 1e-6)</c>.
/// </summary>
/// <remarks>
/// Frozen parameters (learning-rate multiplier 0) are left out of the norm and left unscaled, as PyTorch leaves out
/// tensors without gradients. Squares are summed per tensor with <see cref="TensorPrimitives.SumOfSquares{T}"/> and
/// across tensors in double; a tensor whose float sum overflows is summed again in double, so only a truly
/// non-finite gradient yields a non-finite norm. Gradients are read as they are: pruned entries must already be zero,
/// as <see cref="Parameters.Parameter"/> requires (its <c>ApplyMask</c> enforces it), or they count towards the norm.
/// </remarks>
public static class GradientClipping
{
    /// <summary>The constant PyTorch adds to the norm before dividing.</summary>
    public const double NormEpsilon = 1e-6;

    /// <summary>The global L2 norm of the gradients of the non-frozen parameters, without changing them.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The norm; NaN or +∞ when a gradient holds NaN or ±∞.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public static double GlobalNorm(IReadOnlyList<NamedParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sum = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Parameter.LearningRateMultiplier == 0f)
            {
                continue;
            }

            ReadOnlySpan<float> g = parameters[i].Parameter.Gradient;
            float partial = TensorPrimitives.SumOfSquares(g);
            sum += float.IsFinite(partial) ? partial : SumOfSquaresInDouble(g);
        }

        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Scales the gradients of the non-frozen parameters so their global L2 norm is at most <paramref name="maxNorm"/>.
    /// </summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="maxNorm">The limit, finite and &gt; 0 (the recipe uses 0.1).</param>
    /// <returns>
    /// The norm before clipping. When it is not finite (NaN or +∞: some gradient is non-finite) the gradients are left
    /// untouched and the caller should skip the step; <see cref="FindNonFinite"/> names the culprit.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not finite and positive.</exception>
    public static double ClipGlobalNorm(IReadOnlyList<NamedParameter> parameters, float maxNorm)
    {
        if (!(maxNorm > 0f) || !float.IsFinite(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be finite and positive.");
        }

        double norm = GlobalNorm(parameters);
        if (!double.IsFinite(norm))
        {
            return norm;
        }

        double coefficient = maxNorm / (norm + NormEpsilon);
        if (coefficient < 1.0)
        {
            float scale = (float)coefficient;
            for (int i = 0; i < parameters.Count; i++)
            {
                if (parameters[i].Parameter.LearningRateMultiplier != 0f)
                {
                    Span<float> g = parameters[i].Parameter.Gradient;
                    TensorPrimitives.Multiply(g, scale, g);
                }
            }
        }

        return norm;
    }

    /// <summary>The name of the first non-frozen parameter whose gradient holds NaN or ±∞, or null.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The name and the flat index of the first bad element, or null when all are finite.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public static (string Name, int Index)? FindNonFinite(IReadOnlyList<NamedParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (NamedParameter entry in parameters)
        {
            if (entry.Parameter.LearningRateMultiplier == 0f)
            {
                continue;
            }

            int index = Sparsity.Core.Validation.NonFinite.IndexOf(entry.Parameter.Gradient);
            if (index >= 0)
            {
                return (entry.Name, index);
            }
        }

        return null;
    }

    private static double SumOfSquaresInDouble(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float x in values)
        {
            sum += (double)x * x;
        }

        return sum;
    }
}
