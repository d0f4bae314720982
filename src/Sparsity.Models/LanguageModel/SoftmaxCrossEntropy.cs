using System.Numerics.Tensors;

namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// Log-softmax cross-entropy over rows of logits <c>[N, V]</c>, with the log-sum-exp shifted by each row's maximum
/// so that huge logits neither overflow nor lose the loss: <c>nll = log Σ exp(z − max) − (z_target − max)</c>.
/// </summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Returns <c>Σ_rows nll</c> (in double) for <paramref name="logits"/> <c>[N, V]</c>, overwriting the logits: with
    /// <paramref name="gradientScale"/> set, each row becomes <c>scale · (softmax(z) − onehot(target))</c>, the gradient of
    /// <c>scale · Σ nll</c>; otherwise its content is unspecified (scratch).
    /// </summary>
    /// <remarks>Targets are validated by the caller.</remarks>
    public static double Compute(Span<float> logits, int vocabulary, ReadOnlySpan<int> targets, float? gradientScale)
    {
        double total = 0;
        for (int n = 0; n < targets.Length; n++)
        {
            Span<float> z = logits.Slice(n * vocabulary, vocabulary);
            int target = targets[n];
            float max = TensorPrimitives.Max(z);
            float shiftedTarget = z[target] - max;

            // exp(z − max) ∈ (0, 1], so the sum is in [1, V]: no overflow however large the logits are.
            TensorPrimitives.Subtract(z, max, z);
            TensorPrimitives.Exp(z, z);
            float sum = TensorPrimitives.Sum(z);
            total += Math.Log(sum) - shiftedTarget;

            if (gradientScale is float scale)
            {
                TensorPrimitives.Multiply(z, scale / sum, z);
                z[target] -= scale;
            }
        }

        return total;
    }
}
