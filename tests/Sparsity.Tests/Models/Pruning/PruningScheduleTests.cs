using Sparsity.Models.Pruning;

namespace Sparsity.Tests.Models.Pruning;

[TestFixture]
public sealed class PruningScheduleTests
{
    [Test]
    public void One_shot_prunes_at_its_step_only()
    {
        var s = new OneShotSchedule(0.9, 10);
        Assert.That(s.TargetAt(9), Is.Null);
        Assert.That(s.TargetAt(10), Is.EqualTo(0.9));
        Assert.That(s.TargetAt(11), Is.Null);
    }

    [Test]
    public void Iterative_walks_the_levels()
    {
        var s = new IterativeSchedule([0.5, 0.7, 0.8, 0.9, 0.95], 100, start: 50);
        Assert.That(s.TargetAt(0), Is.Null);
        Assert.That(s.TargetAt(50), Is.EqualTo(0.5));
        Assert.That(s.TargetAt(149), Is.Null);
        Assert.That(s.TargetAt(150), Is.EqualTo(0.7));
        Assert.That(s.TargetAt(450), Is.EqualTo(0.95));
        Assert.That(s.TargetAt(550), Is.Null);
        Assert.That(s.FinalSparsity, Is.EqualTo(0.95));
        Assert.Throws<ArgumentException>(() => _ = new IterativeSchedule([0.5, 0.5], 10));
        Assert.Throws<ArgumentException>(() => _ = new IterativeSchedule([], 10));
    }

    [Test]
    public void Gradual_follows_the_cubic_formula()
    {
        var s = new GradualSchedule(0.0, 0.9, start: 100, interval: 10, count: 4);
        Assert.That(s.TargetAt(99), Is.Null);
        Assert.That(s.TargetAt(105), Is.Null);
        Assert.That(s.TargetAt(100), Is.EqualTo(0.0).Within(1e-12));
        for (int k = 0; k <= 4; k++)
        {
            double expected = 0.9 + ((0.0 - 0.9) * Math.Pow(1 - (k / 4.0), 3));
            Assert.That(s.TargetAt(100 + (10 * k)), Is.EqualTo(expected).Within(1e-12));
        }

        Assert.That(s.TargetAt(140), Is.EqualTo(0.9).Within(1e-12));
        Assert.That(s.TargetAt(150), Is.Null);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new GradualSchedule(0.5, 0.4, 0, 1, 1));
    }
}
