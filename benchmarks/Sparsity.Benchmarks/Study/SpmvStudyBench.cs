using BenchmarkDotNet.Attributes;
using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Sparse;
using MnSparse = MathNet.Numerics.LinearAlgebra.Single.SparseMatrix;
using MnVector = MathNet.Numerics.LinearAlgebra.Single.DenseVector;

namespace Sparsity.Benchmarks.Study;

/// <summary>
/// Study claim: weight sparsity alone (dense inputs). CSR and 8×1/16×1 BSR SpMV against our dense GEMV and MathNet's
/// sparse product; the transposed product by CSR scatter and by the stored transpose against the dense transposed
/// GEMV; batched CSR SpMM (B = 32, 64) against the dense GEMM. Every shape at 90 %, the grid 0–95 % on 4050×1350 and
/// 768×256. Targets: CSR 90 % ≥ 6 GFLOP/s (MKL 244 / 96 / 32 µs hot), transposed as fast as forward, ≥ 10× MathNet;
/// batch 32 at 90 % ≥ 45 GFLOP/s useful and ≥ 5× the dense GEMM.
/// </summary>
public class SpmvStudyBench : StudyBenchBase
{
    private DenseMatrix _dense = null!;
    private object _format = null!;
    private double _nnz;

    /// <summary>The cells of this class.</summary>
    /// <returns><see cref="StudyPlan.Spmv"/>.</returns>
    public static IEnumerable<StudyCase> Cases() => StudyPlan.Spmv;

    /// <summary>The case under test.</summary>
    [ParamsSource(nameof(Cases))]
    public StudyCase Case { get; set; } = StudyPlan.Spmv[0];

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
        int m = c.M, k = c.K, b = c.Batch;
        if (first)
        {
            _dense = StudyData.Weights(m, k, c.WeightSparsity, c.Structure, rng);
            _nnz = _dense.CountNonZero();
            _format = c.Kernel switch
            {
                StudyKernel.Dense or StudyKernel.DenseT => _dense,
                StudyKernel.Csr or StudyKernel.CsrTScatter => CsrMatrix.FromDense(_dense),
                StudyKernel.CsrOfT => CsrMatrix.FromDense(_dense).Transpose(),
                StudyKernel.Bsr => BsrMatrix.FromDense(_dense, SparsityMask.FromMagnitude(_dense, 0f), c.BlockHeight, 1),
                StudyKernel.MathNet or StudyKernel.MathNetT => MnSparse.OfRowMajor(m, k, _dense.Data),
                _ => throw new NotSupportedException($"{c.Kernel} is not a {nameof(SpmvStudyBench)} kernel."),
            };
        }

        object f = first ? _format : _format switch
        {
            DenseMatrix d => d.Clone(),
            CsrMatrix s => s.Clone(),
            BsrMatrix s => s.Clone(),
            MnSparse s => (MnSparse)s.Clone(),
            _ => throw new InvalidOperationException(),
        };
        bool transposed = c.Family == StudyFamily.Transposed;
        int inWidth = transposed ? m : k, outWidth = transposed ? k : m;
        float[] x = StudyData.Activations(b, inWidth, 0, rng);
        float[] y = new float[b * outWidth];
        double vectors = 4.0 * b * (inWidth + outWidth);
        Action call;
        double matrixBytes;
        double nnz = _nnz;
        switch (c.Kernel)
        {
            case StudyKernel.Dense:
                {
                    float[] w = ((DenseMatrix)f).Data;
                    call = b == 1 ? () => DenseGemv.Multiply(w, m, k, x, y) : () => DenseGemm.Multiply(x, b, k, w, m, y);
                    matrixBytes = 4.0 * m * k;
                    break;
                }

            case StudyKernel.DenseT:
                {
                    float[] w = ((DenseMatrix)f).Data;
                    call = () => DenseGemvTransposed.Multiply(w, m, k, x, y);
                    matrixBytes = 4.0 * m * k;
                    break;
                }

            case StudyKernel.Csr:
                {
                    var a = (CsrMatrix)f;
                    float[] ws = new float[SpmmCsr.WorkspaceLength(k, b)];
                    call = b == 1 ? () => SpmvCsr.Multiply(a, x, y) : () => SpmmCsr.Multiply(a, x, b, y, ws);
                    matrixBytes = (8.0 * a.Nnz) + (4.0 * (m + 1));
                    break;
                }

            case StudyKernel.CsrTScatter:
                {
                    var a = (CsrMatrix)f;
                    call = () => SpmvCsrTransposed.Multiply(a, x, y);
                    matrixBytes = (8.0 * a.Nnz) + (4.0 * (m + 1));
                    break;
                }

            case StudyKernel.CsrOfT:
                {
                    var a = (CsrMatrix)f;
                    call = () => SpmvCsr.Multiply(a, x, y);
                    matrixBytes = (8.0 * a.Nnz) + (4.0 * (k + 1));
                    break;
                }

            case StudyKernel.Bsr:
                {
                    var a = (BsrMatrix)f;
                    call = () => SpmvBsr.Multiply(a, x, y);
                    matrixBytes = (a.BlockCount * ((4.0 * c.BlockHeight) + 4)) + (4.0 * (a.BlockRowCount + 1));
                    break;
                }

            case StudyKernel.MathNet:
                {
                    var a = (MnSparse)f;
                    var vx = MnVector.OfArray(x);
                    var vy = new MnVector(outWidth);
                    call = () => a.Multiply(vx, vy);
                    matrixBytes = (8.0 * nnz) + (4.0 * (m + 1));
                    break;
                }

            case StudyKernel.MathNetT:
                {
                    var a = (MnSparse)f;
                    var vx = MnVector.OfArray(x);
                    var vy = new MnVector(outWidth);
                    call = () => a.TransposeThisAndMultiply(vx, vy);
                    matrixBytes = (8.0 * nnz) + (4.0 * (m + 1));
                    break;
                }

            default:
                throw new NotSupportedException($"{c.Kernel} is not a {nameof(SpmvStudyBench)} kernel.");
        }

        double bytes = matrixBytes + vectors;
        return new Copy(call, nnz * b, bytes, matrixBytes + (2 * vectors));
    }
}
