using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Packing;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class EventKernelTests
{
    private static readonly int[] NaNCaseEvents = [3, 39];

    private static readonly int[] OutputSizes = [0, 1, 7, 8, 9, 15, 16, 17, 33, 130];

    private static IEnumerable<TestCaseData> ExtractVariants() => KernelCases.Of(KernelCatalog.EventExtract);

    private static IEnumerable<TestCaseData> GemvVariants() => KernelCases.Of(KernelCatalog.EventGemvDense);

    private static IEnumerable<TestCaseData> BlockVariants() => KernelCases.Of(KernelCatalog.EventSpmvBlock);

    private static IEnumerable<TestCaseData> CscVariants() => KernelCases.Of(KernelCatalog.EventSpmvCsc);

    [TestCaseSource(nameof(ExtractVariants))]
    public void Extract_EdgeWidthsAndActivities_MatchesOracle(KernelVariant<EventExtractKernel> variant)
    {
        var rng = new Random(3);
        foreach (int k in KernelData.EdgeSizes)
        {
            foreach (double zero in new[] { 0.0, 0.5, 0.95, 1.0 })
            {
                float[] x = KernelData.Vector(rng, k, zero);
                var events = new EventList(k + 3);
                events.Indices.AsSpan().Fill(-7);
                int n = EventExtraction.Extract(x, events, variant);
                var (ei, ev) = EventOracle.Extract(x);
                Assert.That(n, Is.EqualTo(ei.Length), $"{variant.Name} k={k}");
                Assert.That(events.ActiveIndices.ToArray(), Is.EqualTo(ei), $"{variant.Name} k={k}");
                Assert.That(events.ActiveValues.ToArray(), Is.EqualTo(ev), $"{variant.Name} k={k}");
            }
        }
    }

    [TestCaseSource(nameof(ExtractVariants))]
    public void Extract_NaNAndNegativeZero_NaNFiresNegativeZeroDoesNot(KernelVariant<EventExtractKernel> variant)
    {
        var x = new float[40];
        x[3] = float.NaN;
        x[20] = -0f;
        x[39] = 2f;
        var events = new EventList(40);
        EventExtraction.Extract(x, events, variant);
        Assert.That(events.ActiveIndices.ToArray(), Is.EqualTo(NaNCaseEvents));
    }

    [TestCaseSource(nameof(ExtractVariants))]
    public void ExtractBatch_Rows_MatchPerRowOracle(KernelVariant<EventExtractKernel> variant)
    {
        var rng = new Random(4);
        foreach (int k in new[] { 0, 1, 17, 64 })
        {
            const int B = 5;
            float[] x = KernelData.Vector(rng, B * k, 0.7);
            var batch = new EventBatch(B, k);
            int total = EventExtraction.ExtractBatch(x, batch, variant);
            Assert.That(total, Is.EqualTo(batch.Count));
            for (int b = 0; b < B; b++)
            {
                var (ei, ev) = EventOracle.Extract(x.AsSpan(b * k, k));
                int o = batch.Offsets[b], n = batch.Offsets[b + 1] - o;
                Assert.That(batch.Indices.AsSpan(o, n).ToArray(), Is.EqualTo(ei));
                Assert.That(batch.Values.AsSpan(o, n).ToArray(), Is.EqualTo(ev));
            }
        }
    }

    [Test]
    public void Extract_CapacityTooSmall_Throws()
    {
        Assert.That(() => EventExtraction.Extract(new float[5], new EventList(4)), Throws.ArgumentException);
        Assert.That(() => EventExtraction.ExtractBatch(new float[5], new EventBatch(2, 3)), Throws.ArgumentException);
    }

    [TestCaseSource(nameof(GemvVariants))]
    public void EventGemvDense_AllActivities_MatchesOracle(KernelVariant<EventGemvDenseKernel> variant)
    {
        var rng = new Random(5);
        foreach (int m in OutputSizes)
        {
            foreach (int k in new[] { 0, 1, 2, 9, 31 })
            {
                var w = KernelData.Matrix(rng, m, k);
                var wt = w.Transpose();
                foreach (var events in Activities(rng, k))
                {
                    foreach (bool accumulate in new[] { false, true })
                    {
                        float[] initial = KernelData.Vector(rng, m);
                        var y = Prepare(initial, accumulate);
                        EventGemvDense.Multiply(wt, events, y, accumulate, variant);
                        Check(EventOracle.EventSpmv(w, events), initial, accumulate, y, $"{variant.Name} {m}×{k} n={events.Count}");
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(GemvVariants))]
    public void EventGemvDense_LargeEnoughForThreads_MatchesOracle(KernelVariant<EventGemvDenseKernel> variant)
    {
        var rng = new Random(6);
        var w = KernelData.Matrix(rng, 1037, 300);
        var events = new EventList(300);
        EventExtraction.Extract(KernelData.Vector(rng, 300, 0.5), events);
        var y = new float[1037];
        KernelAssert.Poison(y);
        EventGemvDense.Multiply(w.Transpose(), events, y, variant: variant);
        KernelAssert.Close(EventOracle.EventSpmv(w, events), y, variant.Name);
    }

    [TestCaseSource(nameof(CscVariants))]
    public void EventSpmvCsc_AllActivitiesAndDensities_MatchesOracle(KernelVariant<EventSpmvCscKernel> variant)
    {
        var rng = new Random(7);
        foreach (int m in OutputSizes)
        {
            foreach (int k in new[] { 0, 1, 2, 9, 31 })
            {
                foreach (double zero in new[] { 0.0, 0.9, 1.0 })
                {
                    var dense = KernelData.Matrix(rng, m, k, zero);
                    var csc = CscMatrix.FromDense(dense);
                    foreach (var events in Activities(rng, k))
                    {
                        foreach (bool accumulate in new[] { false, true })
                        {
                            float[] initial = KernelData.Vector(rng, m);
                            var y = Prepare(initial, accumulate);
                            EventSpmvCsc.Multiply(csc, events, y, accumulate, variant);
                            Check(EventOracle.EventSpmv(dense, events), initial, accumulate, y, $"{variant.Name} {m}×{k} zero={zero} n={events.Count}");
                        }
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(BlockVariants))]
    public void EventSpmvBlock_RaggedRowsAndActivities_MatchesOracle(KernelVariant<EventSpmvBlockKernel> variant)
    {
        var rng = new Random(8);
        foreach (int h in new[] { 8, 16 })
        {
            foreach (int m in OutputSizes)
            {
                foreach (int k in new[] { 0, 1, 9, 31 })
                {
                    foreach (double zero in new[] { 0.0, 0.9, 1.0 })
                    {
                        var dense = KernelData.Matrix(rng, m, k, zero);
                        var pack = BlockColumnPack.FromCsr(CsrMatrix.FromDense(dense), h);
                        foreach (var events in Activities(rng, k))
                        {
                            foreach (bool accumulate in new[] { false, true })
                            {
                                float[] initial = KernelData.Vector(rng, m);
                                var y = Prepare(initial, accumulate);
                                EventSpmvBlock.Multiply(pack, events, y, accumulate, variant);
                                Check(EventOracle.EventSpmv(dense, events), initial, accumulate, y, $"{variant.Name} h={h} {m}×{k} zero={zero} n={events.Count}");
                            }
                        }
                    }
                }
            }
        }
    }

    [Test]
    public void BlockColumnPack_WrongBlockShape_Throws()
    {
        var csr = CsrMatrix.FromDense(new DenseMatrix(4, 4));
        Assert.That(() => BlockColumnPack.FromCsr(csr, 4), Throws.ArgumentException);
        Assert.That(() => BlockColumnPack.FromBsr(BsrMatrix.FromDense(new DenseMatrix(4, 4), SparsityMask.FromMagnitude(new DenseMatrix(4, 4), 0f), 16, 2)), Throws.ArgumentException);
    }

    [SparsityProperty(MaxTest = 40)]
    public void EventProducts_RandomCsc_EveryVariantMatchesOracle(CscMatrix w, int seed, bool accumulate)
    {
        var rng = new Random(seed);
        var dense = w.ToDense();
        var wt = dense.Transpose();
        var pack = BlockColumnPack.FromCsr(w.ToCsr(), 16);
        var events = new EventList(w.Columns);
        EventExtraction.Extract(KernelData.Vector(rng, w.Columns, rng.NextDouble()), events);
        var expected = EventOracle.EventSpmv(dense, events);
        float[] initial = KernelData.Vector(rng, w.Rows);
        foreach (var v in KernelCatalog.EventGemvDense.SupportedVariants)
        {
            var y = Prepare(initial, accumulate);
            EventGemvDense.Multiply(wt, events, y, accumulate, v);
            Check(expected, initial, accumulate, y, v.Name);
        }

        foreach (var v in KernelCatalog.EventSpmvCsc.SupportedVariants)
        {
            var y = Prepare(initial, accumulate);
            EventSpmvCsc.Multiply(w, events, y, accumulate, v);
            Check(expected, initial, accumulate, y, v.Name);
        }

        foreach (var v in KernelCatalog.EventSpmvBlock.SupportedVariants)
        {
            var y = Prepare(initial, accumulate);
            EventSpmvBlock.Multiply(pack, events, y, accumulate, v);
            Check(expected, initial, accumulate, y, v.Name);
        }
    }

    [Test]
    public void Multiply_BadEvents_Throw()
    {
        var wt = new DenseMatrix(6, 4);
        var csc = CscMatrix.FromDense(new DenseMatrix(4, 6));
        var pack = BlockColumnPack.FromCsr(CsrMatrix.FromDense(new DenseMatrix(4, 6)), 8);
        var y = new float[4];
        foreach (int[] bad in new[] { new[] { 2, 1 }, new[] { 1, 1 }, new[] { 0, 6 }, new[] { -1, 2 } })
        {
            var events = new EventList(8);
            bad.CopyTo(events.Indices, 0);
            events.Count = bad.Length;
            Assert.That(() => EventGemvDense.Multiply(wt, events, y), Throws.ArgumentException, string.Join(",", bad));
            Assert.That(() => EventSpmvCsc.Multiply(csc, events, y), Throws.ArgumentException, string.Join(",", bad));
            Assert.That(() => EventSpmvBlock.Multiply(pack, events, y), Throws.ArgumentException, string.Join(",", bad));
        }
    }

    [Test]
    public void Multiply_WrongLengths_Throw()
    {
        var events = new EventList(6);
        Assert.Multiple(() =>
        {
            Assert.That(() => EventGemvDense.Multiply(new DenseMatrix(6, 4), events, new float[5]), Throws.ArgumentException.With.Message.Contains("y"));
            Assert.That(() => EventGemvDense.Multiply(new float[23], 6, 4, events, new float[4]), Throws.ArgumentException.With.Message.Contains("wt"));
            Assert.That(() => EventSpmvCsc.Multiply(CscMatrix.FromDense(new DenseMatrix(4, 6)), events, new float[3]), Throws.ArgumentException.With.Message.Contains("y"));
            Assert.That(() => EventGemvDense.Multiply(new DenseMatrix(6, 4), null!, new float[4]), Throws.ArgumentNullException);
            Assert.That(() => EventSpmvCsc.Multiply(null!, events, new float[4]), Throws.ArgumentNullException);
            Assert.That(() => events.Count = 7, Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    /// <summary>None fired, one fired (first and last), all fired, and a random half.</summary>
    internal static IEnumerable<EventList> Activities(Random rng, int k)
    {
        yield return new EventList(k);
        if (k > 0)
        {
            yield return One(rng, k, 0);
            yield return One(rng, k, k - 1);
        }

        var all = new EventList(k);
        EventExtraction.Extract(KernelData.Vector(rng, k).Select(v => v == 0f ? 0.5f : v).ToArray(), all);
        yield return all;
        var half = new EventList(k);
        EventExtraction.Extract(KernelData.Vector(rng, k, 0.5), half);
        yield return half;
    }

    internal static float[] Prepare(float[] initial, bool accumulate)
    {
        var y = (float[])initial.Clone();
        if (!accumulate)
        {
            KernelAssert.Poison(y);
        }

        return y;
    }

    internal static void Check(Expected expected, float[] initial, bool accumulate, float[] y, string what) =>
        KernelAssert.Close(accumulate ? expected.Plus(initial) : expected, y, what);

    private static EventList One(Random rng, int k, int j)
    {
        var e = new EventList(k);
        e.Indices[0] = j;
        e.Values[0] = (float)(rng.NextDouble() + 0.25);
        e.Count = 1;
        return e;
    }
}
