namespace Sparsity.Benchmarks.Study;

/// <summary>
/// The cells of the kernel study. The full cross product (8 shapes × 3 batches × 5 × 3 weight sparsities × 5 activity
/// sparsities × hot/cold × forward/transposed × threads) is far too large for one run, so each list picks the cells that
/// show one claim: every shape at the headline sparsities (90 % weights, 90 % activity), the full sparsity grid on the
/// paper's recurrent product [4050, 1350] and on the CPU-sized [768, 256] (hot), and two threads on a few cells.
/// Every case's dense baseline (same shape, batch, cache, threads) is in the same list, so each class's summary can
/// compute its own speed-ups.
/// </summary>
public static class StudyPlan
{
    /// <summary>The paper model's products, the CPU-sized model's, and a cross-library reference.</summary>
    public static readonly (int M, int K)[] Shapes =
    [
        (4050, 1350), (4050, 750), (2250, 1350), (2250, 750), (768, 256), (384, 128), (1536, 512), (1024, 3072),
    ];

    /// <summary>Shapes that get the full sparsity grid.</summary>
    public static readonly (int M, int K)[] GridShapes = [(4050, 1350), (768, 256)];

    /// <summary>Weight and activity sparsities of the grid (percent).</summary>
    public static readonly int[] Sparsities = [0, 50, 80, 90, 95];

    /// <summary>Shapes whose dense products are also timed on two threads.</summary>
    public static readonly (int M, int K)[] ThreadShapes = [(4050, 1350), (1536, 512), (1024, 3072), (768, 256)];

    private static readonly CacheState[] BothCaches = [CacheState.Hot, CacheState.Cold];

    /// <summary>Dense GEMV/GEMM (ours and TensorPrimitives) at every shape and batch, hot and cold, plus thread scaling.</summary>
    public static IReadOnlyList<StudyCase> Dense { get; } = Number(BuildDense());

    /// <summary>Weight-sparse products with dense inputs: CSR/BSR/MathNet forward, transposed, batched SpMM.</summary>
    public static IReadOnlyList<StudyCase> Spmv { get; } = Number(BuildSpmv());

    /// <summary>Event-driven products: activity-only, CSC, 8×1/16×1 blocks, batched.</summary>
    public static IReadOnlyList<StudyCase> Event { get; } = Number(BuildEvent());

    /// <summary>Weight gradients: dense and masked to the pruned pattern.</summary>
    public static IReadOnlyList<StudyCase> Backward { get; } = Number(BuildBackward());

    /// <summary>All four lists.</summary>
    public static IEnumerable<StudyCase> All => Dense.Concat(Spmv).Concat(Event).Concat(Backward);

    private static StudyCase C(StudyKernel kernel, (int M, int K) s, int batch, int w, WeightStructure st, int a, CacheState cache, int threads = 1) =>
        new(kernel, s.M, s.K, batch, w, st, a, cache, threads);

    private static IEnumerable<StudyCase> BuildDense()
    {
        const WeightStructure U = WeightStructure.Unstructured;
        foreach (var s in Shapes)
        {
            foreach (CacheState cache in BothCaches)
            {
                foreach (int b in (int[])[1, 32, 64])
                {
                    yield return C(StudyKernel.Dense, s, b, 0, U, 0, cache);
                    if (b == 1 || cache == CacheState.Hot)
                    {
                        yield return C(StudyKernel.TpDot, s, b, 0, U, 0, cache);
                    }
                }

                yield return C(StudyKernel.DenseT, s, 1, 0, U, 0, cache);
            }
        }

        foreach (var s in ThreadShapes)
        {
            foreach (CacheState cache in BothCaches)
            {
                yield return C(StudyKernel.Dense, s, 1, 0, U, 0, cache, 2);
                yield return C(StudyKernel.Dense, s, 32, 0, U, 0, cache, 2);
            }
        }

        foreach (var s in GridShapes)
        {
            foreach (CacheState cache in BothCaches)
            {
                yield return C(StudyKernel.DenseT, s, 1, 0, U, 0, cache, 2);
            }
        }
    }

    private static IEnumerable<StudyCase> BuildSpmv()
    {
        const WeightStructure U = WeightStructure.Unstructured, B8 = WeightStructure.Block8, B16 = WeightStructure.Block16;
        foreach (var s in Shapes)
        {
            foreach (CacheState cache in BothCaches)
            {
                // Headline: 90 % weight sparsity, batch 1, forward and transposed, against the dense GEMV and MathNet.
                yield return C(StudyKernel.Dense, s, 1, 0, U, 0, cache);
                yield return C(StudyKernel.Csr, s, 1, 90, U, 0, cache);
                yield return C(StudyKernel.Bsr, s, 1, 90, B8, 0, cache);
                yield return C(StudyKernel.Bsr, s, 1, 90, B16, 0, cache);
                yield return C(StudyKernel.MathNet, s, 1, 90, U, 0, cache);
                yield return C(StudyKernel.DenseT, s, 1, 0, U, 0, cache);
                yield return C(StudyKernel.CsrTScatter, s, 1, 90, U, 0, cache);
                yield return C(StudyKernel.CsrOfT, s, 1, 90, U, 0, cache);
                if (cache == CacheState.Hot)
                {
                    yield return C(StudyKernel.MathNetT, s, 1, 90, U, 0, cache);
                }

                // Batched SpMM at 90 %: B = 32 hot and cold, B = 64 hot.
                foreach (int b in (int[])[32, 64])
                {
                    if (b == 32 || cache == CacheState.Hot)
                    {
                        yield return C(StudyKernel.Dense, s, b, 0, U, 0, cache);
                        yield return C(StudyKernel.Csr, s, b, 90, U, 0, cache);
                    }
                }
            }
        }

        foreach (var s in GridShapes)
        {
            foreach (int w in Sparsities)
            {
                if (w == 90)
                {
                    continue;
                }

                yield return C(StudyKernel.Csr, s, 1, w, U, 0, CacheState.Hot);
                yield return C(StudyKernel.Bsr, s, 1, w, B8, 0, CacheState.Hot);
                yield return C(StudyKernel.Bsr, s, 1, w, B16, 0, CacheState.Hot);
                yield return C(StudyKernel.MathNet, s, 1, w, U, 0, CacheState.Hot);
                yield return C(StudyKernel.CsrTScatter, s, 1, w, U, 0, CacheState.Hot);
                yield return C(StudyKernel.CsrOfT, s, 1, w, U, 0, CacheState.Hot);
                yield return C(StudyKernel.Csr, s, 32, w, U, 0, CacheState.Hot);
            }

            foreach (CacheState cache in BothCaches)
            {
                yield return C(StudyKernel.Dense, s, 1, 0, U, 0, cache, 2);
                yield return C(StudyKernel.Csr, s, 1, 90, U, 0, cache, 2);
                yield return C(StudyKernel.DenseT, s, 1, 0, U, 0, cache, 2);
                yield return C(StudyKernel.CsrOfT, s, 1, 90, U, 0, cache, 2);
                yield return C(StudyKernel.Dense, s, 32, 0, U, 0, cache, 2);
                yield return C(StudyKernel.Csr, s, 32, 90, U, 0, cache, 2);
            }
        }
    }

    private static IEnumerable<StudyCase> BuildEvent()
    {
        const WeightStructure U = WeightStructure.Unstructured, B8 = WeightStructure.Block8, B16 = WeightStructure.Block16;
        foreach (var s in Shapes)
        {
            foreach (CacheState cache in BothCaches)
            {
                // Headline: 90 % weights × 90 % activity at batch 1; activity only (dense W) at 90 % activity.
                yield return C(StudyKernel.Dense, s, 1, 0, U, 0, cache);
                yield return C(StudyKernel.EventDenseW, s, 1, 0, U, 90, cache);
                yield return C(StudyKernel.EventCsc, s, 1, 90, U, 90, cache);
                yield return C(StudyKernel.EventBlock, s, 1, 90, B8, 90, cache);
                yield return C(StudyKernel.EventBlock, s, 1, 90, B16, 90, cache);
                foreach (int b in (int[])[32, 64])
                {
                    if (b == 32 || cache == CacheState.Hot)
                    {
                        yield return C(StudyKernel.Dense, s, b, 0, U, 0, cache);
                        yield return C(StudyKernel.EventDenseW, s, b, 0, U, 90, cache);
                        yield return C(StudyKernel.EventCsc, s, b, 90, U, 90, cache);
                    }
                }
            }
        }

        foreach (var s in GridShapes)
        {
            // The full weight × activity grid at batch 1, hot.
            foreach (int w in Sparsities)
            {
                foreach (int a in Sparsities)
                {
                    if (w == 90 && a == 90)
                    {
                        continue;
                    }

                    yield return C(StudyKernel.EventCsc, s, 1, w, U, a, CacheState.Hot);
                    yield return C(StudyKernel.EventBlock, s, 1, w, B8, a, CacheState.Hot);
                    yield return C(StudyKernel.EventBlock, s, 1, w, B16, a, CacheState.Hot);
                }
            }

            // Activity only, and the batched kernels along each axis through the headline point, B = 32, hot.
            foreach (int a in Sparsities)
            {
                if (a != 90)
                {
                    yield return C(StudyKernel.EventDenseW, s, 1, 0, U, a, CacheState.Hot);
                    yield return C(StudyKernel.EventDenseW, s, 32, 0, U, a, CacheState.Hot);
                    yield return C(StudyKernel.EventCsc, s, 32, 90, U, a, CacheState.Hot);
                }
            }

            foreach (int w in Sparsities)
            {
                if (w != 90)
                {
                    yield return C(StudyKernel.EventCsc, s, 32, w, U, 90, CacheState.Hot);
                }
            }

            foreach (CacheState cache in BothCaches)
            {
                yield return C(StudyKernel.Dense, s, 1, 0, U, 0, cache, 2);
                yield return C(StudyKernel.EventDenseW, s, 1, 0, U, 90, cache, 2);
                yield return C(StudyKernel.EventCsc, s, 1, 90, U, 90, cache, 2);
                yield return C(StudyKernel.EventBlock, s, 1, 90, B16, 90, cache, 2);
                yield return C(StudyKernel.Dense, s, 32, 0, U, 0, cache, 2);
                yield return C(StudyKernel.EventDenseW, s, 32, 0, U, 90, cache, 2);
                yield return C(StudyKernel.EventCsc, s, 32, 90, U, 90, cache, 2);
            }
        }
    }

    private static IEnumerable<StudyCase> BuildBackward()
    {
        const WeightStructure U = WeightStructure.Unstructured, B16 = WeightStructure.Block16;
        foreach (var s in Shapes)
        {
            foreach (int n in (int[])[32, 64])
            {
                yield return C(StudyKernel.DenseWGrad, s, n, 0, U, 0, CacheState.Hot);
                yield return C(StudyKernel.MaskedCsr, s, n, 90, U, 0, CacheState.Hot);
                yield return C(StudyKernel.MaskedBsr, s, n, 90, B16, 0, CacheState.Hot);
            }
        }

        foreach (var s in GridShapes)
        {
            foreach (int w in (int[])[50, 80, 95])
            {
                yield return C(StudyKernel.MaskedCsr, s, 32, w, U, 0, CacheState.Hot);
            }

            // Output gradients that are 90 % zero (a sparse surrogate gradient): the masked kernel skips them.
            yield return C(StudyKernel.MaskedCsr, s, 32, 90, U, 90, CacheState.Hot);
            yield return C(StudyKernel.DenseWGrad, s, 32, 0, U, 90, CacheState.Hot);
            yield return C(StudyKernel.DenseWGrad, s, 32, 0, U, 0, CacheState.Hot, 2);
            yield return C(StudyKernel.MaskedCsr, s, 32, 90, U, 0, CacheState.Hot, 2);
        }
    }

    private static StudyCase[] Number(IEnumerable<StudyCase> cases)
    {
        var seen = new HashSet<StudyCase>();
        var list = new List<StudyCase>();
        foreach (StudyCase c in cases)
        {
            if (seen.Add(c))
            {
                list.Add(c with { Order = list.Count });
            }
        }

        return [.. list];
    }
}
