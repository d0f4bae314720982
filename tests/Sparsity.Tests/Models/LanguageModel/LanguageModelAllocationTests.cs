using Sparsity.Models.LanguageModeling;

namespace Sparsity.Tests.Models.LanguageModeling;

/// <summary>The model's own code allocates nothing per warm window or step (scale-layer stand-ins, which allocate nothing either).</summary>
public sealed class LanguageModelAllocationTests
{
    [Test]
    public void Windows_ScaleLayers_Warm_AllocateNothing()
    {
        var rng = new Random(1);
        var model = new LanguageModel(20, 4, [new ScaleLayer(4, rng), new ScaleLayer(4, rng)]);
        model.Dropout = new DropoutRates { Embedding = 0.1f, Input = 0.2f, Hidden = 0.2f, Output = 0.2f };
        int[] tokens = LmTestData.Tokens(rng, 6, 2, 20);
        var logits = new float[2 * 20];
        var random = new Random(3);
        model.ForwardBackward(tokens, tokens, 6, 2, random);
        model.Step(tokens.AsSpan(0, 2), logits);
        model.Step(tokens.AsSpan(0, 2), logits);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.ForwardBackward(tokens.AsSpan(0, 8), tokens.AsSpan(0, 8), 4, 2, random);
        model.Evaluate(tokens, tokens, 6, 2);
        long windows = GC.GetAllocatedBytesForCurrentThread() - before;
        long s0 = GC.GetAllocatedBytesForCurrentThread();
        model.Step(tokens.AsSpan(2, 2), logits);
        long step = GC.GetAllocatedBytesForCurrentThread() - s0;
        Assert.That((windows, step), Is.EqualTo((0L, 0L)), "bytes allocated by warm windows, then by a warm step");
    }
}
