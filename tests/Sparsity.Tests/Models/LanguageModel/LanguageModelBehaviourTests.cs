using Sparsity.Models.Parameters;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;

namespace Sparsity.Tests.Models.LanguageModeling;

/// <summary>Buffer reuse, state save/restore and other behaviour of the model with real layers.</summary>
public sealed class LanguageModelBehaviourTests
{
    [TestCase(RecurrentCellType.Egru, LayerExecution.Sparse)]
    [TestCase(RecurrentCellType.Egru, LayerExecution.Dense)]
    [TestCase(RecurrentCellType.Lstm, LayerExecution.Sparse)]
    public void Windows_Warm_AllocateNothing(RecurrentCellType cell, LayerExecution execution)
    {
        const int v = 40, e = 8, b = 3;
        (LanguageModel model, _) = RealModels.Build(cell, v, e, [12, 8], seed: 4);
        model.Execution = execution;
        model.Dropout = new DropoutRates { Embedding = 0.1f, Input = 0.2f, Hidden = 0.2f, Output = 0.2f, RecurrentDropConnect = 0.3f };
        model.DecoderEventDensity = execution == LayerExecution.Sparse ? 1f : 0f; // Sparse: the event decoder runs too
        int[] tokens = LmTestData.Tokens(new Random(1), 6, b, v);
        var random = new Random(2);
        var logits = new float[b * v];

        // Warm-up at the longest window; shorter windows (random BPTT lengths) then reuse the same buffers.
        model.ForwardBackward(tokens, tokens, 6, b, random);
        model.Evaluate(tokens, tokens, 6, b);
        model.Step(tokens.AsSpan(0, b), logits);

        long before = GC.GetAllocatedBytesForCurrentThread();
        model.ForwardBackward(tokens.AsSpan(0, 4 * b), tokens.AsSpan(0, 4 * b), 4, b, random);
        model.ForwardBackward(tokens, tokens, 6, b, random);
        model.Evaluate(tokens.AsSpan(0, 5 * b), tokens.AsSpan(0, 5 * b), 5, b);
        model.Step(tokens.AsSpan(b, b), logits);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero, $"{cell} {execution}: bytes allocated by warm windows and a step");
    }

    [TestCase(RecurrentCellType.Egru)]
    [TestCase(RecurrentCellType.Lstm)]
    public void Advance_MovesTheStateLikeStep(RecurrentCellType cell)
    {
        const int v = 23, e = 6, b = 2, t = 4;
        (LanguageModel stepped, _) = RealModels.Build(cell, v, e, [9, e], seed: 5);
        (LanguageModel advanced, _) = RealModels.Build(cell, v, e, [9, e], seed: 5);
        int[] tokens = LmTestData.Tokens(new Random(8), t, b, v);
        var expected = new float[b * v];
        var actual = new float[b * v];
        stepped.ResetState(b);
        advanced.ResetState(b);
        for (int s = 0; s < t - 1; s++)
        {
            stepped.Step(tokens.AsSpan(s * b, b), expected);
            advanced.Advance(tokens.AsSpan(s * b, b));
        }

        stepped.Step(tokens.AsSpan((t - 1) * b, b), expected);
        advanced.Step(tokens.AsSpan((t - 1) * b, b), actual);

        Assert.That(actual, Is.EqualTo(expected), "the last logits after Advance over the prefix");
        Assert.That(expected.Any(x => x != expected[0]), Is.True, "the logits vary, so the comparison means something");
        Assert.That(() => advanced.Advance([v]), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => advanced.Advance([1, 2, 3]), Throws.InvalidOperationException);
    }

    [Test]
    public void CloneAndRestoreState_ResumesTheStream()
    {
        const int v = 15, e = 5, b = 2, t = 3;
        (LanguageModel model, _) = RealModels.Build(RecurrentCellType.Egru, v, e, [7, 5], seed: 9);
        int[] tokens = LmTestData.Tokens(new Random(3), 2 * t, b, v);
        model.Evaluate(tokens.AsSpan(0, t * b), tokens.AsSpan(0, t * b), t, b);
        IReadOnlyList<RecurrentState> saved = model.CloneState();
        var expected = new float[t * b * v];
        model.Evaluate(tokens.AsSpan(t * b), tokens.AsSpan(t * b), t, b, expected);

        model.ResetState(1); // something else in between, even another batch size
        model.RestoreState(saved);
        var actual = new float[t * b * v];
        model.Evaluate(tokens.AsSpan(t * b), tokens.AsSpan(t * b), t, b, actual);

        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(model.StateBatch, Is.EqualTo(b));
    }

    [Test]
    public void Training_FewSgdSteps_LossDecreasesOnARepeatedWindow()
    {
        const int v = 12, e = 6, t = 5, b = 2;
        foreach (RecurrentCellType cell in new[] { RecurrentCellType.Egru, RecurrentCellType.Lstm })
        {
            (LanguageModel model, _) = RealModels.Build(cell, v, e, [10, 6], seed: 5, scale: 0.3);
            int[] tokens = LmTestData.Tokens(new Random(1), t, b, v);
            int[] targets = [.. tokens.Select(x => (x + 1) % v)];
            float first = 0, last = 0;
            for (int step = 0; step < 30; step++)
            {
                model.ResetState();
                model.ZeroGradients();
                float loss = model.ForwardBackward(tokens, targets, t, b);
                first = step == 0 ? loss : first;
                last = loss;
                foreach (NamedParameter p in model.Parameters)
                {
                    float lr = 0.5f * p.Parameter.LearningRateMultiplier;
                    for (int i = 0; i < p.Parameter.Length; i++)
                    {
                        p.Parameter.Value[i] -= lr * p.Parameter.Gradient[i];
                    }
                }
            }

            Assert.That(last, Is.LessThan(0.85f * first), $"{cell}: loss {first} → {last} after 30 SGD steps");
        }
    }
}
