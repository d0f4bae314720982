namespace Sparsity.Tests.Reference.Models;

/// <summary>How the internal state is reset where an event fired (egru.md §1).</summary>
internal enum EgruReset
{
    /// <summary><c>c = ĉ − o ⊙ θ</c> (the reference code; default).</summary>
    SubtractThreshold,

    /// <summary><c>c = ĉ − y = ĉ − o ⊙ ĉ</c> (the paper's form).</summary>
    SubtractOutput,
}

/// <summary>Per-step values an EGRU forward saves for its backward, indexed <c>[t][b][unit]</c>.</summary>
internal sealed class EgruCache
{
    public required double[][][] X { get; init; }          // layer input x_t        [T][B][I]
    public required double[][][] YPrev { get; init; }      // y_{t-1}                [T][B][H]
    public required double[][][] CPrev { get; init; }      // c_{t-1}                [T][B][H]
    public required double[][][] Z { get; init; }
    public required double[][][] R { get; init; }
    public required double[][][] G { get; init; }
    public required double[][][] Qg { get; init; }         // (R y_{t-1} + br)_g
    public required double[][][] CHat { get; init; }       // pre-reset state ĉ
    public required double[][][] S { get; init; }          // ĉ − θ
    public required double[][][] O { get; init; }          // event flag (or its smooth stand-in)
}

/// <summary>
/// The dense double-precision EGRU of egru.md §1–§2, written as plain loops: the oracle the production float layer
/// is checked against. Gate order <c>[z | r | g]</c> in the 3H axis; the reset gate multiplies the recurrent
/// product; the recurrence reads y, never c. In the real mode <c>o = H(ĉ − θ)</c> (strict) and backward uses the
/// triangular surrogate <c>γ·max(0, 1 − β|s|)</c>; with <see cref="SmoothSharpness"/> set, <c>o = σ(k·s)</c> and
/// backward uses its exact derivative, so every gradient can be checked by finite differences.
/// </summary>
internal sealed class ReferenceEgru : IReferenceCell
{
    public ReferenceEgru(int inputSize, int hiddenSize)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        W = new double[3 * hiddenSize * inputSize];
        R = new double[3 * hiddenSize * hiddenSize];
        Bx = new double[3 * hiddenSize];
        Br = new double[3 * hiddenSize];
        Theta = new double[hiddenSize];
        Parameters = new Dictionary<string, double[]>
        {
            ["W"] = W, ["R"] = R, ["bx"] = Bx, ["br"] = Br, ["theta"] = Theta,
        };
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>Input kernel <c>[3H, I]</c>, blocks [z | r | g].</summary>
    public double[] W { get; }

    /// <summary>Recurrent kernel <c>[3H, H]</c>, blocks [z | r | g].</summary>
    public double[] R { get; }

    /// <summary>Input bias <c>[3H]</c>.</summary>
    public double[] Bx { get; }

    /// <summary>Recurrent bias <c>[3H]</c>.</summary>
    public double[] Br { get; }

    /// <summary>Thresholds <c>[H]</c>.</summary>
    public double[] Theta { get; }

    public IReadOnlyDictionary<string, double[]> Parameters { get; }

    /// <summary>Surrogate peak γ (layer default 0.7; LM recipe 3.6).</summary>
    public double Gamma { get; set; } = 0.7;

    /// <summary>Surrogate inverse half-width β (layer default 1; LM recipe 3.6).</summary>
    public double Beta { get; set; } = 1.0;

    public EgruReset Reset { get; set; } = EgruReset.SubtractThreshold;

    /// <summary>Test-only: when set, <c>o = σ(k·s)</c> with this k replaces the Heaviside (exact derivative in backward).</summary>
    public double? SmoothSharpness { get; set; }

    /// <summary>Random weights in <c>[-scale, scale)</c>, thresholds in <c>[0, thetaMax)</c>.</summary>
    public static ReferenceEgru CreateRandom(int inputSize, int hiddenSize, Random rng, double scale = 0.8, double thetaMax = 0.3)
    {
        var cell = new ReferenceEgru(inputSize, hiddenSize);
        foreach (double[] p in new[] { cell.W, cell.R, cell.Bx, cell.Br })
        {
            ReferenceMath.Uniform(rng, p.Length, scale).CopyTo(p, 0);
        }

        for (int j = 0; j < hiddenSize; j++)
        {
            cell.Theta[j] = thetaMax * rng.NextDouble();
        }

        return cell;
    }

    private double Event(double s) =>
        SmoothSharpness is double k ? ReferenceMath.Sigmoid(k * s) : (s > 0 ? 1.0 : 0.0);

    /// <summary>∂o/∂s: exact for the smooth stand-in, the triangular surrogate for the Heaviside.</summary>
    private double EventDerivative(double s, double o) =>
        SmoothSharpness is double k ? k * o * (1 - o) : Gamma * Math.Max(0, 1 - (Beta * Math.Abs(s)));

    public ReferenceForward Forward(double[][][] x, ReferenceState? initial)
    {
        int t = x.Length, b = t == 0 ? (initial?.C.Length ?? 0) : x[0].Length, h = HiddenSize, i = InputSize;
        ReferenceState state = initial?.DeepCopy() ?? ReferenceState.Zero(b, h);
        var cache = new EgruCache
        {
            X = x.Select(ReferenceMath.Copy).ToArray(),
            YPrev = ReferenceMath.Zeros(t, b, h), CPrev = ReferenceMath.Zeros(t, b, h),
            Z = ReferenceMath.Zeros(t, b, h), R = ReferenceMath.Zeros(t, b, h), G = ReferenceMath.Zeros(t, b, h),
            Qg = ReferenceMath.Zeros(t, b, h), CHat = ReferenceMath.Zeros(t, b, h),
            S = ReferenceMath.Zeros(t, b, h), O = ReferenceMath.Zeros(t, b, h),
        };
        var y = ReferenceMath.Zeros(t, b, h);
        for (int step = 0; step < t; step++)
        {
            for (int row = 0; row < b; row++)
            {
                double[] cPrev = state.C[row], yPrev = state.Y[row];
                cache.CPrev[step][row] = (double[])cPrev.Clone();
                cache.YPrev[step][row] = (double[])yPrev.Clone();
                var a = (double[])Bx.Clone();
                ReferenceMath.AddMatVec(W, 3 * h, i, x[step][row], a);
                var q = (double[])Br.Clone();
                ReferenceMath.AddMatVec(R, 3 * h, h, yPrev, q);
                var cNew = new double[h];
                for (int j = 0; j < h; j++)
                {
                    double z = ReferenceMath.Sigmoid(a[j] + q[j]);
                    double r = ReferenceMath.Sigmoid(a[h + j] + q[h + j]);
                    double g = Math.Tanh(a[(2 * h) + j] + (r * q[(2 * h) + j]));
                    double cHat = (z * cPrev[j]) + ((1 - z) * g);
                    double s = cHat - Theta[j];
                    double o = Event(s);
                    y[step][row][j] = o * cHat;
                    cNew[j] = Reset == EgruReset.SubtractThreshold ? cHat - (o * Theta[j]) : cHat - (o * cHat);
                    cache.Z[step][row][j] = z;
                    cache.R[step][row][j] = r;
                    cache.G[step][row][j] = g;
                    cache.Qg[step][row][j] = q[(2 * h) + j];
                    cache.CHat[step][row][j] = cHat;
                    cache.S[step][row][j] = s;
                    cache.O[step][row][j] = o;
                }

                state.C[row] = cNew;
                state.Y[row] = (double[])y[step][row].Clone();
            }
        }

        return new ReferenceForward(y, state, cache);
    }

    public ReferenceBackward Backward(object cache, double[][][] gy, ReferenceState? dFinal) =>
        BackwardWithTrace(cache, gy, dFinal).Result;

    /// <summary>
    /// The backward of egru.md §2; also returns, per <c>[t][b][unit]</c>, the gradient <c>dc</c> entering the step
    /// (into the post-reset c_t) and the resulting <c>dĉ</c>, so tests can see where sparse BPTT cuts the flow.
    /// </summary>
    public (ReferenceBackward Result, double[][][] DcIn, double[][][] DcHat) BackwardWithTrace(
        object cache, double[][][] gy, ReferenceState? dFinal)
    {
        var k = (EgruCache)cache;
        int t = k.Z.Length, b = t == 0 ? (dFinal?.C.Length ?? 0) : k.Z[0].Length, h = HiddenSize, i = InputSize;
        bool soft = Reset == EgruReset.SubtractThreshold;
        var dW = new double[W.Length];
        var dR = new double[R.Length];
        var dBx = new double[Bx.Length];
        var dBr = new double[Br.Length];
        var dTheta = new double[h];
        var dx = ReferenceMath.Zeros(t, b, i);
        var dcInTrace = ReferenceMath.Zeros(t, b, h);
        var dcHatTrace = ReferenceMath.Zeros(t, b, h);
        ReferenceState carry = dFinal?.DeepCopy() ?? ReferenceState.Zero(b, h); // C: dc into c_t, Y: dy_rec into y_t
        for (int step = t - 1; step >= 0; step--)
        {
            for (int row = 0; row < b; row++)
            {
                var dp = new double[3 * h];
                var dq = new double[3 * h];
                var dcPrev = new double[h];
                for (int j = 0; j < h; j++)
                {
                    double z = k.Z[step][row][j], r = k.R[step][row][j], g = k.G[step][row][j];
                    double cHat = k.CHat[step][row][j], s = k.S[step][row][j], o = k.O[step][row][j];
                    double dy = gy[step][row][j] + carry.Y[row][j];
                    double dc = carry.C[row][j];

                    // o reaches the loss through y = o·ĉ and through the reset (c = ĉ − o·θ, or c = ĉ − o·ĉ).
                    double dO = (cHat * dy) - ((soft ? Theta[j] : cHat) * dc);
                    double ds = EventDerivative(s, o) * dO;
                    dTheta[j] += -ds - (soft ? o * dc : 0);
                    double dCHat = (o * dy) + ds + ((soft ? 1 : 1 - o) * dc);
                    dcInTrace[step][row][j] = dc;
                    dcHatTrace[step][row][j] = dCHat;

                    dcPrev[j] = z * dCHat;
                    double dg = (1 - z) * dCHat;
                    double dz = (k.CPrev[step][row][j] - g) * dCHat;
                    double dpg = (1 - (g * g)) * dg;
                    double dr = k.Qg[step][row][j] * dpg;
                    double dpr = r * (1 - r) * dr;
                    double dpz = z * (1 - z) * dz;
                    dp[j] = dpz;
                    dq[j] = dpz;
                    dp[h + j] = dpr;
                    dq[h + j] = dpr;
                    dp[(2 * h) + j] = dpg;
                    dq[(2 * h) + j] = r * dpg;
                }

                for (int m = 0; m < 3 * h; m++)
                {
                    dBx[m] += dp[m];
                    dBr[m] += dq[m];
                }

                ReferenceMath.AddOuter(dW, 3 * h, i, dp, k.X[step][row]);
                ReferenceMath.AddOuter(dR, 3 * h, h, dq, k.YPrev[step][row]);
                ReferenceMath.AddMatTVec(W, 3 * h, i, dp, dx[step][row]);
                var dyRec = new double[h];
                ReferenceMath.AddMatTVec(R, 3 * h, h, dq, dyRec);
                carry.Y[row] = dyRec;
                carry.C[row] = dcPrev;
            }
        }

        var grads = new Dictionary<string, double[]>
        {
            ["W"] = dW, ["R"] = dR, ["bx"] = dBx, ["br"] = dBr, ["theta"] = dTheta,
        };
        return (new ReferenceBackward(grads, dx, carry), dcInTrace, dcHatTrace);
    }
}
