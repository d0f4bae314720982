using Sparsity.Kernels.Pointwise;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class PointwiseTests
{
    private static readonly int[] Sizes = [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 129];

    [Test]
    public void Activations_EdgeSizes_MatchDoubleOracle()
    {
        var rng = new Random(1);
        foreach (int n in Sizes)
        {
            float[] x = KernelData.Vector(rng, n);
            for (int i = 0; i < n; i++)
            {
                x[i] *= 8f;
            }

            var r = Poisoned(n);
            Pointwise.Sigmoid(x, r);
            AssertNear(r, x.Select(v => 1.0 / (1.0 + Math.Exp(-v))), 2e-6, "Sigmoid");
            r = Poisoned(n);
            Pointwise.Tanh(x, r);
            AssertNear(r, x.Select(v => Math.Tanh(v)), 2e-6, "Tanh");
            float[] s = KernelData.Vector(rng, n).Select(Math.Abs).ToArray();
            r = Poisoned(n);
            Pointwise.SigmoidDerivativeFromOutput(s, r);
            AssertNear(r, s.Select(v => (double)v * (1.0 - v)), 1e-6, "SigmoidDerivative");
            r = Poisoned(n);
            Pointwise.TanhDerivativeFromOutput(s, r);
            AssertNear(r, s.Select(v => 1.0 - ((double)v * v)), 1e-6, "TanhDerivative");
            r = Poisoned(n);
            Pointwise.TriangularSurrogate(x, 0.3f, 0.5f, r);
            AssertNear(r, x.Select(v => 0.3 * Math.Max(0.0, 1.0 - (0.5 * Math.Abs(v)))), 1e-6, "TriangularSurrogate");
        }
    }

    [Test]
    public void EventStep_NoneOneAllRandomFired_MatchesDefinition()
    {
        var rng = new Random(2);
        foreach (int n in Sizes)
        {
            float[] cHat = KernelData.Vector(rng, n);
            foreach (string mode in new[] { "none", "one", "all", "random" })
            {
                float[] theta = mode switch
                {
                    "none" => Enumerable.Repeat(10f, n).ToArray(),
                    "all" => Enumerable.Repeat(-10f, n).ToArray(),
                    "one" => Enumerable.Range(0, n).Select(i => i == n / 2 ? -10f : 10f).ToArray(),
                    _ => KernelData.Vector(rng, n),
                };
                var y = Poisoned(n);
                var c = Poisoned(n);
                Pointwise.EventStep(cHat, theta, y, c);
                for (int i = 0; i < n; i++)
                {
                    bool fired = cHat[i] - theta[i] > 0f;
                    Assert.That(y[i], Is.EqualTo(fired ? cHat[i] : 0f), $"y[{i}] {mode} n={n}");
                    Assert.That(c[i], Is.EqualTo(fired ? cHat[i] - theta[i] : cHat[i]), $"c[{i}] {mode} n={n}");
                    if (!fired)
                    {
                        Assert.That(BitConverter.SingleToInt32Bits(y[i]), Is.Zero, "a silent unit outputs exactly +0");
                    }
                }
            }
        }
    }

    [Test]
    public void EventStep_InPlaceOverCandidate_SameAsSeparate()
    {
        var rng = new Random(3);
        float[] cHat = KernelData.Vector(rng, 37);
        float[] theta = KernelData.Vector(rng, 37);
        var y = new float[37];
        var c = new float[37];
        Pointwise.EventStep(cHat, theta, y, c);
        var inPlace = (float[])cHat.Clone();
        var y2 = new float[37];
        Pointwise.EventStep(inPlace, theta, y2, inPlace);
        Assert.That(inPlace, Is.EqualTo(c));
        Assert.That(y2, Is.EqualTo(y));
    }

    [Test]
    public void Pointwise_WrongLengthsOrOverlap_Throw()
    {
        var buffer = new float[16];
        Assert.Multiple(() =>
        {
            Assert.That(() => Pointwise.Sigmoid(new float[3], new float[4]), Throws.ArgumentException.With.Message.Contains("result"));
            Assert.That(() => Pointwise.TanhDerivativeFromOutput(buffer.AsSpan(0, 8), buffer.AsSpan(4, 8)), Throws.ArgumentException.With.Message.Contains("overlap"));
            Assert.That(() => Pointwise.TriangularSurrogate(new float[3], 1f, 1f, new float[2]), Throws.ArgumentException.With.Message.Contains("result"));
            Assert.That(() => Pointwise.EventStep(new float[3], new float[2], new float[3], new float[3]), Throws.ArgumentException.With.Message.Contains("theta"));
            Assert.That(() => Pointwise.EventStep(new float[3], new float[3], new float[2], new float[3]), Throws.ArgumentException.With.Message.Contains("y"));
            Assert.That(() => Pointwise.EventStep(new float[3], new float[3], buffer.AsSpan(0, 3), buffer.AsSpan(1, 3)), Throws.ArgumentException.With.Message.Contains("overlap"));
        });
    }

    private static float[] Poisoned(int n)
    {
        var r = new float[n];
        KernelAssert.Poison(r);
        return r;
    }

    private static void AssertNear(float[] actual, IEnumerable<double> expected, double tolerance, string what)
    {
        double[] e = expected.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            Assert.That(actual[i], Is.EqualTo(e[i]).Within(tolerance), $"{what}[{i}] of {e.Length}");
        }
    }
}
