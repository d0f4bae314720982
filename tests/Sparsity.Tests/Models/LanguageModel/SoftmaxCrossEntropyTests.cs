using Sparsity.Models.LanguageModeling;
using Sparsity.Tests.Reference.Models;

namespace Sparsity.Tests.Models.LanguageModeling;

public sealed class SoftmaxCrossEntropyTests
{
    [TestCase(1, 1)]
    [TestCase(1, 3)]
    [TestCase(2, 7)]
    [TestCase(5, 17)]
    [TestCase(3, 33)]
    public void Compute_RandomLogits_MatchesDoubleReference(int rows, int vocabulary)
    {
        var rng = new Random((rows * 100) + vocabulary);
        float[] logits = [.. Enumerable.Range(0, rows * vocabulary).Select(_ => (float)((rng.NextDouble() * 20) - 10))];
        int[] targets = [.. Enumerable.Range(0, rows).Select(_ => rng.Next(vocabulary))];
        const float scale = 0.25f;
        (double expectedLoss, double[] expectedGradient) = Reference(logits, vocabulary, targets, scale);

        float[] work = (float[])logits.Clone();
        double loss = SoftmaxCrossEntropy.Compute(work, vocabulary, targets, scale);

        LmAssert.Close(expectedLoss, loss, "Σ nll");
        LmAssert.Close(expectedGradient, work, "dZ");
    }

    [Test]
    public void Compute_HugeLogits_StaysFiniteAndExact()
    {
        // exp(1e4) overflows float and double alike: only the max-shifted log-sum-exp gives these losses.
        float[] logits = [1e4f, 1e4f - 1f, -1e4f, -3e4f, 8e4f, 8e4f];
        int[] targets = [1, 0];
        double loss = SoftmaxCrossEntropy.Compute(logits, 3, targets, 1f);

        double row0 = Math.Log(1 + Math.Exp(-1)) + 1;        // target 1 below the max
        double row1 = Math.Log(2) + 1.1e5;                     // target 1.1e5 below the two maxima
        LmAssert.Close(row0 + row1, loss, "Σ nll of huge logits", 1e-6);
        Assert.That(logits.All(float.IsFinite), Is.True, "the gradient of huge logits is finite");
    }

    [Test]
    public void Compute_HugeLogits_GradientIsSoftmaxMinusOneHot()
    {
        float[] logits = [5e3f, 5e3f, 5e3f - 2f];
        double loss = SoftmaxCrossEntropy.Compute(logits, 3, [2], 1f);
        double norm = 2 + Math.Exp(-2);
        LmAssert.Close(Math.Log(norm) + 2, loss, "nll");
        LmAssert.Close([1 / norm, 1 / norm, (Math.Exp(-2) / norm) - 1], logits, "dZ", 1e-6);
    }

    private static (double Loss, double[] Gradient) Reference(float[] logits, int v, int[] targets, double scale)
    {
        double loss = 0;
        var gradient = new double[logits.Length];
        for (int r = 0; r < targets.Length; r++)
        {
            double[] z = [.. logits.AsSpan(r * v, v).ToArray().Select(x => (double)x)];
            double lse = ReferenceLanguageModel.LogSumExp(z);
            loss += lse - z[targets[r]];
            for (int w = 0; w < v; w++)
            {
                gradient[(r * v) + w] = scale * (Math.Exp(z[w] - lse) - (w == targets[r] ? 1 : 0));
            }
        }

        return (loss, gradient);
    }
}
