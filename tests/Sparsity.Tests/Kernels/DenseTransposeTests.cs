using Sparsity.Kernels.Dense;

namespace Sparsity.Tests.Kernels;

[TestFixture]
public sealed class DenseTransposeTests
{
    private static IEnumerable<TestCaseData> Shapes()
    {
        int[] sizes = [0, 1, 7, 15, 16, 17, 33];
        foreach (int r in sizes)
        {
            foreach (int c in sizes)
            {
                yield return new TestCaseData(r, c);
            }
        }
    }

    [TestCaseSource(nameof(Shapes))]
    public void Transpose_and_add_transposed_match_plain_loops(int rows, int columns)
    {
        var rng = new Random((rows * 100) + columns);
        float[] src = [.. Enumerable.Range(0, rows * columns).Select(_ => (float)rng.NextDouble() - 0.5f)];
        var dst = new float[src.Length];
        Array.Fill(dst, float.NaN);
        DenseTranspose.Transpose(src, rows, columns, dst);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                Assert.That(dst[(c * rows) + r], Is.EqualTo(src[(r * columns) + c]));
            }
        }

        float[] acc = [.. Enumerable.Range(0, src.Length).Select(_ => (float)rng.NextDouble())];
        float[] before = (float[])acc.Clone();
        bool[] kept = [.. Enumerable.Range(0, src.Length).Select(_ => rng.NextDouble() < 0.7)];
        float[] scale = [.. Enumerable.Range(0, src.Length).Select(_ => (float)rng.NextDouble() * 2)];
        DenseTranspose.AddTransposed(src, rows, columns, acc, kept, scale);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int d = (c * rows) + r;
                float expected = kept[d] ? before[d] + (src[(r * columns) + c] * scale[d]) : before[d];
                Assert.That(acc[d], Is.EqualTo(expected), $"({r}, {c})");
            }
        }
    }

    [Test]
    public void Wrong_lengths_and_overlap_are_rejected()
    {
        var a = new float[6];
        Assert.Throws<ArgumentException>(() => DenseTranspose.Transpose(a, 2, 3, new float[5]));
        Assert.Throws<ArgumentException>(() => DenseTranspose.Transpose(a, 2, 3, a));
        Assert.Throws<ArgumentException>(() => DenseTranspose.AddTransposed(a, 2, 3, new float[6], new bool[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => DenseTranspose.Transpose(a, -1, 3, new float[6]));
    }
}
