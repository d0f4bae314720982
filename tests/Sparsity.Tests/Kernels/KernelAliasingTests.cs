using System.Runtime.InteropServices;
using NUnit.Framework.Constraints;
using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Packing;
using Sparsity.Kernels.Sparse;

namespace Sparsity.Tests.Kernels;

/// <summary>
/// Issue 16 item 10: the output must not share memory with the matrix's own values or the events' value buffer
/// (aliasing them gave wrong results with no exception), and an event batch too large for one buffer is an argument error.
/// </summary>
public class KernelAliasingTests
{
    private const int N = 16;

    private static DenseMatrix Ones(int rows, int columns)
    {
        var d = new DenseMatrix(rows, columns);
        d.AsSpan().Fill(1f);
        return d;
    }

    private static EventList FullEvents(int k)
    {
        var events = new EventList(k);
        for (int i = 0; i < k; i++)
        {
            events.Indices[i] = i;
            events.Values[i] = 1f;
        }

        events.Count = k;
        return events;
    }

    private static EventBatch FullBatch(int b, int k)
    {
        var batch = new EventBatch(b, k);
        for (int s = 0; s < b; s++)
        {
            for (int i = 0; i < k; i++)
            {
                batch.Indices[(s * k) + i] = i;
                batch.Values[(s * k) + i] = 1f;
            }

            batch.Offsets[s + 1] = (s + 1) * k;
        }

        return batch;
    }

    private static IResolveConstraint Overlap => Throws.ArgumentException.With.Message.Contains("overlap");

    [Test]
    public void SparseMatrixVector_OutputAliasesMatrixValues_Throws()
    {
        var csc = CscMatrix.FromDense(Ones(N, N));
        var csr = CsrMatrix.FromDense(Ones(N, N));
        var bsr = BsrMatrix.FromDense(Ones(N, N), SparsityMask.FromMagnitude(Ones(N, N), 0f), 2, 2);
        Assert.Multiple(() =>
        {
            Assert.That(() => SpmvCsc.Multiply(csc, new float[N], csc.Values[..N]), Overlap);
            Assert.That(() => SpmvCsrTransposed.Multiply(csr, new float[N], csr.Values[..N]), Overlap);
            Assert.That(() => SpmvBsr.Multiply(bsr, new float[N], bsr.Values[..N]), Overlap);
        });
    }

    [Test]
    public void EventKernels_OutputAliasesEventValues_Throws()
    {
        var wt = Ones(N, N);
        var csc = CscMatrix.FromDense(Ones(N, N));
        var pack = BlockColumnPack.FromCsr(CsrMatrix.FromDense(Ones(N, N)), 8);
        Assert.Multiple(() =>
        {
            Assert.That(() => { var e = FullEvents(N); EventGemvDense.Multiply(wt, e, e.Values); }, Overlap);
            Assert.That(() => { var e = FullEvents(N); EventSpmvCsc.Multiply(csc, e, e.Values); }, Overlap);
            Assert.That(() => { var e = FullEvents(N); EventSpmvBlock.Multiply(pack, e, e.Values); }, Overlap);
            Assert.That(() => { var b = FullBatch(2, N); EventGemmDense.Multiply(wt, b, b.Values); }, Overlap);
        });
    }

    [Test]
    public void EventGemmDense_OutputAliasesMatrixValues_Throws()
    {
        var wt = Ones(N, N);
        var batch = FullBatch(1, N);
        Assert.That(() => EventGemmDense.Multiply(wt, batch, wt.AsSpan()[..N]), Overlap);
    }

    [Test]
    public void EventSpmvBlock_OutputAliasesPackedValues_Throws()
    {
        var pack = BlockColumnPack.FromCsr(CsrMatrix.FromDense(Ones(N, N)), 8);
        Assert.That(() =>
        {
            Span<float> y = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(pack.Values), N);
            EventSpmvBlock.Multiply(pack, FullEvents(N), y);
        }, Overlap);
    }

    [Test]
    public void EventBatch_TooLarge_ThrowsArgumentOutOfRangeNamingTheSizes()
    {
        Assert.That(() => new EventBatch(65536, 65536),
                    Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("65536"));
        Assert.That(() => new EventBatch(int.MaxValue, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
