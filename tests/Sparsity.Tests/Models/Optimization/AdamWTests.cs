using Sparsity.Core.Sparse;
using Sparsity.Models.Checkpoints;
using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;

namespace Sparsity.Tests.Models.Optimization;

[TestFixture]
public sealed class AdamWTests
{
    [TestCase(0.0, 0.999, 0.1, 1)]
    [TestCase(0.9, 0.999, 0.1, 2)]
    [TestCase(0.5, 0.9, 0.0, 3)]
    [TestCase(0.0, 0.999, 0.12, 4)]
    public void Update_SeveralSteps_MatchesScalarReference(double beta1, double beta2, double weightDecay, int seed)
    {
        var f = new OptimizerFixture(seed);
        var options = new AdamWOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = 1e-8, WeightDecay = weightDecay };
        var adam = new AdamW(f.Parameters, options);
        float[] frozenBefore = (float[])f.Frozen.Value.Clone();
        for (int t = 1; t <= 6; t++)
        {
            f.NewGradients();
            float lr = 0.01f * t; // a varying rate, as a schedule and window scaling give
            for (int k = 0; k < f.Parameters.Count; k++)
            {
                f.References[k].AdamW(f.Parameters[k].Parameter.Gradient, lr, t, beta1, beta2, 1e-8, weightDecay);
            }

            adam.Update(lr);
            OptimizerState state = adam.ExportState();
            for (int k = 0; k < f.Parameters.Count; k++)
            {
                string name = f.Parameters[k].Name;
                OptimizerFixture.AssertClose(f.References[k].Value, f.Parameters[k].Parameter.Value, $"step {t} {name}");
                OptimizerFixture.AssertClose(f.References[k].FirstMoment, state.Find("m." + name)!.Values, $"step {t} m.{name}");
                OptimizerFixture.AssertClose(f.References[k].SecondMoment, state.Find("v." + name)!.Values, $"step {t} v.{name}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(adam.StepCount, Is.EqualTo(6));
            Assert.That(f.Frozen.Value, Is.EqualTo(frozenBefore), "a frozen parameter must stay bit-identical");
            Assert.That(f.Parameters[2].Parameter.Value, Has.All.InRange(0f, 1f));
            Assert.That(f.Parameters[2].Parameter.Value, Has.Some.EqualTo(0f).And.Some.EqualTo(1f), "the thresholds should have hit both bounds");
        });
    }

    [Test]
    public void Update_TensorLongerThanSeveralTiles_MatchesScalarReference()
    {
        // 2 full tiles of 4096 plus a ragged 17: every tile boundary and the remainder are exercised.
        var random = new Random(12);
        var p = new Parameter("embedding", ParameterKind.Embedding, 8209, 1);
        bool[] kept = [.. Enumerable.Range(0, p.Length).Select(_ => random.Next(4) != 0)];
        for (int i = 0; i < p.Length; i++)
        {
            p.Value[i] = (float)(random.NextDouble() * 2 - 1);
        }

        p.Mask = new SparsityMask(p.Rows, 1, kept);
        var reference = new ReferenceOptimizer(p.Value, kept, decay: true, multiplier: 1, min: null, max: null);
        var adam = new AdamW(NamedParameter.FromParameters([p]), new AdamWOptions { Beta1 = 0.9, WeightDecay = 0.1 });
        for (int t = 1; t <= 3; t++)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Gradient[i] = (float)(random.NextDouble() * 2 - 1);
            }

            reference.AdamW(p.Gradient, 0.01, t, 0.9, 0.999, 1e-8, 0.1);
            adam.Update(0.01f);
            OptimizerFixture.AssertClose(reference.Value, p.Value, $"step {t}");
            OptimizerFixture.AssertClose(reference.SecondMoment, adam.ExportState().Find("v.embedding")!.Values, $"step {t} v");
        }
    }

    [Test]
    public void Update_MaskedParameter_KeepsValuesGradientsAndMomentsExactlyZero()
    {
        var f = new OptimizerFixture(7);
        var adam = new AdamW(f.Parameters, new AdamWOptions { Beta1 = 0.9, WeightDecay = 0.1 });
        for (int t = 0; t < 4; t++)
        {
            f.NewGradients();
            adam.Update(0.05f);
        }

        AssertPrunedZero(f.Kernel, adam.ExportState(), "layers.0.W");
    }

    [Test]
    public void Update_MaskSetMidTraining_ZeroesMomentsOfNewlyPrunedEntries()
    {
        var f = new OptimizerFixture(8);
        var adam = new AdamW(f.Parameters, new AdamWOptions { Beta1 = 0.9 });
        for (int t = 0; t < 3; t++)
        {
            f.NewGradients();
            adam.Update(0.05f);
        }

        // Prune further: keep only the first half of the previously kept entries.
        bool[] kept = f.Kernel.Mask!.AsSpan().ToArray();
        for (int i = kept.Length / 2; i < kept.Length; i++)
        {
            kept[i] = false;
        }

        f.Kernel.Mask = new SparsityMask(5, 7, kept);
        f.NewGradients();
        adam.Update(0.05f);
        AssertPrunedZero(f.Kernel, adam.ExportState(), "layers.0.W");
        Assert.That(f.Kernel.Value.AsSpan(0, kept.Length / 2).ToArray(), Has.Some.Not.EqualTo(0f), "kept entries still train");
    }

    [Test]
    public void Update_FrozenParameter_IsBitIdenticalAndHasNoMoments()
    {
        var p = new Parameter("x", ParameterKind.Bias, 4) { LearningRateMultiplier = 0f, Minimum = 10f };
        float[] values = [float.NaN, -0f, 3f, 1e-40f];
        values.CopyTo(p.Value, 0);
        p.Gradient.AsSpan().Fill(1f);
        var adam = new AdamW(NamedParameter.FromParameters([p]), new AdamWOptions { WeightDecay = 0.5 });
        adam.Update(1f);
        Assert.Multiple(() =>
        {
            Assert.That(p.Value.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(values.Select(BitConverter.SingleToInt32Bits)));
            Assert.That(adam.ExportState().Find("m.x")!.Values, Has.All.EqualTo(0f));
            Assert.That(adam.ExportState().Find("v.x")!.Values, Has.All.EqualTo(0f));
        });
    }

    [Test]
    public void Update_AfterWarmUp_DoesNotAllocate()
    {
        var f = new OptimizerFixture(9);
        var adam = new AdamW(f.Parameters, new AdamWOptions { Beta1 = 0.9, WeightDecay = 0.1 });
        f.NewGradients();
        adam.Update(0.01f);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            adam.Update(0.01f);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void ImportState_ThenUpdate_ContinuesBitIdentically()
    {
        var a = new OptimizerFixture(10);
        var b = new OptimizerFixture(10);
        var options = new AdamWOptions { Beta1 = 0.9, WeightDecay = 0.1 };
        var adamA = new AdamW(a.Parameters, options);
        for (int t = 0; t < 3; t++)
        {
            a.NewGradients();
            adamA.Update(0.02f);
            b.NewGradients(); // keep b's gradient stream aligned with a's
        }

        for (int k = 0; k < a.Parameters.Count; k++)
        {
            a.Parameters[k].Parameter.Value.CopyTo(b.Parameters[k].Parameter.Value, 0);
        }

        var adamB = new AdamW(b.Parameters, options);
        adamB.ImportState(adamA.ExportState());
        Assert.That(adamB.StepCount, Is.EqualTo(3));
        for (int t = 0; t < 3; t++)
        {
            a.NewGradients();
            b.NewGradients();
            adamA.Update(0.02f);
            adamB.Update(0.02f);
        }

        for (int k = 0; k < a.Parameters.Count; k++)
        {
            Assert.That(b.Parameters[k].Parameter.Value, Is.EqualTo(a.Parameters[k].Parameter.Value), a.Parameters[k].Name);
        }
    }

    [Test]
    public void ImportState_WrongAlgorithmOrMissingTensor_ThrowsAndKeepsState()
    {
        var f = new OptimizerFixture(11);
        var adam = new AdamW(f.Parameters, new AdamWOptions());
        var sgd = new Sgd(f.Parameters, new SgdOptions { Momentum = 0.9 });
        OptimizerState good = adam.ExportState();
        var missing = new OptimizerState([.. good.Tensors.Skip(1)], good.Scalars);
        Assert.Multiple(() =>
        {
            Assert.That(() => adam.ImportState(sgd.ExportState()), Throws.ArgumentException.With.Message.Contains("SGD"));
            Assert.That(() => adam.ImportState(missing), Throws.ArgumentException);
            Assert.That(adam.StepCount, Is.Zero);
        });
    }

    [Test]
    public void Constructor_InvalidArguments_Throw()
    {
        var p = new Parameter("x", ParameterKind.Bias, 2);
        Assert.Multiple(() =>
        {
            Assert.That(() => new AdamW([new("a", p), new("a", new Parameter("y", ParameterKind.Bias, 1))], new AdamWOptions()),
                Throws.ArgumentException.With.Message.Contains("'a'"));
            Assert.That(() => new AdamW([new("a", p), new("b", p)], new AdamWOptions()), Throws.ArgumentException);
            Assert.That(() => new AdamW([new("a", p)], new AdamWOptions { Beta1 = 1 }), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new AdamW([new("a", p)], new AdamWOptions { Epsilon = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new AdamW([new("a", p)], new AdamWOptions()).Update(-1f), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new AdamW([new("a", p)], new AdamWOptions()).Update(float.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void Update_NegativeMultiplier_ThrowsBeforeChangingAnything()
    {
        var f = new OptimizerFixture(14);
        var adam = new AdamW(f.Parameters, new AdamWOptions());
        f.NewGradients();
        float[] kernel = (float[])f.Kernel.Value.Clone();
        f.Parameters[3].Parameter.LearningRateMultiplier = -1f; // the last parameter: a late check would have updated the others
        Assert.That(() => adam.Update(0.1f), Throws.InvalidOperationException.With.Message.Contains("layers.0.embedding"));
        Assert.Multiple(() =>
        {
            Assert.That(f.Kernel.Value, Is.EqualTo(kernel));
            Assert.That(adam.StepCount, Is.Zero);
        });
    }

    internal static void AssertPrunedZero(Parameter p, OptimizerState state, string name)
    {
        ReadOnlySpan<bool> kept = p.Mask!.AsSpan();
        for (int i = 0; i < kept.Length; i++)
        {
            if (kept[i])
            {
                continue;
            }

            foreach (NamedTensor t in state.Tensors.Where(t => t.Name.EndsWith("." + name, StringComparison.Ordinal)))
            {
                if (t.Values[i] != 0f)
                {
                    throw new AssertionException($"{t.Name}[{i}] is pruned but holds {t.Values[i]:R}.");
                }
            }

            if (p.Value[i] != 0f || p.Gradient[i] != 0f)
            {
                throw new AssertionException($"{name}[{i}] is pruned but holds value {p.Value[i]:R}, gradient {p.Gradient[i]:R}.");
            }
        }
    }
}
