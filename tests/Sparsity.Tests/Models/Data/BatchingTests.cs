using Sparsity.Models.Data;

namespace Sparsity.Tests.Models.Data;

[TestFixture]
public sealed class BatchingTests
{
    [TestCase(BatchLayout.BatchMajor)]
    [TestCase(BatchLayout.TimeMajor)]
    public void Batchify_DropsRemainderAndKeepsStreamsContiguous(BatchLayout layout)
    {
        int[] tokens = Enumerable.Range(100, 23).ToArray();
        TokenStreams s = TokenStreams.Batchify(tokens, 4, layout);
        Assert.That(s.BatchSize, Is.EqualTo(4));
        Assert.That(s.Length, Is.EqualTo(5));
        Assert.That(s.Data, Has.Length.EqualTo(20));
        for (int b = 0; b < 4; b++)
        {
            for (int t = 0; t < 5; t++)
            {
                Assert.That(s[b, t], Is.EqualTo(tokens[(b * 5) + t]));
                int flat = layout == BatchLayout.BatchMajor ? (b * 5) + t : (t * 4) + b;
                Assert.That(s.Data[flat], Is.EqualTo(tokens[(b * 5) + t]));
            }
        }
    }

    [Test]
    public void Batchify_FewerTokensThanStreams_GivesEmpty() =>
        Assert.That(TokenStreams.Batchify([1, 2], 3, BatchLayout.TimeMajor).Length, Is.Zero);

    [Test]
    public void Batchify_NonPositiveBatch_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenStreams.Batchify([1, 2], 0, BatchLayout.BatchMajor));

    [Test]
    public void Windows_Fixed_TileStreamWithClippedLast()
    {
        BpttWindow[] w = WindowSampler.Fixed(7).Windows(20).ToArray();
        Assert.That(w.Select(x => (x.Start, x.Length)), Is.EqualTo(new[] { (0, 7), (7, 7), (14, 5) }));
        Assert.That(w.All(x => x.LearningRateScale == 1f), Is.True);
    }

    [Test]
    public void Windows_Random_StatisticsMatchAwdRecipe()
    {
        var sampler = WindowSampler.RandomLength(seed: 1234);
        var lengths = new List<int>();
        int halved = 0;
        for (int i = 0; i < 20_000; i++)
        {
            (int length, float scale) = sampler.NextLength();
            Assert.That(length, Is.GreaterThanOrEqualTo(5));
            Assert.That(scale, Is.EqualTo(length / 70f).Within(1e-6f));
            lengths.Add(length);
            if (length < 52)
            {
                halved++;
            }
        }

        double mean = lengths.Average();
        // E[len] ≈ 0.95·(70 − 0.5) + 0.05·(35 − 0.5) (truncation toward zero loses ~0.5).
        Assert.That(mean, Is.EqualTo((0.95 * 69.5) + (0.05 * 34.5)).Within(0.5));
        Assert.That(halved / 20_000.0, Is.EqualTo(0.05).Within(0.01));
        Assert.That(lengths.Max(), Is.LessThan(100));
    }

    [Test]
    public void Windows_Random_SameSeedSameWindowsAndCoverStream()
    {
        BpttWindow[] a = WindowSampler.RandomLength(7).Windows(5_000).ToArray();
        BpttWindow[] b = WindowSampler.RandomLength(7).Windows(5_000).ToArray();
        Assert.That(a, Is.EqualTo(b));
        int next = 0;
        foreach (BpttWindow w in a)
        {
            Assert.That(w.Start, Is.EqualTo(next));
            Assert.That(w.Length, Is.Positive);
            next += w.Length;
        }

        Assert.That(next, Is.EqualTo(4_999));
        Assert.That(WindowSampler.RandomLength(8).Windows(5_000).ToArray(), Is.Not.EqualTo(a));
    }
}
