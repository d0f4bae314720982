using Sparsity.Core.Dense;

namespace Sparsity.Benchmarks.Study;

/// <summary>Seeded operands for the study: pruned weights, activations with a given fraction of zeros.</summary>
internal static class StudyData
{
    /// <summary>Uniform weights in [-1, 1] (never exactly 0) with a fraction pruned, independently or in whole h×1 blocks.</summary>
    public static DenseMatrix Weights(int m, int k, int sparsityPercent, WeightStructure structure, Random rng)
    {
        double p = sparsityPercent / 100.0;
        int h = structure switch { WeightStructure.Block8 => 8, WeightStructure.Block16 => 16, _ => 1 };
        var w = new float[checked(m * k)];
        if (h == 1)
        {
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = rng.NextDouble() < p ? 0f : Value(rng);
            }
        }
        else
        {
            // i.i.d. block masks are what magnitude pruning of i.i.d. random weights into blocks gives, statistically.
            for (int j = 0; j < k; j++)
            {
                for (int r0 = 0; r0 < m; r0 += h)
                {
                    bool keep = rng.NextDouble() >= p;
                    for (int i = r0; i < Math.Min(m, r0 + h); i++)
                    {
                        w[(i * k) + j] = keep ? Value(rng) : 0f;
                    }
                }
            }
        }

        return new DenseMatrix(m, k, w);
    }

    /// <summary>Activations <c>[rows, k]</c>: each entry 0 with probability sparsity, else uniform in (0, 1].</summary>
    public static float[] Activations(int rows, int k, int sparsityPercent, Random rng)
    {
        double p = sparsityPercent / 100.0;
        var x = new float[checked(rows * k)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble() < p ? 0f : 1f - rng.NextSingle();
        }

        return x;
    }

    /// <summary>Nonzeros per column of a row-major matrix.</summary>
    public static int[] ColumnNonZeros(DenseMatrix w)
    {
        var counts = new int[w.Columns];
        ReadOnlySpan<float> d = w.AsSpan();
        for (int i = 0; i < w.Rows; i++)
        {
            ReadOnlySpan<float> row = d.Slice(i * w.Columns, w.Columns);
            for (int j = 0; j < row.Length; j++)
            {
                counts[j] += row[j] != 0f ? 1 : 0;
            }
        }

        return counts;
    }

    /// <summary>Nonzeros per row of a row-major matrix.</summary>
    public static int[] RowNonZeros(DenseMatrix w)
    {
        var counts = new int[w.Rows];
        ReadOnlySpan<float> d = w.AsSpan();
        for (int i = 0; i < w.Rows; i++)
        {
            foreach (float v in d.Slice(i * w.Columns, w.Columns))
            {
                counts[i] += v != 0f ? 1 : 0;
            }
        }

        return counts;
    }

    /// <summary>Σ over samples of Σ over the sample's nonzero entries j of <paramref name="weightPerIndex"/>[j].</summary>
    public static double ActiveSum(ReadOnlySpan<float> x, int rows, int width, ReadOnlySpan<int> weightPerIndex)
    {
        double sum = 0;
        for (int b = 0; b < rows; b++)
        {
            ReadOnlySpan<float> row = x.Slice(b * width, width);
            for (int j = 0; j < width; j++)
            {
                if (row[j] != 0f)
                {
                    sum += weightPerIndex[j];
                }
            }
        }

        return sum;
    }

    /// <summary>Whether input j is nonzero in any sample: the columns of W a batched kernel must read at least once.</summary>
    public static bool[] UnionActive(ReadOnlySpan<float> x, int rows, int width)
    {
        var any = new bool[width];
        for (int b = 0; b < rows; b++)
        {
            ReadOnlySpan<float> row = x.Slice(b * width, width);
            for (int j = 0; j < width; j++)
            {
                any[j] |= row[j] != 0f;
            }
        }

        return any;
    }

    /// <summary>A deterministic seed from the text that identifies the data (not the kernel, cache or threads).</summary>
    public static int Seed(StudyCase c)
    {
        uint h = 2166136261;
        foreach (char ch in $"{c.ShapeText} {c.Batch} {c.WeightText} {c.ActivitySparsity}")
        {
            h = (h ^ ch) * 16777619;
        }

        return (int)(h & 0x7fffffff);
    }

    private static float Value(Random rng)
    {
        float v = (float)((rng.NextDouble() * 2) - 1);
        return v == 0f ? 0.5f : v;
    }
}
