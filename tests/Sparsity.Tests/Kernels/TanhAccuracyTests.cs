using Sparsity.Kernels.Pointwise;

namespace Sparsity.Tests.Kernels;

/// <summary>
/// <see cref="Pointwise.Tanh"/> in ulp against double <see cref="Math.Tanh"/> over the whole float range (issue 16:
/// the vector path had ≈ 5e-8 absolute error, i.e. 5e-2 relative near 1e-6). Runs on whatever tier the process has;
/// .ci/run repeats the suite with 512-, 256-bit and scalar code.
/// </summary>
public sealed class TanhAccuracyTests
{
    /// <summary>The largest error allowed, in units in the last place of the correctly rounded result.</summary>
    private const double MaxUlp = 4;

    private static double UlpError(float actual, double exact)
    {
        float rounded = (float)exact;
        double ulp = MathF.BitIncrement(MathF.Abs(rounded)) - MathF.Abs(rounded);
        if (ulp == 0 || !double.IsFinite(ulp))
        {
            ulp = MathF.Abs(rounded) - MathF.BitDecrement(MathF.Abs(rounded));
        }

        return Math.Abs(actual - exact) / ulp;
    }

    private static float[] Inputs()
    {
        var rng = new Random(17);
        var values = new List<float>();
        // Every exponent: random bit patterns of finite floats, both signs.
        for (int k = 0; k < 1 << 18; k++)
        {
            float v = BitConverter.Int32BitsToSingle(rng.Next());
            if (float.IsFinite(v))
            {
                values.Add(v);
                values.Add(-v);
            }
        }

        // Dense around the series cut-off and in the range activations live in.
        for (int k = -20000; k <= 20000; k++)
        {
            values.Add(k * 2e-4f);
        }

        float c = Pointwise.TanhSeriesCutoff;
        for (int k = 0; k < 64; k++)
        {
            values.Add(c);
            c = MathF.BitDecrement(c);
        }

        values.AddRange([0f, -0f, float.Epsilon, -float.Epsilon, 1e-38f, 1e-6f, -1e-6f, 1e-4f, 9f, 10f, 20f, float.MaxValue, float.MinValue]);
        return [.. values];
    }

    [Test]
    public void Tanh_is_within_a_few_ulp_everywhere()
    {
        float[] x = Inputs();
        var y = new float[x.Length];
        Pointwise.Tanh(x, y);
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < x.Length; i++)
        {
            double e = UlpError(y[i], Math.Tanh(x[i]));
            if (e > worst)
            {
                worst = e;
                worstAt = i;
            }
        }

        TestContext.Out.WriteLine($"worst {worst:F2} ulp at x = {(worstAt < 0 ? 0 : x[worstAt]):R}");
        Assert.That(worst, Is.LessThanOrEqualTo(MaxUlp), $"worst at x = {(worstAt < 0 ? 0 : x[worstAt]):R}: {(worstAt < 0 ? 0 : y[worstAt]):R} vs {(worstAt < 0 ? 0 : Math.Tanh(x[worstAt])):R}");
    }

    [Test]
    public void Tanh_keeps_signed_zero_infinities_and_nan_and_works_in_place()
    {
        float[] x = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1e-7f, -3e-5f, 0.7f, .. Enumerable.Range(0, 600).Select(i => (i - 300) * 0.01f)];
        float[] expected = new float[x.Length];
        Pointwise.Tanh(x, expected);
        Assert.That(BitConverter.SingleToInt32Bits(expected[1]), Is.EqualTo(BitConverter.SingleToInt32Bits(-0f)), "tanh(−0) = −0");
        Assert.That(expected[0], Is.EqualTo(0f));
        Assert.That((expected[2], expected[3]), Is.EqualTo((1f, -1f)));
        Assert.That(float.IsNaN(expected[4]), Is.True);
        Assert.That(expected[5], Is.EqualTo(1e-7f), "tanh(x) rounds to x for tiny x");

        float[] inPlace = (float[])x.Clone();
        Pointwise.Tanh(inPlace, inPlace); // spans several internal blocks
        Assert.That(inPlace.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
    }
}
