using Sparsity.Core.Dense;

namespace Sparsity.Tests.Reference;

/// <summary>
/// The obviously-correct dense oracle every kernel is compared with: plain loops that accumulate in double and
/// also return, per output, the sum of |terms|, which scales the tolerance of the comparison.
/// </summary>
public static class DenseOracle
{
    /// <summary><c>y[i] = Σⱼ A[i, j] · x[j]</c> in double.</summary>
    /// <param name="a">Matrix <c>[M, K]</c>.</param>
    /// <param name="x">Vector <c>[K]</c>.</param>
    /// <returns>The product and, per output, Σ|A[i, j] · x[j]|.</returns>
    public static Expected MatVec(DenseMatrix a, ReadOnlySpan<float> x)
    {
        var value = new double[a.Rows];
        var scale = new double[a.Rows];
        for (int i = 0; i < a.Rows; i++)
        {
            for (int j = 0; j < a.Columns; j++)
            {
                double t = (double)a[i, j] * x[j];
                value[i] += t;
                scale[i] += Math.Abs(t);
            }
        }

        return new Expected(value, scale, a.Columns);
    }

    /// <summary><c>y[j] = Σᵢ A[i, j] · x[i]</c> (the transposed product) in double.</summary>
    /// <param name="a">Matrix <c>[M, K]</c>.</param>
    /// <param name="x">Vector <c>[M]</c>.</param>
    /// <returns>The product <c>[K]</c> and its per-output scale.</returns>
    public static Expected MatTVec(DenseMatrix a, ReadOnlySpan<float> x) => MatVec(a.Transpose(), x);

    /// <summary><c>C[i, j] = Σₖ A[i, k] · B[k, j]</c> in double, row-major <c>[M, N]</c>.</summary>
    /// <param name="a">Matrix <c>[M, K]</c>.</param>
    /// <param name="b">Matrix <c>[K, N]</c>.</param>
    /// <returns>The product and its per-output scale.</returns>
    public static Expected MatMul(DenseMatrix a, DenseMatrix b)
    {
        if (a.Columns != b.Rows)
        {
            throw new ArgumentException($"Inner dimensions differ: {a.Columns} vs {b.Rows}.");
        }

        int m = a.Rows, n = b.Columns;
        var value = new double[m * n];
        var scale = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int k = 0; k < a.Columns; k++)
            {
                double aik = a[i, k];
                for (int j = 0; j < n; j++)
                {
                    double t = aik * b[k, j];
                    value[i * n + j] += t;
                    scale[i * n + j] += Math.Abs(t);
                }
            }
        }

        return new Expected(value, scale, a.Columns);
    }

    /// <summary>Adds a float starting value (for accumulating kernels) to every output.</summary>
    /// <param name="e">The product.</param>
    /// <param name="initial">The value the output held before the call.</param>
    /// <returns><c>initial + e</c> with the scale widened by |initial|.</returns>
    public static Expected Plus(this Expected e, ReadOnlySpan<float> initial)
    {
        var value = (double[])e.Value.Clone();
        var scale = (double[])e.Scale.Clone();
        for (int i = 0; i < value.Length; i++)
        {
            value[i] += initial[i];
            scale[i] += Math.Abs(initial[i]);
        }

        return new Expected(value, scale, e.Terms + 1);
    }
}

/// <summary>An oracle's answer: exact-ish values, the sum of |terms| per output and the number of terms summed.</summary>
/// <param name="Value">The double-precision result.</param>
/// <param name="Scale">Σ|terms| per output: a float kernel's rounding error is bounded by a multiple of it.</param>
/// <param name="Terms">Terms per output, which the error bound grows with.</param>
public sealed record Expected(double[] Value, double[] Scale, int Terms);
