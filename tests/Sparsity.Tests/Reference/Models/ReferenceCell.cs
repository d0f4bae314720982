namespace Sparsity.Tests.Reference.Models;

/// <summary>
/// The state a recurrent cell carries from step to step, per batch row: the internal state <c>C [B][H]</c> and
/// the output <c>Y [B][H]</c> (the event output y for the EGRU, h for the LSTM).
/// </summary>
internal sealed record ReferenceState(double[][] C, double[][] Y)
{
    /// <summary>The zero state for <paramref name="batch"/> rows of <paramref name="hidden"/> units.</summary>
    public static ReferenceState Zero(int batch, int hidden) =>
        new(ReferenceMath.Zeros(batch, hidden), ReferenceMath.Zeros(batch, hidden));

    /// <summary>A deep copy (the reference never aliases its caller's arrays).</summary>
    public ReferenceState DeepCopy() => new(ReferenceMath.Copy(C), ReferenceMath.Copy(Y));
}

/// <summary>What a forward pass over a window returns.</summary>
/// <param name="Y">Outputs <c>[T][B][H]</c>.</param>
/// <param name="Final">The state after the last step.</param>
/// <param name="Cache">Everything the backward pass needs (cell-specific).</param>
internal sealed record ReferenceForward(double[][][] Y, ReferenceState Final, object Cache);

/// <summary>What a backward pass over a window returns.</summary>
/// <param name="Parameters">Gradient of every parameter tensor by name (same names and layouts as the cell's).</param>
/// <param name="Dx">Gradient of the inputs <c>[T][B][I]</c>.</param>
/// <param name="DInitial">Gradient of the initial state.</param>
internal sealed record ReferenceBackward(
    IReadOnlyDictionary<string, double[]> Parameters, double[][][] Dx, ReferenceState DInitial);

/// <summary>A dense double-precision recurrent cell used as the oracle of the production layers.</summary>
internal interface IReferenceCell
{
    /// <summary>Input width I.</summary>
    int InputSize { get; }

    /// <summary>Hidden width H (also the output width).</summary>
    int HiddenSize { get; }

    /// <summary>Every parameter tensor by name, row-major, mutable in place (finite differences perturb them).</summary>
    IReadOnlyDictionary<string, double[]> Parameters { get; }

    /// <summary>Runs the window <c>x [T][B][I]</c> from <paramref name="initial"/> (zero state when null).</summary>
    ReferenceForward Forward(double[][][] x, ReferenceState? initial);

    /// <summary>
    /// Back-propagates <c>gy [T][B][H]</c> (gradient into every output) and <paramref name="dFinal"/> (gradient into
    /// the final state; zero when null) through the window recorded in <paramref name="cache"/>.
    /// </summary>
    ReferenceBackward Backward(object cache, double[][][] gy, ReferenceState? dFinal);
}

/// <summary>Small helpers shared by the reference models: plain loops, no cleverness.</summary>
internal static class ReferenceMath
{
    public static double Sigmoid(double v) => 1.0 / (1.0 + Math.Exp(-v));

    public static double[][] Zeros(int rows, int columns)
    {
        var a = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            a[i] = new double[columns];
        }

        return a;
    }

    public static double[][][] Zeros(int t, int rows, int columns)
    {
        var a = new double[t][][];
        for (int i = 0; i < t; i++)
        {
            a[i] = Zeros(rows, columns);
        }

        return a;
    }

    public static double[][] Copy(double[][] a) => a.Select(r => (double[])r.Clone()).ToArray();

    /// <summary><c>out[m] += Σₖ A[m, k] · v[k]</c> for a row-major <c>A [M, K]</c>.</summary>
    public static void AddMatVec(double[] a, int m, int k, double[] v, double[] output)
    {
        for (int i = 0; i < m; i++)
        {
            double sum = 0;
            for (int j = 0; j < k; j++)
            {
                sum += a[(i * k) + j] * v[j];
            }

            output[i] += sum;
        }
    }

    /// <summary><c>out[k] += Σₘ A[m, k] · v[m]</c> (the transposed product).</summary>
    public static void AddMatTVec(double[] a, int m, int k, double[] v, double[] output)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < k; j++)
            {
                output[j] += a[(i * k) + j] * v[i];
            }
        }
    }

    /// <summary><c>A[m, k] += u[m] · v[k]</c>.</summary>
    public static void AddOuter(double[] a, int m, int k, double[] u, double[] v)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < k; j++)
            {
                a[(i * k) + j] += u[i] * v[j];
            }
        }
    }

    /// <summary>Fills a new array with values drawn uniformly from <c>[-scale, scale)</c>.</summary>
    public static double[] Uniform(Random rng, int length, double scale)
    {
        var a = new double[length];
        for (int i = 0; i < length; i++)
        {
            a[i] = scale * ((2 * rng.NextDouble()) - 1);
        }

        return a;
    }

    public static double[][][] Uniform(Random rng, int t, int rows, int columns, double scale)
    {
        var a = new double[t][][];
        for (int i = 0; i < t; i++)
        {
            a[i] = new double[rows][];
            for (int r = 0; r < rows; r++)
            {
                a[i][r] = Uniform(rng, columns, scale);
            }
        }

        return a;
    }
}
