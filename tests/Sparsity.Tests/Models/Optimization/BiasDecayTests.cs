using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Models.Optimization;

/// <summary>
/// <see cref="AdamWOptions.DecayBiases"/> / <see cref="SgdOptions.DecayBiases"/>: false exempts parameters of kind
/// <see cref="ParameterKind.Bias"/> from the decoupled weight decay and nothing else (kernels and the embedding stay
/// decayed, thresholds stay exempt); true is the behaviour from before the option.
/// </summary>
[TestFixture]
public sealed class BiasDecayTests
{
    private const double Decay = 0.5;

    [TestCase(false, 1)]
    [TestCase(true, 2)]
    public void AdamW_SeveralSteps_MatchesScalarReference(bool decayBiases, int seed)
    {
        var f = new OptimizerFixture(seed);
        ReferenceOptimizer[] references = References(f, decayBiases);
        var adam = new AdamW(f.Parameters, new AdamWOptions { Beta1 = 0.9, WeightDecay = Decay, DecayBiases = decayBiases });
        for (int t = 1; t <= 4; t++)
        {
            f.NewGradients();
            float lr = 0.02f * t;
            for (int k = 0; k < f.Parameters.Count; k++)
            {
                references[k].AdamW(f.Parameters[k].Parameter.Gradient, lr, t, 0.9, 0.999, 1e-8, Decay);
            }

            adam.Update(lr);
            AssertAll(f, references, $"AdamW step {t}");
        }
    }

    [TestCase(false, 3)]
    [TestCase(true, 4)]
    public void Sgd_SeveralSteps_MatchesScalarReference(bool decayBiases, int seed)
    {
        var f = new OptimizerFixture(seed);
        ReferenceOptimizer[] references = References(f, decayBiases);
        var sgd = new Sgd(f.Parameters, new SgdOptions { Momentum = 0.9, WeightDecay = Decay, DecayBiases = decayBiases });
        for (int t = 1; t <= 4; t++)
        {
            f.NewGradients();
            float lr = 0.05f * t;
            for (int k = 0; k < f.Parameters.Count; k++)
            {
                references[k].Sgd(f.Parameters[k].Parameter.Gradient, lr, 0.9, nesterov: false, Decay);
            }

            sgd.Update(lr);
            AssertAll(f, references, $"SGD step {t}");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void ZeroGradients_OnlyTheDecayMoves_BiasesExemptWhenAsked(bool sgd)
    {
        // With zero gradients an update is the decay alone, so which tensors moved says exactly which were decayed.
        var kernel = new Parameter("W", ParameterKind.InputKernel, 2, 3);
        var bias = new Parameter("bx", ParameterKind.Bias, 3);
        var embedding = new Parameter("embedding", ParameterKind.Embedding, 4, 2);
        var projection = new Parameter("projection.weight", ParameterKind.Projection, 2, 2);
        var theta = new Parameter("theta", ParameterKind.Threshold, 3) { WeightDecay = false };
        Parameter[] all = [kernel, bias, embedding, projection, theta];
        foreach (Parameter p in all)
        {
            p.Value.AsSpan().Fill(0.5f);
        }

        IOptimizer optimizer = sgd
            ? new Sgd(NamedParameter.FromParameters(all), new SgdOptions { WeightDecay = Decay, DecayBiases = false })
            : new AdamW(NamedParameter.FromParameters(all), new AdamWOptions { WeightDecay = Decay, DecayBiases = false });
        optimizer.Update(0.1f);

        float decayed = (float)(0.5 * (1 - (0.1f * Decay)));
        Assert.Multiple(() =>
        {
            Assert.That(kernel.Value, Has.All.EqualTo(decayed).Within(1e-7f), "kernels are decayed");
            Assert.That(embedding.Value, Has.All.EqualTo(decayed).Within(1e-7f), "the embedding (the tied decoder weight) is decayed");
            Assert.That(projection.Value, Has.All.EqualTo(decayed).Within(1e-7f), "the decoder projection is a weight, decayed");
            Assert.That(bias.Value, Has.All.EqualTo(0.5f), "biases are exempt");
            Assert.That(theta.Value, Has.All.EqualTo(0.5f), "thresholds are never decayed");
        });
    }

    [Test]
    public void Defaults_DecayBiases_AsBeforeTheOption()
    {
        Assert.That((new AdamWOptions().DecayBiases, new SgdOptions().DecayBiases, new TrainingOptions().DecayBiases), Is.EqualTo((true, true, true)));
    }

    /// <summary>One scalar reference per fixture tensor, decayed where the parameter allows it and, when biases are exempt, not on biases.</summary>
    private static ReferenceOptimizer[] References(OptimizerFixture f, bool decayBiases) =>
        [.. f.Parameters.Select(e => new ReferenceOptimizer(
            e.Parameter.Value, e.Parameter.Mask?.AsSpan().ToArray(),
            e.Parameter.WeightDecay && (decayBiases || e.Parameter.Kind != ParameterKind.Bias),
            e.Parameter.LearningRateMultiplier, e.Parameter.Minimum, e.Parameter.Maximum))];

    private static void AssertAll(OptimizerFixture f, ReferenceOptimizer[] references, string what)
    {
        for (int k = 0; k < f.Parameters.Count; k++)
        {
            OptimizerFixture.AssertClose(references[k].Value, f.Parameters[k].Parameter.Value, $"{what} {f.Parameters[k].Name}");
        }
    }
}
