using Sparsity.Core.Sparse;
using Sparsity.Models.Layers;
using Sparsity.Tests.Reference.Models;
using ReferenceCache = Sparsity.Tests.Reference.Models.EgruCache;

namespace Sparsity.Tests.Models.Layers;

/// <summary>
/// One random EGRU problem, posed identically to the production float layer and to the dense double reference:
/// the reference's random parameters are rounded to float first and both models read those same values (pruned
/// entries zero in both), inputs and the initial state are float-exact, and the upstream gradient is random.
/// </summary>
internal sealed class EgruHarness
{
    /// <summary>Below this distance |ĉ − θ| the float and double Heaviside may disagree; such draws are rejected.</summary>
    public const double TieMargin = 1e-4;

    private EgruHarness(ReferenceEgru reference, Egru layer, int steps, int batch, float[] x, float[] gy, float[] c0, float[] y0)
    {
        Reference = reference;
        Layer = layer;
        Steps = steps;
        Batch = batch;
        X = x;
        Gy = gy;
        C0 = c0;
        Y0 = y0;
    }

    public ReferenceEgru Reference { get; }

    public Egru Layer { get; }

    public int Steps { get; }

    public int Batch { get; }

    public int Input => Layer.InputSize;

    public int Hidden => Layer.HiddenSize;

    /// <summary>Inputs <c>[T, B, I]</c>.</summary>
    public float[] X { get; }

    /// <summary>Upstream gradient into every output <c>[T, B, H]</c>.</summary>
    public float[] Gy { get; }

    /// <summary>Initial internal state <c>[B, H]</c>.</summary>
    public float[] C0 { get; }

    /// <summary>Initial output <c>[B, H]</c> (sparse, like a real y).</summary>
    public float[] Y0 { get; }

    /// <summary>Builds a problem; the caller checks ties with <see cref="HasTie"/>.</summary>
    public static EgruHarness Create(
        Random rng, int input, int hidden, int steps, int batch, EgruOptions options,
        double inputZeroFraction = 0.0, double? maskDensity = null)
    {
        ReferenceEgru reference = ReferenceEgru.CreateRandom(input, hidden, rng);
        reference.Gamma = options.SurrogateGamma;
        reference.Beta = options.SurrogateBeta;
        reference.Reset = options.Reset == EgruResetMode.SubtractThreshold ? EgruReset.SubtractThreshold : EgruReset.SubtractOutput;
        var layer = new Egru(input, hidden, options);
        if (maskDensity is double density)
        {
            layer.W.Mask = RandomMask(rng, layer.W.Rows, layer.W.Columns, density);
            layer.R.Mask = RandomMask(rng, layer.R.Rows, layer.R.Columns, density);
        }

        foreach (var p in layer.Parameters)
        {
            double[] source = reference.Parameters[p.Name];
            ReadOnlySpan<bool> kept = p.Mask is null ? default : p.Mask.AsSpan();
            for (int k = 0; k < source.Length; k++)
            {
                float v = p.Mask is not null && !kept[k] ? 0f : (float)source[k];
                p.Value[k] = v;
                source[k] = v; // the reference runs on exactly the float values
            }
        }

        float[] x = Floats(rng, steps * batch * input, 1.0, inputZeroFraction);
        float[] gy = Floats(rng, steps * batch * hidden, 1.0, 0.0);
        float[] c0 = Floats(rng, batch * hidden, 0.5, 0.0);
        float[] y0 = Floats(rng, batch * hidden, 0.5, 0.6);
        return new EgruHarness(reference, layer, steps, batch, x, gy, c0, y0);
    }

    /// <summary>Retries <see cref="Create"/> with fresh draws until no |ĉ − θ| is within <see cref="TieMargin"/>.</summary>
    public static EgruHarness CreateWithoutTies(
        Random rng, int input, int hidden, int steps, int batch, EgruOptions options,
        double inputZeroFraction = 0.0, double? maskDensity = null)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            EgruHarness h = Create(rng, input, hidden, steps, batch, options, inputZeroFraction, maskDensity);
            if (!h.HasTie())
            {
                return h;
            }
        }

        throw new InvalidOperationException("No tie-free draw in 50 attempts.");
    }

    /// <summary>Whether any (t, b, unit) has ĉ within <see cref="TieMargin"/> of θ in the reference run.</summary>
    public bool HasTie()
    {
        var cache = (ReferenceCache)ReferenceForward().Cache;
        return cache.S.SelectMany(t => t).SelectMany(r => r).Any(s => Math.Abs(s) < TieMargin);
    }

    public ReferenceState InitialReferenceState() => new(ToRows(C0, Batch, Hidden), ToRows(Y0, Batch, Hidden));

    public ReferenceForward ReferenceForward() => Reference.Forward(To3(X, Steps, Batch, Input), InitialReferenceState());

    public RecurrentState InitialState()
    {
        var s = new RecurrentState(Batch, Hidden);
        C0.CopyTo(s.C, 0);
        Y0.CopyTo(s.Y, 0);
        return s;
    }

    public static float[] Floats(Random rng, int length, double scale, double zeroFraction)
    {
        var v = new float[length];
        for (int k = 0; k < length; k++)
        {
            v[k] = rng.NextDouble() < zeroFraction ? 0f : (float)(scale * ((2 * rng.NextDouble()) - 1));
        }

        return v;
    }

    /// <summary>A mask keeping exactly round(density · rows · columns) entries, chosen at random.</summary>
    public static SparsityMask RandomMask(Random rng, int rows, int columns, double density)
    {
        var kept = new bool[rows * columns];
        int count = (int)Math.Round(density * kept.Length);
        int[] order = [.. Enumerable.Range(0, kept.Length)];
        rng.Shuffle(order);
        for (int k = 0; k < count; k++)
        {
            kept[order[k]] = true;
        }

        return new SparsityMask(rows, columns, kept);
    }

    public static double[][][] To3(float[] flat, int t, int b, int w)
    {
        var a = new double[t][][];
        for (int s = 0; s < t; s++)
        {
            a[s] = ToRows(flat.AsSpan(s * b * w, b * w).ToArray(), b, w);
        }

        return a;
    }

    public static double[][] ToRows(float[] flat, int b, int w)
    {
        var a = new double[b][];
        for (int r = 0; r < b; r++)
        {
            a[r] = new double[w];
            for (int j = 0; j < w; j++)
            {
                a[r][j] = flat[(r * w) + j];
            }
        }

        return a;
    }

    public static double[] Flatten(double[][][] a) => a.SelectMany(t => t).SelectMany(r => r).ToArray();

    public static double[] Flatten(double[][] a) => a.SelectMany(r => r).ToArray();
}

/// <summary>Forces every event-driven path of the layer (density cutoff 1) until disposed, whatever the activity.</summary>
internal sealed class ForcedEvents : IDisposable
{
    private readonly double _saved = Egru.AutoEventDensity;

    public ForcedEvents(bool force)
    {
        if (force)
        {
            Egru.AutoEventDensity = 1.0;
        }
    }

    public void Dispose() => Egru.AutoEventDensity = _saved;
}

/// <summary>Tolerance checks that name the tensor, the index and both values.</summary>
internal static class EgruAssert
{
    /// <summary>
    /// Asserts <c>|actual − expected| ≤ rtol·|expected| + atol·max|expected|</c> element by element: relative, scaled by
    /// the tensor's magnitude so entries that are sums of cancelling terms get the tensor's absolute precision.
    /// </summary>
    public static void Close(string what, ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rtol, double atol)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: length");
        double scale = 0;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }

        for (int k = 0; k < expected.Length; k++)
        {
            double tolerance = (rtol * Math.Abs(expected[k])) + (atol * scale) + 1e-30;
            if (!(Math.Abs(actual[k] - expected[k]) <= tolerance))
            {
                Assert.Fail($"{what}[{k}] is {actual[k]:R}, expected {expected[k]:R} (tolerance {tolerance:G3}, tensor scale {scale:G3}).");
            }
        }
    }

    /// <summary>Asserts two float tensors are bit-identical.</summary>
    public static void Same(string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: length");
        for (int k = 0; k < expected.Length; k++)
        {
            if (BitConverter.SingleToInt32Bits(expected[k]) != BitConverter.SingleToInt32Bits(actual[k]))
            {
                Assert.Fail($"{what}[{k}] is {actual[k]:R}, expected exactly {expected[k]:R}.");
            }
        }
    }

    /// <summary>Asserts two float tensors agree to float tolerance (relative to the tensor's scale).</summary>
    public static void Close(string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double rtol, double atol)
    {
        var e = new double[expected.Length];
        for (int k = 0; k < e.Length; k++)
        {
            e[k] = expected[k];
        }

        Close(what, e, actual, rtol, atol);
    }
}
