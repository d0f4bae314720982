using Sparsity.Models.Optimization;

namespace Sparsity.Tests.Models.Optimization;

[TestFixture]
public sealed class LearningRateScheduleTests
{
    [Test]
    public void RateAt_KeySteps_MatchFormula()
    {
        var s = new LearningRateSchedule(1e-3, totalSteps: 100, decayFraction: 0.2, warmupSteps: 10, finalRate: 1e-4);
        Assert.Multiple(() =>
        {
            Assert.That(s.DecayStart, Is.EqualTo(80));
            Assert.That(s.RateAt(0), Is.EqualTo(1e-4).Within(1e-15), "first warm-up step = base / W");
            Assert.That(s.RateAt(4), Is.EqualTo(5e-4).Within(1e-15));
            Assert.That(s.RateAt(9), Is.EqualTo(1e-3).Within(1e-15));
            Assert.That(s.RateAt(10), Is.EqualTo(1e-3));
            Assert.That(s.RateAt(79), Is.EqualTo(1e-3));
            Assert.That(s.RateAt(80), Is.EqualTo(1e-3).Within(1e-15), "decay starts at the base rate");
            Assert.That(s.RateAt(90), Is.EqualTo(5.5e-4).Within(1e-15), "halfway: the mean of base and final");
            Assert.That(s.RateAt(99), Is.EqualTo(1e-4 + 9e-4 * 0.5 * (1 + Math.Cos(Math.PI * 19 / 20))).Within(1e-15));
            Assert.That(s.RateAt(100), Is.EqualTo(1e-4));
            Assert.That(s.RateAt(10_000), Is.EqualTo(1e-4));
        });
    }

    [Test]
    public void RateAt_AfterWarmUp_IsNonIncreasing()
    {
        var s = new LearningRateSchedule(1.2e-3, totalSteps: 997, decayFraction: 0.37, warmupSteps: 3);
        for (long t = 4; t < 1100; t++)
        {
            Assert.That(s.RateAt(t), Is.LessThanOrEqualTo(s.RateAt(t - 1)), $"step {t}");
        }
    }

    [Test]
    public void RateAt_NoDecay_StaysAtBaseForever()
    {
        var s = new LearningRateSchedule(2e-3, totalSteps: 50, decayFraction: 0);
        Assert.Multiple(() =>
        {
            Assert.That(s.RateAt(0), Is.EqualTo(2e-3));
            Assert.That(s.RateAt(49), Is.EqualTo(2e-3));
            Assert.That(s.RateAt(500), Is.EqualTo(2e-3));
        });
    }

    [Test]
    public void RateAt_FullDecay_IsCosineFromTheStart()
    {
        var s = new LearningRateSchedule(1.0, totalSteps: 4, decayFraction: 1);
        Assert.Multiple(() =>
        {
            Assert.That(s.RateAt(0), Is.EqualTo(1.0));
            Assert.That(s.RateAt(2), Is.EqualTo(0.5).Within(1e-15));
            Assert.That(s.RateAt(4), Is.Zero);
        });
    }

    [Test]
    public void Constructor_InvalidArguments_Throw()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new LearningRateSchedule(0, 10, 0.5), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new LearningRateSchedule(1, 0, 0.5), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new LearningRateSchedule(1, 10, 1.5), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new LearningRateSchedule(1, 10, 0.5, warmupSteps: 6), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new LearningRateSchedule(1, 10, 0.5, finalRate: 2), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new LearningRateSchedule(1, 10, 0.5).RateAt(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }
}
