using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;

namespace Sparsity.Tests.Models.Optimization;

[TestFixture]
public sealed class GradientClippingTests
{
    private static readonly float[] ThreeFour = [3f, 4f];
    private static readonly float[] OneTwo = [1f, 2f];

    private static IReadOnlyList<NamedParameter> Params(params float[][] gradients)
    {
        var list = new List<Parameter>();
        for (int k = 0; k < gradients.Length; k++)
        {
            var p = new Parameter($"p{k}", ParameterKind.Bias, gradients[k].Length);
            gradients[k].CopyTo(p.Gradient, 0);
            list.Add(p);
        }

        return NamedParameter.FromParameters(list);
    }

    [Test]
    public void ClipGlobalNorm_AboveLimit_ScalesByHandComputedFactor()
    {
        IReadOnlyList<NamedParameter> ps = Params([3f, 0f], [4f]);
        double norm = GradientClipping.ClipGlobalNorm(ps, 1f);
        float scale = (float)(1.0 / (5.0 + 1e-6));
        Assert.Multiple(() =>
        {
            Assert.That(norm, Is.EqualTo(5.0).Within(1e-12));
            Assert.That(ps[0].Parameter.Gradient, Is.EqualTo(new[] { 3f * scale, 0f }));
            Assert.That(ps[1].Parameter.Gradient, Is.EqualTo(new[] { 4f * scale }));
            Assert.That(GradientClipping.GlobalNorm(ps), Is.EqualTo(1.0).Within(1e-6));
        });
    }

    [Test]
    public void ClipGlobalNorm_BelowLimit_LeavesGradientsBitIdentical()
    {
        IReadOnlyList<NamedParameter> ps = Params([3f, -0f], [4f]);
        double norm = GradientClipping.ClipGlobalNorm(ps, 5.1f);
        Assert.Multiple(() =>
        {
            Assert.That(norm, Is.EqualTo(5.0).Within(1e-12));
            Assert.That(ps[0].Parameter.Gradient.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(new[] { 3f, -0f }.Select(BitConverter.SingleToInt32Bits)));
            Assert.That(ps[1].Parameter.Gradient, Is.EqualTo(ThreeFour.AsSpan(1).ToArray()));
        });
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void ClipGlobalNorm_NonFinite_ReportsAndLeavesGradients(float bad)
    {
        IReadOnlyList<NamedParameter> ps = Params([1f, 2f], [100f, bad, 3f]);
        double norm = GradientClipping.ClipGlobalNorm(ps, 0.1f);
        Assert.Multiple(() =>
        {
            Assert.That(double.IsFinite(norm), Is.False);
            Assert.That(float.IsNaN(bad) ? double.IsNaN(norm) : double.IsPositiveInfinity(norm), Is.True);
            Assert.That(ps[0].Parameter.Gradient, Is.EqualTo(OneTwo));
            Assert.That(ps[1].Parameter.Gradient[0], Is.EqualTo(100f));
            Assert.That(GradientClipping.FindNonFinite(ps), Is.EqualTo(("p1", 1)));
        });
    }

    [Test]
    public void ClipGlobalNorm_FrozenParameter_ExcludedAndUnscaled()
    {
        IReadOnlyList<NamedParameter> ps = Params([3f], [4f], [1e6f, float.NaN]);
        ps[2].Parameter.LearningRateMultiplier = 0f;
        double norm = GradientClipping.ClipGlobalNorm(ps, 1f);
        Assert.Multiple(() =>
        {
            Assert.That(norm, Is.EqualTo(5.0).Within(1e-12));
            Assert.That(ps[2].Parameter.Gradient[0], Is.EqualTo(1e6f));
            Assert.That(GradientClipping.FindNonFinite(ps), Is.Null);
        });
    }

    [Test]
    public void GlobalNorm_HugeFiniteValues_DoesNotOverflow()
    {
        IReadOnlyList<NamedParameter> ps = Params([3e30f, 4e30f]);
        double norm = GradientClipping.ClipGlobalNorm(ps, 1f);
        Assert.Multiple(() =>
        {
            Assert.That(norm, Is.EqualTo(5e30).Within(1e-6).Percent);
            Assert.That(ps[0].Parameter.Gradient[0], Is.EqualTo(0.6f).Within(1e-5));
        });
    }

    [Test]
    public void ClipGlobalNorm_RandomShapes_MatchesDoubleLoop()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 20; trial++)
        {
            float[][] gradients = [.. Enumerable.Range(0, 1 + random.Next(5)).Select(_ =>
                Enumerable.Range(0, random.Next(70)).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray())];
            double expected = Math.Sqrt(gradients.SelectMany(g => g).Sum(x => (double)x * x));
            float maxNorm = (float)(expected * random.NextDouble() * 1.5 + 1e-3);
            IReadOnlyList<NamedParameter> ps = Params(gradients);
            double norm = GradientClipping.ClipGlobalNorm(ps, maxNorm);
            double coefficient = maxNorm / (expected + 1e-6);
            Assert.That(norm, Is.EqualTo(expected).Within(1e-5).Percent, $"trial {trial}");
            for (int k = 0; k < gradients.Length; k++)
            {
                for (int i = 0; i < gradients[k].Length; i++)
                {
                    double want = coefficient < 1 ? gradients[k][i] * coefficient : gradients[k][i];
                    Assert.That(ps[k].Parameter.Gradient[i], Is.EqualTo(want).Within(1e-6), $"trial {trial} p{k}[{i}]");
                }
            }
        }
    }

    [TestCase(0f)]
    [TestCase(-1f)]
    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void ClipGlobalNorm_InvalidLimit_Throws(float maxNorm) =>
        Assert.That(() => GradientClipping.ClipGlobalNorm(Params([1f]), maxNorm), Throws.TypeOf<ArgumentOutOfRangeException>());
}
