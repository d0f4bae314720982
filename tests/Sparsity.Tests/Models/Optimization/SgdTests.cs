using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;

namespace Sparsity.Tests.Models.Optimization;

[TestFixture]
public sealed class SgdTests
{
    [TestCase(0.0, false, 0.0, 1)]
    [TestCase(0.0, false, 0.1, 2)]
    [TestCase(0.9, false, 0.1, 3)]
    [TestCase(0.9, true, 0.05, 4)]
    public void Update_SeveralSteps_MatchesScalarReference(double momentum, bool nesterov, double weightDecay, int seed)
    {
        var f = new OptimizerFixture(seed);
        var sgd = new Sgd(f.Parameters, new SgdOptions { Momentum = momentum, Nesterov = nesterov, WeightDecay = weightDecay });
        float[] frozenBefore = (float[])f.Frozen.Value.Clone();
        for (int t = 1; t <= 6; t++)
        {
            f.NewGradients();
            float lr = 0.05f;
            for (int k = 0; k < f.Parameters.Count; k++)
            {
                f.References[k].Sgd(f.Parameters[k].Parameter.Gradient, lr, momentum, nesterov, weightDecay);
            }

            sgd.Update(lr);
            OptimizerState state = sgd.ExportState();
            for (int k = 0; k < f.Parameters.Count; k++)
            {
                string name = f.Parameters[k].Name;
                OptimizerFixture.AssertClose(f.References[k].Value, f.Parameters[k].Parameter.Value, $"step {t} {name}");
                OptimizerFixture.AssertClose(f.References[k].FirstMoment, state.Find("momentum." + name)!.Values, $"step {t} momentum.{name}");
            }
        }

        AdamWTests.AssertPrunedZero(f.Kernel, sgd.ExportState(), "layers.0.W");
        Assert.Multiple(() =>
        {
            Assert.That(f.Frozen.Value, Is.EqualTo(frozenBefore));
            Assert.That(f.Parameters[2].Parameter.Value, Has.All.InRange(0f, 1f));
        });
    }

    [Test]
    public void Update_TensorLongerThanSeveralTiles_MatchesScalarReference()
    {
        var random = new Random(13);
        var p = new Parameter("embedding", ParameterKind.Embedding, 4097, 3);
        for (int i = 0; i < p.Length; i++)
        {
            p.Value[i] = (float)(random.NextDouble() * 2 - 1);
        }

        var reference = new ReferenceOptimizer(p.Value, kept: null, decay: true, multiplier: 1, min: null, max: null);
        var sgd = new Sgd(NamedParameter.FromParameters([p]), new SgdOptions { Momentum = 0.9, Nesterov = true, WeightDecay = 0.1 });
        for (int t = 1; t <= 3; t++)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Gradient[i] = (float)(random.NextDouble() * 2 - 1);
            }

            reference.Sgd(p.Gradient, 0.05, 0.9, nesterov: true, 0.1);
            sgd.Update(0.05f);
            OptimizerFixture.AssertClose(reference.Value, p.Value, $"step {t}");
        }
    }

    [Test]
    public void Update_AfterWarmUp_DoesNotAllocate()
    {
        var f = new OptimizerFixture(5);
        var sgd = new Sgd(f.Parameters, new SgdOptions { Momentum = 0.9, Nesterov = true, WeightDecay = 0.1 });
        f.NewGradients();
        sgd.Update(0.01f);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            sgd.Update(0.01f);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Options_NesterovWithoutMomentum_Throws() =>
        Assert.That(() => new SgdOptions { Nesterov = true }.Validate(), Throws.ArgumentException);
}
