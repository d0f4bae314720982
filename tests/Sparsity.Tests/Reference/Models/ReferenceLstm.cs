namespace Sparsity.Tests.Reference.Models;

/// <summary>Per-step values an LSTM forward saves for its backward, indexed <c>[t][b][unit]</c>.</summary>
internal sealed class LstmCache
{
    public required double[][][] X { get; init; }
    public required double[][][] HPrev { get; init; }
    public required double[][][] CPrev { get; init; }
    public required double[][][] I { get; init; }
    public required double[][][] F { get; init; }
    public required double[][][] G { get; init; }
    public required double[][][] O { get; init; }
    public required double[][][] C { get; init; }
}

/// <summary>
/// The dense double-precision LSTM of egru.md §3 (the baseline's oracle): gates <c>[i | f | g | o]</c> in the 4H
/// axis, <c>c_t = f⊙c + i⊙g</c>, <c>h_t = o⊙tanh(c_t)</c>. The state's <c>Y</c> is h.
/// </summary>
internal sealed class ReferenceLstm : IReferenceCell
{
    public ReferenceLstm(int inputSize, int hiddenSize)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        W = new double[4 * hiddenSize * inputSize];
        R = new double[4 * hiddenSize * hiddenSize];
        Bx = new double[4 * hiddenSize];
        Br = new double[4 * hiddenSize];
        Parameters = new Dictionary<string, double[]> { ["W"] = W, ["R"] = R, ["bx"] = Bx, ["br"] = Br };
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>Input kernel <c>[4H, I]</c>, blocks [i | f | g | o].</summary>
    public double[] W { get; }

    /// <summary>Recurrent kernel <c>[4H, H]</c>, blocks [i | f | g | o].</summary>
    public double[] R { get; }

    /// <summary>Input bias <c>[4H]</c>.</summary>
    public double[] Bx { get; }

    /// <summary>Recurrent bias <c>[4H]</c>.</summary>
    public double[] Br { get; }

    public IReadOnlyDictionary<string, double[]> Parameters { get; }

    /// <summary>Random weights and biases in <c>[-scale, scale)</c>.</summary>
    public static ReferenceLstm CreateRandom(int inputSize, int hiddenSize, Random rng, double scale = 0.8)
    {
        var cell = new ReferenceLstm(inputSize, hiddenSize);
        foreach (double[] p in new[] { cell.W, cell.R, cell.Bx, cell.Br })
        {
            ReferenceMath.Uniform(rng, p.Length, scale).CopyTo(p, 0);
        }

        return cell;
    }

    public ReferenceForward Forward(double[][][] x, ReferenceState? initial)
    {
        int t = x.Length, b = t == 0 ? (initial?.C.Length ?? 0) : x[0].Length, h = HiddenSize, n = InputSize;
        ReferenceState state = initial?.DeepCopy() ?? ReferenceState.Zero(b, h);
        var cache = new LstmCache
        {
            X = x.Select(ReferenceMath.Copy).ToArray(),
            HPrev = ReferenceMath.Zeros(t, b, h), CPrev = ReferenceMath.Zeros(t, b, h),
            I = ReferenceMath.Zeros(t, b, h), F = ReferenceMath.Zeros(t, b, h), G = ReferenceMath.Zeros(t, b, h),
            O = ReferenceMath.Zeros(t, b, h), C = ReferenceMath.Zeros(t, b, h),
        };
        var y = ReferenceMath.Zeros(t, b, h);
        for (int step = 0; step < t; step++)
        {
            for (int row = 0; row < b; row++)
            {
                double[] cPrev = state.C[row], hPrev = state.Y[row];
                cache.CPrev[step][row] = (double[])cPrev.Clone();
                cache.HPrev[step][row] = (double[])hPrev.Clone();
                var p = new double[4 * h];
                for (int m = 0; m < 4 * h; m++)
                {
                    p[m] = Bx[m] + Br[m];
                }

                ReferenceMath.AddMatVec(W, 4 * h, n, x[step][row], p);
                ReferenceMath.AddMatVec(R, 4 * h, h, hPrev, p);
                var cNew = new double[h];
                for (int j = 0; j < h; j++)
                {
                    double ig = ReferenceMath.Sigmoid(p[j]);
                    double fg = ReferenceMath.Sigmoid(p[h + j]);
                    double gg = Math.Tanh(p[(2 * h) + j]);
                    double og = ReferenceMath.Sigmoid(p[(3 * h) + j]);
                    double c = (fg * cPrev[j]) + (ig * gg);
                    cNew[j] = c;
                    y[step][row][j] = og * Math.Tanh(c);
                    cache.I[step][row][j] = ig;
                    cache.F[step][row][j] = fg;
                    cache.G[step][row][j] = gg;
                    cache.O[step][row][j] = og;
                    cache.C[step][row][j] = c;
                }

                state.C[row] = cNew;
                state.Y[row] = (double[])y[step][row].Clone();
            }
        }

        return new ReferenceForward(y, state, cache);
    }

    public ReferenceBackward Backward(object cache, double[][][] gy, ReferenceState? dFinal)
    {
        var k = (LstmCache)cache;
        int t = k.I.Length, b = t == 0 ? (dFinal?.C.Length ?? 0) : k.I[0].Length, h = HiddenSize, n = InputSize;
        var dW = new double[W.Length];
        var dR = new double[R.Length];
        var dB = new double[Bx.Length];
        var dx = ReferenceMath.Zeros(t, b, n);
        ReferenceState carry = dFinal?.DeepCopy() ?? ReferenceState.Zero(b, h); // C: dc into c_t, Y: dh into h_t
        for (int step = t - 1; step >= 0; step--)
        {
            for (int row = 0; row < b; row++)
            {
                var dp = new double[4 * h];
                var dcPrev = new double[h];
                for (int j = 0; j < h; j++)
                {
                    double ig = k.I[step][row][j], fg = k.F[step][row][j], gg = k.G[step][row][j], og = k.O[step][row][j];
                    double tc = Math.Tanh(k.C[step][row][j]);
                    double dh = gy[step][row][j] + carry.Y[row][j];
                    double dc = carry.C[row][j] + (dh * og * (1 - (tc * tc)));
                    dcPrev[j] = dc * fg;
                    dp[j] = dc * gg * ig * (1 - ig);
                    dp[h + j] = dc * k.CPrev[step][row][j] * fg * (1 - fg);
                    dp[(2 * h) + j] = dc * ig * (1 - (gg * gg));
                    dp[(3 * h) + j] = dh * tc * og * (1 - og);
                }

                for (int m = 0; m < 4 * h; m++)
                {
                    dB[m] += dp[m];
                }

                ReferenceMath.AddOuter(dW, 4 * h, n, dp, k.X[step][row]);
                ReferenceMath.AddOuter(dR, 4 * h, h, dp, k.HPrev[step][row]);
                ReferenceMath.AddMatTVec(W, 4 * h, n, dp, dx[step][row]);
                var dhRec = new double[h];
                ReferenceMath.AddMatTVec(R, 4 * h, h, dp, dhRec);
                carry.Y[row] = dhRec;
                carry.C[row] = dcPrev;
            }
        }

        var grads = new Dictionary<string, double[]>
        {
            ["W"] = dW, ["R"] = dR, ["bx"] = dB, ["br"] = (double[])dB.Clone(),
        };
        return new ReferenceBackward(grads, dx, carry);
    }
}
