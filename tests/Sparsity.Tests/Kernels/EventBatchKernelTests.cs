using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Events;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class EventBatchKernelTests
{
    private static readonly int[] Batches = [0, 1, 3, 17];

    private static IEnumerable<TestCaseData> GemvVariants() => KernelCases.Of(KernelCatalog.EventGemvDense);

    private static IEnumerable<TestCaseData> CscVariants() => KernelCases.Of(KernelCatalog.EventSpmvCsc);

    [TestCaseSource(nameof(GemvVariants))]
    public void EventGemmDense_Batches_EachRowMatchesOracle(KernelVariant<EventGemvDenseKernel> variant)
    {
        var rng = new Random(11);
        foreach (int b in Batches)
        {
            foreach (int m in new[] { 0, 1, 17, 130 })
            {
                foreach (int k in new[] { 0, 1, 40 })
                {
                    var w = KernelData.Matrix(rng, m, k);
                    var wt = w.Transpose();
                    foreach (bool accumulate in new[] { false, true })
                    {
                        var (x, events) = Batch(rng, b, k);
                        float[] initial = KernelData.Vector(rng, b * m);
                        var y = EventKernelTests.Prepare(initial, accumulate);
                        EventGemmDense.Multiply(wt, events, y, accumulate, variant);
                        CheckRows(w, x, b, initial, accumulate, y, $"{variant.Name} B={b} {m}×{k}");
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(CscVariants))]
    public void EventSpmmCsc_Batches_EachRowMatchesOracle(KernelVariant<EventSpmvCscKernel> variant)
    {
        var rng = new Random(12);
        foreach (int b in Batches)
        {
            foreach (int m in new[] { 0, 1, 17, 130 })
            {
                foreach (int k in new[] { 0, 1, 40 })
                {
                    var w = KernelData.Matrix(rng, m, k, 0.8);
                    var csc = CscMatrix.FromDense(w);
                    foreach (bool accumulate in new[] { false, true })
                    {
                        var (x, events) = Batch(rng, b, k);
                        float[] initial = KernelData.Vector(rng, b * m);
                        var y = EventKernelTests.Prepare(initial, accumulate);
                        EventSpmmCsc.Multiply(csc, events, y, accumulate, variant);
                        CheckRows(w, x, b, initial, accumulate, y, $"{variant.Name} B={b} {m}×{k}");
                    }
                }
            }
        }
    }

    [Test]
    public void Multiply_BadBatch_Throws()
    {
        var wt = new DenseMatrix(6, 4);
        var csc = CscMatrix.FromDense(new DenseMatrix(4, 6));
        var events = new EventBatch(2, 6);
        events.Indices[0] = 3;
        events.Indices[1] = 3;
        events.Offsets[1] = 2;
        events.Offsets[2] = 2;
        Assert.Multiple(() =>
        {
            Assert.That(() => EventGemmDense.Multiply(wt, events, new float[8]), Throws.ArgumentException.With.Message.Contains("ascending"));
            Assert.That(() => EventSpmmCsc.Multiply(csc, events, new float[8]), Throws.ArgumentException.With.Message.Contains("ascending"));
            Assert.That(() => EventGemmDense.Multiply(wt, new EventBatch(2, 6), new float[7]), Throws.ArgumentException.With.Message.Contains("y"));
            Assert.That(() => EventSpmmCsc.Multiply(csc, new EventBatch(2, 5), new float[8]), Throws.ArgumentException);
        });
    }

    private static (float[] X, EventBatch Events) Batch(Random rng, int b, int k)
    {
        float[] x = KernelData.Vector(rng, b * k, rng.NextDouble());
        var events = new EventBatch(b, k);
        EventExtraction.ExtractBatch(x, events);
        return (x, events);
    }

    private static void CheckRows(DenseMatrix w, float[] x, int b, float[] initial, bool accumulate, float[] y, string what)
    {
        int m = w.Rows, k = w.Columns;
        for (int r = 0; r < b; r++)
        {
            var expected = DenseOracle.MatVec(w, x.AsSpan(r * k, k));
            EventKernelTests.Check(expected, initial[(r * m)..((r + 1) * m)], accumulate, y[(r * m)..((r + 1) * m)], $"{what} row {r}");
        }
    }
}
