using Sparsity.Core.Sparse;

namespace Sparsity.Tests.Reference;

/// <summary>Double-precision oracles for the backward (gradient) kernels.</summary>
public static class GradientOracle
{
    /// <summary><c>d[p] = Σₙ dY[n, i] · X[n, j]</c> for every stored entry (i, j) at position p of a CSR pattern.</summary>
    /// <param name="pattern">The pattern <c>[M, K]</c>.</param>
    /// <param name="dy">Row-major <c>[N, M]</c>.</param>
    /// <param name="x">Row-major <c>[N, K]</c>.</param>
    /// <param name="samples">N.</param>
    /// <returns>The gradient per stored entry and its scale.</returns>
    public static Expected MaskedOuter(CsrMatrix pattern, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int samples)
    {
        var value = new double[pattern.Nnz];
        var scale = new double[pattern.Nnz];
        for (int i = 0; i < pattern.Rows; i++)
        {
            for (int p = pattern.RowPointers[i]; p < pattern.RowPointers[i + 1]; p++)
            {
                for (int n = 0; n < samples; n++)
                {
                    double t = (double)dy[(n * pattern.Rows) + i] * x[(n * pattern.Columns) + pattern.ColumnIndices[p]];
                    value[p] += t;
                    scale[p] += Math.Abs(t);
                }
            }
        }

        return new Expected(value, scale, samples);
    }

    /// <summary>The same over a BSR pattern; padding entries come out as <c>padding</c> (their untouched start value).</summary>
    /// <param name="pattern">The pattern <c>[M, K]</c>.</param>
    /// <param name="dy">Row-major <c>[N, M]</c>.</param>
    /// <param name="x">Row-major <c>[N, K]</c>.</param>
    /// <param name="samples">N.</param>
    /// <param name="padding">Value expected in padding entries.</param>
    /// <returns>The gradient per stored block entry and its scale.</returns>
    public static Expected MaskedOuter(BsrMatrix pattern, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int samples, float padding)
    {
        int br = pattern.BlockRows, bc = pattern.BlockColumns;
        var value = new double[pattern.Values.Length];
        var scale = new double[pattern.Values.Length];
        for (int bi = 0; bi < pattern.BlockRowCount; bi++)
        {
            for (int p = pattern.BlockRowPointers[bi]; p < pattern.BlockRowPointers[bi + 1]; p++)
            {
                for (int r = 0; r < br; r++)
                {
                    for (int c = 0; c < bc; c++)
                    {
                        int i = (bi * br) + r, j = (pattern.BlockColumnIndices[p] * bc) + c, q = (p * br * bc) + (r * bc) + c;
                        if (i >= pattern.Rows || j >= pattern.Columns)
                        {
                            value[q] = padding;
                            continue;
                        }

                        for (int n = 0; n < samples; n++)
                        {
                            double t = (double)dy[(n * pattern.Rows) + i] * x[(n * pattern.Columns) + j];
                            value[q] += t;
                            scale[q] += Math.Abs(t);
                        }
                    }
                }
            }
        }

        return new Expected(value, scale, samples);
    }
}
