using Sparsity.Models.LanguageModeling;

namespace Sparsity.Tests.Models.LanguageModeling;

public sealed class DropoutMaskTests
{
    [TestCase(0.5f)]
    [TestCase(0.1f)]
    [TestCase(0.9f)]
    public void LockedDropoutMask_Draw_EntriesAreZeroOrRescaled(float p)
    {
        var mask = new LockedDropoutMask(batch: 7, width: 61);
        mask.Draw(new Random(3), p);
        Assert.That(mask.IsActive, Is.True);
        float keep = 1f / (1f - p);
        Assert.That(mask.Values.All(v => v == 0f || v == keep), Is.True, "every entry is 0 or 1/(1−p)");
        double dropped = mask.Values.Count(v => v == 0f) / (double)mask.Values.Length;
        // Within 4 standard errors (p = 0.1: ± 0.058), so a mask that drops nothing (or everything) fails.
        Assert.That(dropped, Is.EqualTo(p).Within(4 * Math.Sqrt(p * (1 - p) / mask.Values.Length)), "about p of the entries are dropped");
    }

    [Test]
    public void LockedDropoutMask_Apply_SameMaskAtEveryStep()
    {
        const int steps = 4, batch = 3, width = 5;
        var mask = new LockedDropoutMask(batch, width);
        mask.Draw(new Random(11), 0.5f);
        float[] x = [.. Enumerable.Range(1, steps * batch * width).Select(i => (float)i)];
        var y = new float[x.Length];
        mask.Apply(x, y, steps);
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < batch * width; i++)
            {
                int k = (t * batch * width) + i;
                Assert.That(y[k], Is.EqualTo(x[k] * mask.Values[i]), $"t = {t}, (b, k) = {i}");
            }
        }
    }

    [Test]
    public void LockedDropoutMask_NoRandomOrZeroRate_IsInactiveAndCopies()
    {
        var mask = new LockedDropoutMask(2, 3);
        mask.Draw(null, 0.5f);
        Assert.That(mask.IsActive, Is.False);
        mask.Draw(new Random(1), 0f);
        Assert.That(mask.IsActive, Is.False);
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var y = new float[x.Length];
        mask.Apply(x, y, 2);
        Assert.That(y, Is.EqualTo(x));
    }

    [Test]
    public void EmbeddingDropout_Draw_RowScalesAreZeroOrRescaled()
    {
        var dropout = new EmbeddingDropout(500);
        dropout.Draw(new Random(5), 0.25f);
        Assert.That(dropout.RowScales.All(v => v == 0f || v == 1f / 0.75f), Is.True);
        Assert.That(dropout.RowScales.Count(v => v == 0f), Is.InRange(75, 175));
        dropout.Clear();
        Assert.That(dropout.Scale(3), Is.EqualTo(1f), "inactive: every row kept unscaled");
    }
}
