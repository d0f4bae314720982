using Sparsity.Core.Sparse;
using Sparsity.Models.Parameters;
using Sparsity.Models.Pruning;

namespace Sparsity.Tests.Models.Pruning;

[TestFixture]
public sealed class MagnitudePrunerTests
{
    private static Parameter RandomMatrix(Random rng, int rows, int columns, string name = "W")
    {
        var p = new Parameter(name, ParameterKind.InputKernel, rows, columns);
        for (int i = 0; i < p.Length; i++)
        {
            p.Value[i] = (float)((rng.NextDouble() * 2) - 1);
            p.Gradient[i] = 1f;
        }

        return p;
    }

    private static IEnumerable<TestCaseData> Shapes()
    {
        int[][] shapes = [[1, 1], [3, 7], [16, 5], [24, 13], [33, 17], [48, 32]];
        double[] levels = [0, 0.5, 0.8, 0.9, 0.95, 1];
        int seed = 1;
        foreach (int[] s in shapes)
        {
            foreach (double level in levels)
            {
                yield return new TestCaseData(s[0], s[1], level, seed++);
            }
        }
    }

    [TestCaseSource(nameof(Shapes))]
    public void Unstructured_prunes_exactly_the_smallest_magnitudes(int rows, int columns, double sparsity, int seed)
    {
        var rng = new Random(seed);
        Parameter p = RandomMatrix(rng, rows, columns);
        float[] before = (float[])p.Value.Clone();

        MagnitudePruner.Prune([p], sparsity);

        int expectedPruned = (int)Math.Round(sparsity * p.Length, MidpointRounding.AwayFromZero);
        SparsityMask mask = p.Mask!;
        Assert.That(p.Length - mask.KeptCount, Is.EqualTo(expectedPruned));
        float largestPruned = 0, smallestKept = float.PositiveInfinity;
        for (int i = 0; i < p.Length; i++)
        {
            bool kept = mask.AsSpan()[i];
            if (kept)
            {
                smallestKept = Math.Min(smallestKept, Math.Abs(before[i]));
                Assert.That(p.Value[i], Is.EqualTo(before[i]), "kept values are untouched");
                Assert.That(p.Gradient[i], Is.EqualTo(1f));
            }
            else
            {
                largestPruned = Math.Max(largestPruned, Math.Abs(before[i]));
                Assert.That(p.Value[i], Is.Zero);
                Assert.That(p.Gradient[i], Is.Zero);
            }
        }

        Assert.That(largestPruned, Is.LessThanOrEqualTo(smallestKept));
    }

    [TestCase(8, 48, 13, 0.5)]
    [TestCase(16, 64, 9, 0.9)]
    [TestCase(8, 20, 7, 0.8)] // 20 rows: the last block of each column has 4 rows
    [TestCase(4, 12, 3, 1.0)]
    public void Vertical_blocks_are_pruned_whole_by_their_norm(int height, int rows, int columns, double sparsity)
    {
        var rng = new Random(rows * columns);
        Parameter p = RandomMatrix(rng, rows, columns);
        float[] before = (float[])p.Value.Clone();

        MagnitudePruner.Prune([p], sparsity, structure: PruningStructure.VerticalBlocks(height));

        int blockRows = (rows + height - 1) / height;
        var keptNorms = new List<double>();
        var prunedNorms = new List<double>();
        int prunedBlocks = 0;
        for (int br = 0; br < blockRows; br++)
        {
            for (int c = 0; c < columns; c++)
            {
                var flags = Enumerable.Range(br * height, Math.Min(rows, (br + 1) * height) - (br * height))
                    .Select(r => p.Mask![r, c]).Distinct().ToArray();
                Assert.That(flags, Has.Length.EqualTo(1), $"block ({br}, {c}) is partly pruned");
                double norm = Math.Sqrt(Enumerable.Range(br * height, Math.Min(rows, (br + 1) * height) - (br * height))
                    .Sum(r => (double)before[(r * columns) + c] * before[(r * columns) + c]));
                (flags[0] ? keptNorms : prunedNorms).Add(norm);
                prunedBlocks += flags[0] ? 0 : 1;
            }
        }

        Assert.That(prunedBlocks, Is.EqualTo((int)Math.Round(sparsity * blockRows * columns, MidpointRounding.AwayFromZero)));
        if (keptNorms.Count > 0 && prunedNorms.Count > 0)
        {
            Assert.That(prunedNorms.Max(), Is.LessThanOrEqualTo(keptNorms.Min()));
        }
    }

    [Test]
    public void Pruning_is_monotone_even_when_pruned_weights_would_regrow()
    {
        var rng = new Random(5);
        Parameter p = RandomMatrix(rng, 20, 10);
        MagnitudePruner.Prune([p], 0.5);
        bool[] first = p.Mask!.AsSpan().ToArray();

        // Make the surviving weights tiny: a non-monotone pruner would now revive the zeros' positions.
        for (int i = 0; i < p.Length; i++)
        {
            p.Value[i] *= 1e-3f;
        }

        MagnitudePruner.Prune([p], 0.7);
        bool[] second = p.Mask!.AsSpan().ToArray();
        Assert.That(second.Count(k => !k), Is.EqualTo(140));
        for (int i = 0; i < first.Length; i++)
        {
            Assert.That(!first[i] && second[i], Is.False, $"entry {i} was pruned and came back");
        }
    }

    [Test]
    public void Global_scope_uses_one_threshold_across_matrices()
    {
        var rng = new Random(9);
        Parameter big = RandomMatrix(rng, 10, 10, "big");
        Parameter small = RandomMatrix(rng, 10, 10, "small");
        for (int i = 0; i < small.Length; i++)
        {
            small.Value[i] *= 0.01f; // |small| ≤ 0.01 < 0.5 ≤ |big|: a global threshold takes only small weights
            big.Value[i] = Math.Sign(big.Value[i] == 0 ? 1 : big.Value[i]) * (0.5f + Math.Abs(big.Value[i]));
        }

        IReadOnlyList<double> achieved = MagnitudePruner.Prune([big, small], 0.5, PruningScope.Global);

        Assert.That(achieved[0], Is.Zero, "the large matrix keeps everything");
        Assert.That(achieved[1], Is.EqualTo(1.0), "the small matrix loses everything");
    }

    [Test]
    public void Per_matrix_scope_prunes_each_to_the_target()
    {
        var rng = new Random(10);
        Parameter a = RandomMatrix(rng, 12, 10, "a");
        Parameter b = RandomMatrix(rng, 7, 9, "b");
        IReadOnlyList<double> achieved = MagnitudePruner.Prune([a, b], 0.8);
        Assert.That(achieved[0], Is.EqualTo(96.0 / 120).Within(1e-12));
        Assert.That(achieved[1], Is.EqualTo(Math.Round(0.8 * 63) / 63).Within(1e-12));
    }

    [Test]
    public void Invalid_arguments_are_rejected()
    {
        Parameter p = RandomMatrix(new Random(1), 4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => MagnitudePruner.Prune([p], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MagnitudePruner.Prune([p], double.NaN));
        Assert.Throws<ArgumentException>(() => MagnitudePruner.Prune([p, p], 0.5));
        Assert.Throws<FormatException>(() => PruningStructure.Parse("8x2"));
        Assert.That(PruningStructure.Parse("16x1").BlockHeight, Is.EqualTo(16));
        Assert.That(PruningStructure.Parse("unstructured").IsUnstructured, Is.True);
    }
}
