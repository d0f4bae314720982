using BenchmarkDotNet.Attributes;
using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels.Backward;

namespace Sparsity.Benchmarks.Study;

/// <summary>
/// Study claim: weight gradients of pruned weights are formed only where weights exist. <c>MaskedOuterProduct</c> over
/// a 90 %-pruned CSR pattern and a 16×1 BSR pattern against the dense <c>WeightGradient</c> (<c>dW += dYᵀ X</c>), at
/// every shape with N = 32 and 64 samples (hot); a weight-sparsity sweep, output gradients that are 90 % zero, and two
/// threads on 4050×1350 and 768×256. The activity column is the fraction of zero output gradients.
/// </summary>
public class BackwardStudyBench : StudyBenchBase
{
    private DenseMatrix _dense = null!;
    private object _format = null!;
    private int[] _rowNnz = [];

    /// <summary>The cells of this class.</summary>
    /// <returns><see cref="StudyPlan.Backward"/>.</returns>
    public static IEnumerable<StudyCase> Cases() => StudyPlan.Backward;

    /// <summary>The case under test.</summary>
    [ParamsSource(nameof(Cases))]
    public StudyCase Case { get; set; } = StudyPlan.Backward[0];

    /// <inheritdoc/>
    protected override StudyCase CurrentCase => Case;

    /// <inheritdoc/>
    protected override void ReleaseOperands()
    {
        _dense = null!;
        _format = null!;
    }

    /// <inheritdoc/>
    protected override Copy CreateCopy(StudyCase c, Random rng, bool first)
    {
        int m = c.M, k = c.K, n = c.Batch;
        if (first)
        {
            _dense = StudyData.Weights(m, k, c.WeightSparsity, c.Structure, rng);
            _rowNnz = StudyData.RowNonZeros(_dense);
            _format = c.Kernel switch
            {
                StudyKernel.DenseWGrad => _dense,
                StudyKernel.MaskedCsr => CsrMatrix.FromDense(_dense),
                StudyKernel.MaskedBsr => BsrMatrix.FromDense(_dense, SparsityMask.FromMagnitude(_dense, 0f), c.BlockHeight, 1),
                _ => throw new NotSupportedException($"{c.Kernel} is not a {nameof(BackwardStudyBench)} kernel."),
            };
        }

        float[] dy = StudyData.Activations(n, m, c.ActivitySparsity, rng);
        float[] x = StudyData.Activations(n, k, 0, rng);
        double useful = StudyData.ActiveSum(dy, n, m, _rowNnz);
        double vectors = 4.0 * n * (m + k);
        Action call;
        double matrixBytes;
        switch (_format)
        {
            case DenseMatrix:
                {
                    float[] dw = new float[m * k];
                    call = () => WeightGradient.Accumulate(dy, n, m, x, k, dw);
                    matrixBytes = 8.0 * m * k;
                    break;
                }

            case CsrMatrix csr:
                {
                    float[] dv = new float[csr.Nnz];
                    call = () => MaskedOuterProduct.Accumulate(csr, dy, x, n, dv);
                    matrixBytes = (12.0 * csr.Nnz) + (4.0 * (m + 1));
                    break;
                }

            case BsrMatrix bsr:
                {
                    float[] dv = new float[bsr.Values.Length];
                    call = () => MaskedOuterProduct.Accumulate(bsr, dy, x, n, dv);
                    matrixBytes = (bsr.BlockCount * (4.0 + (8.0 * c.BlockHeight))) + (4.0 * (bsr.BlockRowCount + 1));
                    break;
                }

            default:
                throw new InvalidOperationException();
        }

        return new Copy(call, useful, matrixBytes + vectors, matrixBytes + vectors);
    }
}
