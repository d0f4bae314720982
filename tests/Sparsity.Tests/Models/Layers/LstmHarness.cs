using Sparsity.Core.Sparse;
using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;
using Sparsity.Tests.Reference.Models;

namespace Sparsity.Tests.Models.Layers;

/// <summary>
/// One random LSTM problem shared by the production layer and the double reference: the same (float-representable)
/// weights, optional pruning masks (pruned weights zero in both), inputs, initial state and output gradient.
/// </summary>
internal sealed class LstmHarness
{
    private LstmHarness(int input, int hidden, int batch, int steps)
    {
        Input = input;
        Hidden = hidden;
        Batch = batch;
        Steps = steps;
    }

    public int Input { get; }

    public int Hidden { get; }

    public int Batch { get; }

    public int Steps { get; }

    public required ReferenceLstm Reference { get; init; }

    public required Lstm Layer { get; init; }

    /// <summary>Inputs <c>[T, B, I]</c>.</summary>
    public required float[] X { get; init; }

    /// <summary>Gradient into the outputs <c>[T, B, H]</c>.</summary>
    public required float[] Dy { get; init; }

    /// <summary>The state the window starts from.</summary>
    public required RecurrentState Initial { get; init; }

    public string Shape => $"I={Input} H={Hidden} B={Batch} T={Steps}";

    /// <summary>Builds a problem; <paramref name="wDensity"/>/<paramref name="rDensity"/> below 1 prune W/R at random.</summary>
    public static LstmHarness Create(Random rng, int input, int hidden, int batch, int steps, double wDensity = 1.0, double rDensity = 1.0)
    {
        var reference = ReferenceLstm.CreateRandom(input, hidden, rng, scale: 0.6);
        var layer = new Lstm(input, hidden) { CsrMaxDensity = 1.0 }; // the CSR path at every density these tests prune to
        foreach (Parameter p in layer.Parameters)
        {
            double[] r = reference.Parameters[p.Name];
            for (int k = 0; k < r.Length; k++)
            {
                p.Value[k] = (float)r[k];
                r[k] = p.Value[k];
            }
        }

        if (wDensity < 1.0)
        {
            Prune(layer.W, reference.W, wDensity, rng);
        }

        if (rDensity < 1.0)
        {
            Prune(layer.R, reference.R, rDensity, rng);
        }

        var initial = new RecurrentState(batch, hidden);
        Fill(rng, initial.C, 0.8);
        Fill(rng, initial.Y, 0.5);
        return new LstmHarness(input, hidden, batch, steps)
        {
            Reference = reference,
            Layer = layer,
            X = Fill(rng, new float[steps * batch * input], 1.0),
            Dy = Fill(rng, new float[steps * batch * hidden], 1.0),
            Initial = initial,
        };
    }

    /// <summary>A random mask of about <paramref name="density"/> kept entries, applied to both copies.</summary>
    public static void Prune(Parameter p, double[] reference, double density, Random rng)
    {
        var kept = new bool[p.Length];
        for (int k = 0; k < kept.Length; k++)
        {
            kept[k] = rng.NextDouble() < density;
            if (!kept[k])
            {
                reference[k] = 0.0;
            }
        }

        p.Mask = new SparsityMask(p.Rows, p.Columns, kept);
    }

    public static float[] Fill(Random rng, float[] a, double scale)
    {
        for (int k = 0; k < a.Length; k++)
        {
            a[k] = (float)(scale * ((2 * rng.NextDouble()) - 1));
        }

        return a;
    }

    /// <summary>Runs the production layer over the window from <see cref="Initial"/>: outputs, final state, cache.</summary>
    public (float[] Y, RecurrentState Final, RecurrentCache Cache) RunForward(Random? dropConnect = null)
    {
        var y = new float[Steps * Batch * Hidden];
        y.AsSpan().Fill(float.NaN);
        RecurrentState state = Initial.Clone();
        RecurrentCache cache = Layer.CreateCache(Steps, Batch);
        Layer.Forward(X, Steps, state, y, cache, dropConnect);
        return (y, state, cache);
    }

    /// <summary>Runs the production backward with zeroed gradients; returns dx.</summary>
    public float[] RunBackward(RecurrentCache cache)
    {
        foreach (Parameter p in Layer.Parameters)
        {
            p.ZeroGradient();
        }

        var dx = new float[Steps * Batch * Input];
        dx.AsSpan().Fill(float.NaN);
        Layer.Backward(cache, Dy, dx);
        return dx;
    }

    public ReferenceState ReferenceInitial() => new(ToRows(Initial.C, Batch, Hidden), ToRows(Initial.Y, Batch, Hidden));

    public double[][][] ReferenceX() => To3(X, Steps, Batch, Input);

    public double[][][] ReferenceDy() => To3(Dy, Steps, Batch, Hidden);

    public static double[][][] To3(float[] a, int t, int b, int k)
    {
        var r = new double[t][][];
        for (int s = 0; s < t; s++)
        {
            r[s] = ToRows(a.AsSpan(s * b * k, b * k).ToArray(), b, k);
        }

        return r;
    }

    public static double[][] ToRows(float[] a, int b, int k)
    {
        var r = new double[b][];
        for (int row = 0; row < b; row++)
        {
            r[row] = new double[k];
            for (int j = 0; j < k; j++)
            {
                r[row][j] = a[(row * k) + j];
            }
        }

        return r;
    }

    public static double[] Flatten(double[][][] a) => a.SelectMany(s => s.SelectMany(r => r)).ToArray();

    public static double[] Flatten(double[][] a) => a.SelectMany(r => r).ToArray();
}

/// <summary>Relative comparisons of float results with double oracles, naming the tensor, shape and index on failure.</summary>
internal static class LstmAssert
{
    /// <summary>Per element: |actual − expected| ≤ Relative·|expected| + Floor·max|expected| (the tensor's scale).</summary>
    public const double Relative = 1e-4;

    public const double Floor = 1e-5;

    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string what)
    {
        if (expected.Length != actual.Length)
        {
            throw new AssertionException($"{what}: length {actual.Length}, expected {expected.Length}.");
        }

        double scale = 0;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }

        for (int k = 0; k < expected.Length; k++)
        {
            double tolerance = (Relative * Math.Abs(expected[k])) + (Floor * scale);
            if (!(Math.Abs(actual[k] - expected[k]) <= tolerance))
            {
                throw new AssertionException($"{what}: element {k} is {actual[k]:R}, expected {expected[k]:R} (tolerance {tolerance:G3}).");
            }
        }
    }

    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        var e = new double[expected.Length];
        for (int k = 0; k < e.Length; k++)
        {
            e[k] = expected[k];
        }

        Close(e, actual, what);
    }

    public static void Identical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        if (expected.Length != actual.Length)
        {
            throw new AssertionException($"{what}: length {actual.Length}, expected {expected.Length}.");
        }

        for (int k = 0; k < expected.Length; k++)
        {
            if (BitConverter.SingleToInt32Bits(expected[k]) != BitConverter.SingleToInt32Bits(actual[k]))
            {
                throw new AssertionException($"{what}: element {k} is {actual[k]:R}, expected exactly {expected[k]:R}.");
            }
        }
    }
}
