using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;
using Sparsity.Tests.Reference.Models;

namespace Sparsity.Tests.Models.LanguageModeling;

/// <summary>
/// A test double of <see cref="IRecurrentLayer"/> with no recurrence: <c>y = d ⊙ x</c> with one parameter
/// <c>d [H]</c> (I = H). It lets the language model's plumbing (embedding, masks, decoder, gradient routing, naming)
/// be checked exactly, independently of the EGRU and LSTM layers, and records what the model passed it.
/// </summary>
internal sealed class ScaleLayer : IRecurrentLayer
{
    private readonly Parameter _d;

    public ScaleLayer(int width, Random rng)
    {
        InputSize = HiddenSize = width;
        _d = new Parameter("d", ParameterKind.Bias, width);
        for (int j = 0; j < width; j++)
        {
            _d.Value[j] = (float)((rng.NextDouble() * 2) - 1);
        }

        Parameters = [_d];
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    public LayerExecution Execution { get; set; }

    public float RecurrentDropConnect { get; set; }

    public LayerStatistics Statistics { get; } = new();

    /// <summary>The random the last Forward received (null in evaluation).</summary>
    public Random? LastRandom { get; private set; }

    public int ForwardCalls { get; private set; }

    public RecurrentCache CreateCache(int maxSteps, int batch) => new Cache(maxSteps, batch, InputSize);

    public void Forward(ReadOnlySpan<float> x, int steps, RecurrentState state, Span<float> y, RecurrentCache cache, Random? random = null)
    {
        var c = (Cache)cache;
        int h = HiddenSize, n = steps * c.Batch;
        Check(x.Length == n * h && y.Length == n * h, "x and y must be [T, B, H]");
        x.CopyTo(c.X);
        c.SetSteps(steps);
        for (int i = 0; i < n * h; i++)
        {
            y[i] = _d.Value[i % h] * x[i];
        }

        y.Slice((n - c.Batch) * h, c.Batch * h).CopyTo(state.Y);
        LastRandom = random;
        ForwardCalls++;
        Count(y);
    }

    public void Backward(RecurrentCache cache, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var c = (Cache)cache;
        int h = HiddenSize, n = c.Steps * c.Batch;
        Check(dy.Length == n * h && dx.Length == n * h, "dy and dx must be [T, B, H]");
        for (int i = 0; i < n * h; i++)
        {
            _d.Gradient[i % h] += dy[i] * c.X[i];
            dx[i] = _d.Value[i % h] * dy[i];
        }
    }

    public void ForwardStep(ReadOnlySpan<float> x, RecurrentState state, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = _d.Value[i % HiddenSize] * x[i];
        }

        y.CopyTo(state.Y);
        Count(y);
    }

    /// <summary>The same layer as a reference cell (double) for <see cref="ReferenceLanguageModel"/>.</summary>
    public IReferenceCell ToReference() => new ReferenceScaleCell(_d.Value.Select(v => (double)v).ToArray());

    // Asserts only on failure: Assert.That allocates, and the allocation tests run through this layer.
    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            Assert.Fail(message);
        }
    }

    private void Count(ReadOnlySpan<float> y)
    {
        Statistics.Outputs += y.Length;
        foreach (float v in y)
        {
            Statistics.NonZeroOutputs += v != 0f ? 1 : 0;
        }

        Statistics.ForwardMacs += y.Length;
        Statistics.DenseForwardMacs += y.Length;
    }

    private sealed class Cache(int maxSteps, int batch, int width) : RecurrentCache(maxSteps, batch)
    {
        public float[] X { get; } = new float[maxSteps * batch * width];

        public void SetSteps(int steps) => Steps = steps;
    }
}

/// <summary>The double-precision twin of <see cref="ScaleLayer"/>.</summary>
internal sealed class ReferenceScaleCell(double[] d) : IReferenceCell
{
    public int InputSize => d.Length;

    public int HiddenSize => d.Length;

    public IReadOnlyDictionary<string, double[]> Parameters { get; } = new Dictionary<string, double[]> { ["d"] = d };

    public ReferenceForward Forward(double[][][] x, ReferenceState? initial)
    {
        double[][][] y = x.Select(step => step.Select(row => row.Select((v, j) => d[j] * v).ToArray()).ToArray()).ToArray();
        int b = x.Length == 0 ? 0 : x[0].Length;
        return new ReferenceForward(y, ReferenceState.Zero(b, d.Length), x);
    }

    public ReferenceBackward Backward(object cache, double[][][] gy, ReferenceState? dFinal)
    {
        var x = (double[][][])cache;
        var dd = new double[d.Length];
        var dx = ReferenceMath.Zeros(x.Length, x.Length == 0 ? 0 : x[0].Length, d.Length);
        for (int t = 0; t < x.Length; t++)
        {
            for (int b = 0; b < x[t].Length; b++)
            {
                for (int j = 0; j < d.Length; j++)
                {
                    dd[j] += gy[t][b][j] * x[t][b][j];
                    dx[t][b][j] = d[j] * gy[t][b][j];
                }
            }
        }

        return new ReferenceBackward(new Dictionary<string, double[]> { ["d"] = dd }, dx, ReferenceState.Zero(0, 0));
    }
}
