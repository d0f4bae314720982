using BenchmarkDotNet.Attributes;
using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Packing;

namespace Sparsity.Benchmarks.Study;

/// <summary>
/// Study claim: event-driven products <c>y = W[:, active] · x[active]</c> against the dense GEMV/GEMM on the same
/// (dense) input. Each call includes the event extraction from the dense activation vector. Batch 1: activity only
/// (dense Wᵀ), unstructured CSC, 8×1 and 16×1 blocks; batch 32/64: dense-Wᵀ and CSC. Every shape at 90 % × 90 %, the
/// full 5 × 5 grid on 4050×1350 and 768×256, two threads on those two. Targets at 4050×1350, B = 1, 90 % × 90 %:
/// unstructured ≥ 12× hot, ≥ 7× cold; blocks ≥ 50× hot, ≥ 20× cold; activity only ≥ 8× at 90 % activity.
/// </summary>
public class EventStudyBench : StudyBenchBase
{
    private DenseMatrix _dense = null!;
    private object _format = null!;
    private int[] _columnNnz = [];
    private int[] _columnBlocks = [];
    private double _nnz;

    /// <summary>The cells of this class.</summary>
    /// <returns><see cref="StudyPlan.Event"/>.</returns>
    public static IEnumerable<StudyCase> Cases() => StudyPlan.Event;

    /// <summary>The case under test.</summary>
    [ParamsSource(nameof(Cases))]
    public StudyCase Case { get; set; } = StudyPlan.Event[0];

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
            _columnNnz = StudyData.ColumnNonZeros(_dense);
            _nnz = _columnNnz.Sum(v => (double)v);
            _format = c.Kernel switch
            {
                StudyKernel.Dense => _dense,
                StudyKernel.EventDenseW => _dense.Transpose(),
                StudyKernel.EventCsc => CscMatrix.FromDense(_dense),
                StudyKernel.EventBlock when b == 1 => BsrMatrix.FromDense(_dense, SparsityMask.FromMagnitude(_dense, 0f), c.BlockHeight, 1),
                _ => throw new NotSupportedException($"{c.Kernel} at B = {b} is not an {nameof(EventStudyBench)} kernel."),
            };
            if (_format is BsrMatrix bsr)
            {
                ReadOnlySpan<int> cp = BlockColumnPack.FromBsr(bsr).ColumnPointers;
                _columnBlocks = new int[k];
                for (int j = 0; j < k; j++)
                {
                    _columnBlocks[j] = cp[j + 1] - cp[j];
                }
            }
        }

        float[] x = StudyData.Activations(b, k, c.ActivitySparsity, rng);
        float[] y = new float[b * m];
        bool[] union = StudyData.UnionActive(x, b, k);
        double useful = StudyData.ActiveSum(x, b, k, _columnNnz);
        double vectors = 4.0 * b * (k + m);
        double matrixBytes = 0;
        Action call;
        switch (c.Kernel)
        {
            case StudyKernel.Dense:
                {
                    float[] w = first ? _dense.Data : (float[])_dense.Data.Clone();
                    call = b == 1 ? () => DenseGemv.Multiply(w, m, k, x, y) : () => DenseGemm.Multiply(x, b, k, w, m, y);
                    matrixBytes = 4.0 * m * k;
                    break;
                }

            case StudyKernel.EventDenseW:
                {
                    var wt = first ? (DenseMatrix)_format : ((DenseMatrix)_format).Clone();
                    for (int j = 0; j < k; j++)
                    {
                        matrixBytes += union[j] ? 4.0 * m : 0;
                    }

                    if (b == 1)
                    {
                        var ev = new EventList(k);
                        call = () =>
                        {
                            EventExtraction.Extract(x, ev);
                            EventGemvDense.Multiply(wt, ev, y);
                        };
                    }
                    else
                    {
                        var ev = new EventBatch(b, k);
                        call = () =>
                        {
                            EventExtraction.ExtractBatch(x, ev);
                            EventGemmDense.Multiply(wt, ev, y);
                        };
                    }

                    break;
                }

            case StudyKernel.EventCsc:
                {
                    var csc = first ? (CscMatrix)_format : ((CscMatrix)_format).Clone();
                    for (int j = 0; j < k; j++)
                    {
                        matrixBytes += union[j] ? 8.0 + (8.0 * _columnNnz[j]) : 0;
                    }

                    if (b == 1)
                    {
                        var ev = new EventList(k);
                        call = () =>
                        {
                            EventExtraction.Extract(x, ev);
                            EventSpmvCsc.Multiply(csc, ev, y);
                        };
                    }
                    else
                    {
                        var ev = new EventBatch(b, k);
                        call = () =>
                        {
                            EventExtraction.ExtractBatch(x, ev);
                            EventSpmmCsc.Multiply(csc, ev, y);
                        };
                    }

                    break;
                }

            case StudyKernel.EventBlock:
                {
                    BlockColumnPack pack = BlockColumnPack.FromBsr((BsrMatrix)_format);
                    for (int j = 0; j < k; j++)
                    {
                        matrixBytes += union[j] ? 8.0 + (_columnBlocks[j] * ((4.0 * c.BlockHeight) + 4)) : 0;
                    }

                    var ev = new EventList(k);
                    call = () =>
                    {
                        EventExtraction.Extract(x, ev);
                        EventSpmvBlock.Multiply(pack, ev, y);
                    };
                    break;
                }

            default:
                throw new NotSupportedException($"{c.Kernel} is not an {nameof(EventStudyBench)} kernel.");
        }

        double held = c.Kernel == StudyKernel.EventBlock || c.Kernel == StudyKernel.EventCsc
            ? (8.0 * _nnz) + (4.0 * k)
            : 4.0 * m * k;
        return new Copy(call, useful, matrixBytes + vectors, held + (3 * vectors));
    }
}
