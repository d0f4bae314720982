using Sparsity.Core.Sparse;
using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;

namespace Sparsity.Tests.Models.Layers;

/// <summary>Parameter layout, initialisation (Xavier-normal kernels, zero biases, Beta thresholds) and the random draws behind it.</summary>
public sealed class EgruInitializationTests
{
    private static readonly string[] ExpectedParameters =
    [
        "W [15, 7] InputKernel", "R [15, 5] RecurrentKernel", "bx [15, 1] Bias", "br [15, 1] Bias", "theta [5, 1] Threshold",
    ];

    [Test]
    public void Constructor_Parameters_HaveSpecifiedNamesShapesAndRoles()
    {
        var layer = new Egru(7, 5);
        string[] names = [.. layer.Parameters.Select(p => $"{p.Name} [{p.Rows}, {p.Columns}] {p.Kind}")];
        Assert.That(names, Is.EqualTo(ExpectedParameters));
        Assert.That(layer.Theta.Minimum, Is.Zero);
        Assert.That(layer.Theta.Maximum, Is.EqualTo(1f));
        Assert.That(layer.Theta.WeightDecay, Is.False);
        Assert.That(layer.Theta.LearningRateMultiplier, Is.Zero, "frozen by default (published recipe)");
        Assert.That(new Egru(7, 5, new EgruOptions { ThresholdLearningRateMultiplier = 1f }).Theta.LearningRateMultiplier, Is.EqualTo(1f));
        Assert.That(layer.W.WeightDecay && layer.R.WeightDecay, Is.True);
    }

    [Test]
    public void Initialize_Layer_XavierKernelsZeroBiasesBetaThresholds()
    {
        const int Input = 50, Hidden = 300;
        var layer = new Egru(Input, Hidden);
        layer.Initialize(new Random(1));
        AssertNormal(layer.W.Value, Math.Sqrt(2.0 / ((3 * Hidden) + Input)), "W");
        AssertNormal(layer.R.Value, Math.Sqrt(2.0 / (4 * Hidden)), "R");
        Assert.That(layer.Bx.Value.All(v => v == 0f) && layer.Br.Value.All(v => v == 0f), "biases are 0");
        float[] theta = layer.Theta.Value;
        Assert.That(theta.All(v => v >= 0f && v <= 1f), "thresholds in [0, 1]");
        Assert.That(theta.Average(v => (double)v), Is.EqualTo(0.01).Within(0.0087), "mean ≈ μ within 3 standard errors (0.0029)");
        Assert.That(theta.Count(v => v > 0.01f), Is.InRange(10, 60), "P(θ > 0.01) ≈ 0.091 for Beta(0.0303, 3): 27 of 300 expected");

        var again = new Egru(Input, Hidden);
        again.Initialize(new Random(1));
        foreach (Parameter p in layer.Parameters)
        {
            EgruAssert.Same(p.Name, p.Value, again.Parameters.Single(q => q.Name == p.Name).Value);
        }
    }

    [TestCase(0.01)]
    [TestCase(0.1)]
    public void Initialize_BetaThresholds_FollowTheBetaDistribution(double mu)
    {
        // Kolmogorov–Smirnov against MathNet's Beta(3μ/(1−μ), 3) CDF: a mean check alone accepted θ ≡ 0 at μ = 0.01
        // (0 is within 0.012 of 0.01). Critical D at α = 0.001 for n = 2,000: 1.95/√n ≈ 0.044.
        var layer = new Egru(3, 2000, new EgruOptions { ThresholdMean = (float)mu });
        layer.Initialize(new Random(11));
        double[] theta = [.. layer.Theta.Value.Select(v => (double)v).Order()];
        var beta = new MathNet.Numerics.Distributions.Beta(3 * mu / (1 - mu), 3);
        double d = 0;
        for (int k = 0; k < theta.Length; k++)
        {
            double cdf = beta.CumulativeDistribution(theta[k]);
            d = Math.Max(d, Math.Max(((k + 1.0) / theta.Length) - cdf, cdf - ((double)k / theta.Length)));
        }

        Assert.That(d, Is.LessThan(1.95 / Math.Sqrt(theta.Length)), "KS distance to the Beta CDF");
        Assert.That(theta.Average(), Is.EqualTo(mu).Within(4 * Math.Sqrt(beta.Variance / theta.Length)), "mean within 4 standard errors");
    }

    [Test]
    public void Initialize_WithMasks_KeepsPrunedWeightsZero()
    {
        var layer = new Egru(6, 8);
        var rng = new Random(2);
        layer.W.Mask = EgruHarness.RandomMask(rng, layer.W.Rows, layer.W.Columns, 0.3);
        layer.Initialize(rng);
        ReadOnlySpan<bool> kept = layer.W.Mask!.AsSpan();
        for (int k = 0; k < kept.Length; k++)
        {
            if (!kept[k])
            {
                Assert.That(layer.W.Value[k], Is.Zero, $"W[{k}] is pruned");
            }
        }
    }

    [Test]
    public void Initialize_SigmoidNormalThresholds_MatchTheirDistribution()
    {
        var layer = new Egru(3, 400, new EgruOptions { ThresholdInitialization = EgruThresholdInitialization.SigmoidNormal });
        layer.Initialize(new Random(3));
        float[] theta = layer.Theta.Value;
        Assert.That(theta.All(v => v > 0f && v < 1f));

        // E[σ(μ + √2·Z)] by a midpoint rule over ±8 standard deviations.
        double expected = 0, step = 1e-3;
        for (double z = -8; z < 8; z += step)
        {
            double zm = z + (step / 2);
            expected += Math.Exp(-zm * zm / 2) / Math.Sqrt(2 * Math.PI) * step / (1 + Math.Exp(3.77 - (Math.Sqrt(2) * zm)));
        }

        Assert.That(theta.Average(v => (double)v), Is.EqualTo(expected).Within(0.015), "sd of the mean ≈ 0.004");
    }

    [Test]
    public void Initialize_SigmoidParameterization_StoresRawThresholds()
    {
        var normal = new Egru(3, 400, new EgruOptions
        {
            ThresholdParameterization = EgruThresholdParameterization.Sigmoid,
            ThresholdInitialization = EgruThresholdInitialization.SigmoidNormal,
        });
        normal.Initialize(new Random(6));
        Assert.That(normal.Theta.Minimum, Is.Null, "θ_raw is not clamped");
        Assert.That(normal.Theta.Maximum, Is.Null);
        double mean = normal.Theta.Value.Average(v => (double)v);
        double sd = Math.Sqrt(normal.Theta.Value.Average(v => (v - mean) * (v - mean)));
        Assert.That(mean, Is.EqualTo(-3.77).Within(0.3), "θ_raw ~ N(−3.77, √2): sd of the mean ≈ 0.07");
        Assert.That(sd, Is.EqualTo(Math.Sqrt(2)).Within(0.15));

        var beta = new Egru(3, 400, new EgruOptions { ThresholdParameterization = EgruThresholdParameterization.Sigmoid });
        beta.Initialize(new Random(7));
        double[] theta = [.. beta.Theta.Value.Select(v => 1 / (1 + Math.Exp(-v)))];
        Assert.That(theta.Average(), Is.EqualTo(0.01).Within(0.012), "σ(θ_raw) keeps the Beta mean μ");
        Assert.That(beta.Theta.Value.All(float.IsFinite), "draws of exactly 0 stay finite");
    }

    [TestCase(0.01)]
    [TestCase(0.3)]
    public void Beta_ThresholdPrior_HasMeanMuAndBetaVariance(double mu)
    {
        var rng = new Random(4);
        double alpha = 3 * mu / (1 - mu), beta = 3;
        const int Count = 100_000;
        double sum = 0, sumSquares = 0;
        for (int k = 0; k < Count; k++)
        {
            double v = RandomDraws.Beta(rng, alpha, beta);
            Assert.That(v is >= 0 and <= 1, $"draw {k} = {v}");
            sum += v;
            sumSquares += v * v;
        }

        double mean = sum / Count, variance = (sumSquares / Count) - (mean * mean);
        double expectedVariance = alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1));
        Assert.That(mean, Is.EqualTo(mu).Within(5 * Math.Sqrt(expectedVariance / Count)));
        Assert.That(variance, Is.EqualTo(expectedVariance).Within(0.05 * expectedVariance));
    }

    [TestCase(0.5)]
    [TestCase(3.0)]
    public void LogGamma_Draws_HaveMeanShape(double shape)
    {
        var rng = new Random(5);
        const int Count = 100_000;
        double sum = 0;
        for (int k = 0; k < Count; k++)
        {
            sum += Math.Exp(RandomDraws.LogGamma(rng, shape));
        }

        Assert.That(sum / Count, Is.EqualTo(shape).Within(5 * Math.Sqrt(shape / Count)));
    }

    private static void AssertNormal(float[] values, double std, string name)
    {
        double mean = values.Average(v => (double)v);
        double sd = Math.Sqrt(values.Average(v => ((double)v - mean) * ((double)v - mean)));
        Assert.That(mean, Is.EqualTo(0).Within(5 * std / Math.Sqrt(values.Length)), $"{name} mean");
        Assert.That(sd, Is.EqualTo(std).Within(0.03 * std), $"{name} standard deviation");
    }
}
