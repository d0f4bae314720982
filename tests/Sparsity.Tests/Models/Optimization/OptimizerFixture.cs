using Sparsity.Core.Sparse;
using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;

namespace Sparsity.Tests.Models.Optimization;

/// <summary>
/// A small model-like parameter set covering every optimiser rule — a masked kernel with weight decay, a bias with
/// multiplier 0.5, clamped thresholds without decay and multiplier 2, and a frozen matrix — with one
/// <see cref="ReferenceOptimizer"/> per tensor, and seeded gradients that put junk (NaN, large values) on pruned entries.
/// </summary>
internal sealed class OptimizerFixture
{
    private readonly Random _random;

    public OptimizerFixture(int seed)
    {
        _random = new Random(seed);
        var kernel = new Parameter("W", ParameterKind.RecurrentKernel, 5, 7);
        var bias = new Parameter("bx", ParameterKind.Bias, 7) { LearningRateMultiplier = 0.5f };
        var theta = new Parameter("theta", ParameterKind.Threshold, 9) { Minimum = 0f, Maximum = 1f, LearningRateMultiplier = 2f, WeightDecay = false };
        var frozen = new Parameter("embedding", ParameterKind.Embedding, 3, 4) { LearningRateMultiplier = 0f };
        Fill(kernel.Value, 1f);
        Fill(bias.Value, 0.5f);
        for (int i = 0; i < theta.Length; i++)
        {
            // Near both bounds, so that updates cross them and clamping matters.
            theta.Value[i] = i % 3 == 0 ? 0.001f : i % 3 == 1 ? 0.999f : 0.5f;
        }

        Fill(frozen.Value, 1f);
        var kept = new bool[kernel.Length];
        for (int i = 0; i < kept.Length; i++)
        {
            kept[i] = _random.NextDouble() < 0.6;
        }

        kernel.Mask = new SparsityMask(5, 7, kept);
        Parameters = NamedParameter.WithPrefix("layers.0.", [kernel, bias, theta, frozen]);
        References = [.. Parameters.Select(e => new ReferenceOptimizer(
            e.Parameter.Value, e.Parameter.Mask?.AsSpan().ToArray(), e.Parameter.WeightDecay, e.Parameter.LearningRateMultiplier,
            e.Parameter.Minimum, e.Parameter.Maximum))];
    }

    public IReadOnlyList<NamedParameter> Parameters { get; }

    public ReferenceOptimizer[] References { get; }

    public Parameter Kernel => Parameters[0].Parameter;

    public Parameter Frozen => Parameters[3].Parameter;

    /// <summary>New random gradients; pruned entries get junk that the optimiser must ignore.</summary>
    public void NewGradients()
    {
        foreach ((_, Parameter p) in Parameters)
        {
            Fill(p.Gradient, 1f);
            if (p.Mask is not null)
            {
                ReadOnlySpan<bool> kept = p.Mask.AsSpan();
                for (int i = 0; i < kept.Length; i++)
                {
                    if (!kept[i])
                    {
                        p.Gradient[i] = i % 2 == 0 ? float.NaN : 1e3f;
                    }
                }
            }
        }

        // Push the thresholds that start near a bound across it, so that clamping is exercised every step.
        float[] theta = Parameters[2].Parameter.Gradient;
        for (int i = 0; i < theta.Length; i++)
        {
            float magnitude = Math.Abs(theta[i]) + 0.5f;
            theta[i] = i % 3 == 0 ? magnitude : i % 3 == 1 ? -magnitude : theta[i];
        }
    }

    public static void AssertClose(IReadOnlyList<double> expected, ReadOnlySpan<float> actual, string what, double tolerance = 2e-6)
    {
        for (int i = 0; i < expected.Count; i++)
        {
            double e = expected[i];
            if (!(Math.Abs(actual[i] - e) <= tolerance * Math.Max(1.0, Math.Abs(e))))
            {
                throw new AssertionException($"{what}[{i}]: expected {e:R}, actual {actual[i]:R}.");
            }
        }
    }

    private void Fill(float[] values, float scale)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((_random.NextDouble() * 2 - 1) * scale);
        }
    }
}
