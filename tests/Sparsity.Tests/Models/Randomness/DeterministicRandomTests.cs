using Sparsity.Models.Randomness;

namespace Sparsity.Tests.Models.Randomness;

[TestFixture]
public sealed class DeterministicRandomTests
{
    private static readonly ulong[] ReferenceState = [1, 2, 3, 4];

    // Outputs of the public-domain reference xoshiro256** from state {1, 2, 3, 4}; the first three are checkable by hand.
    private static readonly ulong[] ReferenceOutputs = [11520, 0, 1509978240, 1215971899390074240];

    [Test]
    public void NextUInt64_FromReferenceState_MatchesPublishedSequence()
    {
        var r = new DeterministicRandom(ReferenceState);
        Assert.That(Enumerable.Range(0, 4).Select(_ => r.NextUInt64()), Is.EqualTo(ReferenceOutputs));
    }

    [Test]
    public void SplitMix64_FromZero_MatchesPublishedSequence()
    {
        ulong state = 0;
        Assert.Multiple(() =>
        {
            Assert.That(SplitMix64.Next(ref state), Is.EqualTo(0xE220A8397B1DCDAFUL));
            Assert.That(SplitMix64.Next(ref state), Is.EqualTo(0x6E789E6AA1B965F4UL));
        });
    }

    [Test]
    public void SetState_SavedMidSequence_ContinuesTheSameSequence()
    {
        var r = new DeterministicRandom(42);
        for (int i = 0; i < 10; i++)
        {
            r.NextUInt64();
        }

        ulong[] saved = r.GetState();
        ulong[] expected = [.. Enumerable.Range(0, 100).Select(_ => r.NextUInt64())];
        var resumed = new DeterministicRandom(saved);
        var reset = new DeterministicRandom(7);
        reset.SetState(saved);
        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(0, 100).Select(_ => resumed.NextUInt64()), Is.EqualTo(expected));
            Assert.That(Enumerable.Range(0, 100).Select(_ => reset.NextUInt64()), Is.EqualTo(expected));
        });
    }

    [Test]
    public void GetState_ReturnsCopy()
    {
        var r = new DeterministicRandom(1);
        ulong[] state = r.GetState();
        state[0] ^= 1;
        Assert.That(r.GetState(), Is.Not.EqualTo(state));
    }

    [Test]
    public void SetState_InvalidState_Throws()
    {
        var r = new DeterministicRandom(1);
        Assert.Multiple(() =>
        {
            Assert.That(() => r.SetState(new ulong[4]), Throws.ArgumentException.With.Message.Contains("all-zero"));
            Assert.That(() => r.SetState(new ulong[3]), Throws.ArgumentException);
        });
    }

    [Test]
    public void ForStream_SameTriple_SameSequence_OtherTriples_Differ()
    {
        var a = DeterministicRandom.ForStream(5, 1, 17);
        var b = DeterministicRandom.ForStream(5, 1, 17);
        Assert.That(Enumerable.Range(0, 50).Select(_ => a.NextUInt64()), Is.EqualTo(Enumerable.Range(0, 50).Select(_ => b.NextUInt64())));

        var firsts = new HashSet<ulong>();
        for (ulong seed = 0; seed < 4; seed++)
        {
            for (ulong stream = 0; stream < 4; stream++)
            {
                for (ulong index = 0; index < 64; index++)
                {
                    Assert.That(firsts.Add(DeterministicRandom.ForStream(seed, stream, index).NextUInt64()), Is.True, $"({seed}, {stream}, {index})");
                }
            }
        }
    }

    [Test]
    public void NextInt32_SmallRange_IsUniform()
    {
        var r = new DeterministicRandom(99);
        const int Bins = 7, Draws = 70_000;
        var counts = new int[Bins];
        for (int i = 0; i < Draws; i++)
        {
            counts[r.NextInt32(Bins)]++;
        }

        double expected = (double)Draws / Bins;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.That(chiSquare, Is.LessThan(27.9), "χ² with 6 degrees of freedom, 99.99% quantile");
    }

    [Test]
    public void NextInt32_Range_StaysInsideAndHitsBothEnds()
    {
        var r = new DeterministicRandom(3);
        int[] values = [.. Enumerable.Range(0, 2000).Select(_ => r.NextInt32(-3, 4))];
        Assert.Multiple(() =>
        {
            Assert.That(values, Has.All.InRange(-3, 3));
            Assert.That(values, Has.Some.EqualTo(-3).And.Some.EqualTo(3));
            Assert.That(new DeterministicRandom(1).NextInt32(int.MinValue, int.MaxValue), Is.LessThan(int.MaxValue));
            Assert.That(() => r.NextInt32(0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => r.NextInt32(2, 2), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void NextDoubleSingleGaussian_HaveExpectedMoments()
    {
        var r = new DeterministicRandom(11);
        const int N = 100_000;
        double[] u = [.. Enumerable.Range(0, N).Select(_ => r.NextDouble())];
        float[] f = [.. Enumerable.Range(0, N).Select(_ => r.NextSingle())];
        double[] g = [.. Enumerable.Range(0, N).Select(_ => r.NextGaussian())];
        double gMean = g.Average();
        Assert.Multiple(() =>
        {
            Assert.That(u, Has.All.GreaterThanOrEqualTo(0.0).And.All.LessThan(1.0));
            Assert.That(f, Has.All.GreaterThanOrEqualTo(0f).And.All.LessThan(1f));
            Assert.That(u.Average(), Is.EqualTo(0.5).Within(0.005));
            Assert.That(f.Average(x => (double)x), Is.EqualTo(0.5).Within(0.005));
            Assert.That(gMean, Is.EqualTo(0).Within(0.015));
            Assert.That(g.Average(x => (x - gMean) * (x - gMean)), Is.EqualTo(1).Within(0.02));
            Assert.That(g, Has.All.Matches<double>(double.IsFinite));
        });
    }

    [Test]
    public void NextBytes_IsLittleEndianOfNextUInt64()
    {
        var a = new DeterministicRandom(5);
        var b = new DeterministicRandom(5);
        var bytes = new byte[13];
        a.NextBytes(bytes);
        ulong first = b.NextUInt64(), second = b.NextUInt64();
        Assert.Multiple(() =>
        {
            Assert.That(BitConverter.ToUInt64(bytes, 0), Is.EqualTo(first));
            Assert.That(bytes[8..], Is.EqualTo(BitConverter.GetBytes(second)[..5]));
            Assert.That(a.GetState(), Is.EqualTo(b.GetState()));
        });
    }

    [Test]
    public void AsRandom_DrawsFromAndAdvancesTheGenerator()
    {
        var a = new DeterministicRandom(21);
        var b = new DeterministicRandom(21);
        Random adapter = a.AsRandom();
        double d = adapter.NextDouble();
        int n = adapter.Next(10);
        int m = adapter.Next(5, 5);
        Assert.Multiple(() =>
        {
            Assert.That(d, Is.EqualTo(b.NextDouble()));
            Assert.That(n, Is.EqualTo(b.NextInt32(10)));
            Assert.That(m, Is.EqualTo(5));
            Assert.That(a.GetState(), Is.EqualTo(b.GetState()));
        });
    }

    [Test]
    public void RandomStreams_SameTriple_SameShuffleAndSeed()
    {
        int[] x = [.. Enumerable.Range(0, 50)];
        int[] y = [.. x];
        RandomStreams.Create(1, 2, 3).Shuffle(x);
        RandomStreams.Create(1, 2, 3).Shuffle(y);
        int seed = RandomStreams.DeriveInt32Seed(1, 2, 3);
        var legacyA = new Random(seed);
        var legacyB = new Random(RandomStreams.DeriveInt32Seed(1, 2, 3));
        Assert.Multiple(() =>
        {
            Assert.That(x, Is.EqualTo(y));
            Assert.That(x, Is.Not.EqualTo(Enumerable.Range(0, 50)));
            Assert.That(seed, Is.GreaterThanOrEqualTo(0));
            Assert.That(RandomStreams.DeriveInt32Seed(1, 2, 4), Is.Not.EqualTo(seed));
            Assert.That(Enumerable.Range(0, 20).Select(_ => legacyA.Next()), Is.EqualTo(Enumerable.Range(0, 20).Select(_ => legacyB.Next())));
        });
    }

    [Test]
    public void AsRandom_Int64Ranges_StayInside()
    {
        Random r = new DeterministicRandom(8).AsRandom();
        for (int i = 0; i < 1000; i++)
        {
            Assert.That(r.NextInt64(long.MinValue, long.MaxValue), Is.LessThan(long.MaxValue));
            Assert.That(r.NextInt64(-5, 5), Is.InRange(-5L, 4L));
            Assert.That(r.NextInt64(), Is.InRange(0L, long.MaxValue - 1));
            Assert.That(r.Next(), Is.InRange(0, int.MaxValue - 1));
        }
    }
}
