using Sparsity.Models.Parameters;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;
using Sparsity.Tests.Reference.Models;

namespace Sparsity.Tests.Models.LanguageModeling;

/// <summary>
/// The production language model with real EGRU and LSTM layers against <see cref="ReferenceLanguageModel"/> built
/// from <see cref="ReferenceEgru"/>/<see cref="ReferenceLstm"/> holding the same weights: logits, loss and every
/// gradient by name, dropouts off.
/// </summary>
public sealed class LanguageModelReferenceTests
{
    private static readonly string[] EgruNames =
    [
        "embedding", "decoder.bias",
        "layers.0.W", "layers.0.R", "layers.0.bx", "layers.0.br", "layers.0.theta",
        "layers.1.W", "layers.1.R", "layers.1.bx", "layers.1.br", "layers.1.theta",
    ];

    private static int[] Sizes(params int[] sizes) => sizes;

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (RecurrentCellType cell in new[] { RecurrentCellType.Egru, RecurrentCellType.Lstm })
        {
            yield return new TestCaseData(cell, 1, 7, 5, Sizes(5), 3, 2).SetName($"{cell}_OneLayer_V7_E5_T3_B2");
            yield return new TestCaseData(cell, 2, 13, 6, Sizes(9, 6), 4, 3).SetName($"{cell}_TwoLayers_V13_E6_H9_T4_B3");
            yield return new TestCaseData(cell, 3, 5, 4, Sizes(11, 7, 4), 5, 1).SetName($"{cell}_ThreeLayers_B1");
            yield return new TestCaseData(cell, 4, 9, 6, Sizes(6), 1, 4).SetName($"{cell}_T1_B4");
            yield return new TestCaseData(cell, 5, 17, 10, Sizes(17, 10), 6, 2).SetName($"{cell}_H17_E10_T6");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ForwardBackward_MatchesReference_LogitsLossEveryGradient(RecurrentCellType cell, int seed, int v, int e, int[] hidden, int t, int b)
    {
        (LanguageModel model, ReferenceLanguageModel reference) = RealModels.Build(cell, v, e, hidden, seed);
        var rng = new Random(seed);
        int[] tokens = LmTestData.Tokens(rng, t, b, v), targets = LmTestData.Tokens(rng, t, b, v);
        ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));
        Dictionary<string, double[]> gradients = reference.Backward(expected.Cache);

        var logits = new float[t * b * v];
        EvaluationResult eval = model.Evaluate(tokens, targets, t, b, logits);
        LmAssert.Close(LmAssert.Flatten(expected.Logits), logits, $"{cell} logits", 1e-4);
        LmAssert.Close(expected.Loss * t * b, eval.TotalLoss, $"{cell} Σ nll", 1e-4);

        model.ResetState();
        model.ResetStatistics();
        float loss = model.ForwardBackward(tokens, targets, t, b);
        LmAssert.Close(expected.Loss, loss, $"{cell} loss", 1e-4);
        LmTestData.AssertGradients(model, gradients, cell.ToString(), 2e-4);

        if (cell == RecurrentCellType.Egru)
        {
            // The test means something only if some units fire and some do not.
            foreach (LayerSummary layer in model.GetStatistics().Layers)
            {
                Assert.That(layer.Activity, Is.GreaterThan(0).And.LessThan(1), $"layer {layer.Index} activity");
            }
        }
    }

    [TestCase(RecurrentCellType.Egru)]
    [TestCase(RecurrentCellType.Lstm)]
    public void Windows_CarryState_SameLogitsAsOneLongWindow(RecurrentCellType cell)
    {
        const int v = 11, e = 6, b = 2, t1 = 3, t2 = 4;
        (LanguageModel model, _) = RealModels.Build(cell, v, e, [8, 6], seed: 31);
        int[] tokens = LmTestData.Tokens(new Random(2), t1 + t2, b, v);
        var whole = new float[(t1 + t2) * b * v];
        model.Evaluate(tokens, tokens, t1 + t2, b, whole);

        model.ResetState();
        var first = new float[t1 * b * v];
        var second = new float[t2 * b * v];
        model.Evaluate(tokens.AsSpan(0, t1 * b), tokens.AsSpan(0, t1 * b), t1, b, first);
        model.ForwardBackward(tokens.AsSpan(t1 * b), tokens.AsSpan(t1 * b), t2, b); // a training window carries state too
        model.ResetState();
        model.Evaluate(tokens.AsSpan(0, t1 * b), tokens.AsSpan(0, t1 * b), t1, b);
        model.Evaluate(tokens.AsSpan(t1 * b), tokens.AsSpan(t1 * b), t2, b, second);

        Assert.That(first, Is.EqualTo(whole.AsSpan(0, first.Length).ToArray()).Within(1e-5f));
        Assert.That(second, Is.EqualTo(whole.AsSpan(first.Length).ToArray()).Within(1e-5f));

        model.ResetState();
        var again = new float[t1 * b * v];
        model.Evaluate(tokens.AsSpan(0, t1 * b), tokens.AsSpan(0, t1 * b), t1, b, again);
        Assert.That(again, Is.EqualTo(first), "ResetState restarts from the zero state");
    }

    [TestCase(RecurrentCellType.Egru)]
    [TestCase(RecurrentCellType.Lstm)]
    public void Step_TokenByToken_SameLogitsAsWindow(RecurrentCellType cell)
    {
        const int v = 12, e = 5, t = 6, b = 3;
        (LanguageModel model, _) = RealModels.Build(cell, v, e, [9, 5], seed: 8);
        int[] tokens = LmTestData.Tokens(new Random(5), t, b, v);
        var window = new float[t * b * v];
        model.Evaluate(tokens, tokens, t, b, window);

        model.ResetState();
        var logits = new float[b * v];
        for (int step = 0; step < t; step++)
        {
            model.Step(tokens.AsSpan(step * b, b), logits);
            Assert.That(logits, Is.EqualTo(window.AsSpan(step * b * v, b * v).ToArray()).Within(1e-5f), $"{cell} step {step}");
        }
    }

    [TestCase(RecurrentCellType.Egru)]
    [TestCase(RecurrentCellType.Lstm)]
    public void Execution_DenseAndSparse_SameLossAndGradients(RecurrentCellType cell)
    {
        const int v = 10, e = 6, t = 4, b = 3;
        (LanguageModel model, _) = RealModels.Build(cell, v, e, [9, 6], seed: 12);
        int[] tokens = LmTestData.Tokens(new Random(7), t, b, v), targets = LmTestData.Tokens(new Random(8), t, b, v);

        model.Execution = LayerExecution.Dense;
        float dense = model.ForwardBackward(tokens, targets, t, b);
        Dictionary<string, double[]> denseGradients = model.Parameters.ToDictionary(p => p.Name, p => p.Parameter.Gradient.Select(g => (double)g).ToArray());

        model.ZeroGradients();
        model.ResetState();
        model.Execution = LayerExecution.Sparse;
        Assert.That(model.Layers.All(l => l.Execution == LayerExecution.Sparse), Is.True);
        float sparse = model.ForwardBackward(tokens, targets, t, b);

        LmAssert.Close(dense, sparse, "loss");
        LmTestData.AssertGradients(model, denseGradients, "sparse vs dense", 1e-5);
    }

    [TestCase(RecurrentCellType.Egru)]
    [TestCase(RecurrentCellType.Lstm)]
    public void DropConnect_TrainingOnly(RecurrentCellType cell)
    {
        const int v = 9, e = 5, t = 4, b = 2;
        (LanguageModel model, ReferenceLanguageModel reference) = RealModels.Build(cell, v, e, [7, 5], seed: 3);
        int[] tokens = LmTestData.Tokens(new Random(1), t, b, v), targets = LmTestData.Tokens(new Random(2), t, b, v);
        ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));
        model.Dropout = new DropoutRates { RecurrentDropConnect = 0.5f };
        Assert.That(model.Layers.All(l => l.RecurrentDropConnect == 0.5f), Is.True);

        float dropped = model.ForwardBackward(tokens, targets, t, b, new Random(4));
        Assert.That(Math.Abs(dropped - expected.Loss), Is.GreaterThan(1e-4), "DropConnect changes a training window's loss");

        model.ResetState();
        LmAssert.Close(expected.Loss * t * b, model.Evaluate(tokens, targets, t, b).TotalLoss, "evaluation ignores DropConnect", 1e-4);
    }

    [TestCase(1f, 1f)]
    [TestCase(1f, 0f)]
    [TestCase(0f, 1f)]
    public void Decoder_SparsePaths_MatchReferenceIncludingShortLastChunkAndSteps(float eventDensity, float gradientDensity)
    {
        const int v = 13, e = 6, t = 4, b = 3;
        (LanguageModel model, ReferenceLanguageModel reference) = RealModels.Build(RecurrentCellType.Egru, v, e, [9, 6], seed: 14);
        model.DecoderEventDensity = eventDensity;            // 1: every chunk event-driven; 0: dense
        model.DecoderSparseGradientDensity = gradientDensity; // 1: every chunk's dEmb formed transposed; 0: dense
        model.DecoderChunkFloats = 5 * v;  // 5-token chunks over 12 tokens: the last chunk is short
        var rng = new Random(6);
        int[] tokens = LmTestData.Tokens(rng, t, b, v), targets = LmTestData.Tokens(rng, t, b, v);
        ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));

        float loss = model.ForwardBackward(tokens, targets, t, b);
        Assert.That(model.DecoderEventChunks, Is.EqualTo(eventDensity > 0 ? 3 : 0));
        LmAssert.Close(expected.Loss, loss, "loss");
        LmTestData.AssertGradients(model, reference.Backward(expected.Cache), "event decoder", 2e-4);

        model.ResetState();
        var window = new float[t * b * v];
        model.Evaluate(tokens, targets, t, b, window);
        LmAssert.Close(LmAssert.Flatten(expected.Logits), window, "event decoder logits");

        model.ResetState();
        var logits = new float[b * v];
        for (int step = 0; step < t; step++)
        {
            model.Step(tokens.AsSpan(step * b, b), logits);
            Assert.That(logits, Is.EqualTo(window.AsSpan(step * b * v, b * v).ToArray()).Within(1e-5f), $"step {step}");
        }

        Assert.That(model.DecoderEventChunks, Is.EqualTo(eventDensity > 0 ? 3 + 3 + t : 0), "steps ran the event path too");
    }

    [TestCase(1f)]
    [TestCase(-1f)] // below 0: never event-driven (0 would still take it for an all-zero top output)
    public void Decoder_SingleRowSteps_EventAndDensePathsMatchTheWindow(float singleRowDensity)
    {
        const int v = 13, e = 6, t = 5;
        (LanguageModel model, _) = RealModels.Build(RecurrentCellType.Egru, v, e, [9, 6], seed: 15);
        model.DecoderEventDensity = 0f; // the window runs the dense decoder: an independent path for the comparison
        model.SingleRowDecoderEventDensity = singleRowDensity;
        var rng = new Random(7);
        int[] tokens = LmTestData.Tokens(rng, t, 1, v), targets = LmTestData.Tokens(rng, t, 1, v);
        var window = new float[t * v];
        model.Evaluate(tokens, targets, t, 1, window);
        long chunksBefore = model.DecoderEventChunks;

        model.ResetState(1);
        var logits = new float[v];
        for (int step = 0; step < t; step++)
        {
            model.Step(tokens.AsSpan(step, 1), logits);
            Assert.That(logits, Is.EqualTo(window.AsSpan(step * v, v).ToArray()).Within(1e-5f), $"step {step}");
        }

        Assert.That(model.DecoderEventChunks - chunksBefore, Is.EqualTo(singleRowDensity > 0 ? t : 0), "single-row steps took the event path");
    }

    [TestCase(RecurrentCellType.Egru)]
    [TestCase(RecurrentCellType.Lstm)]
    public void SgdSteps_LossTracksReferenceOverSeveralUpdates(RecurrentCellType cell)
    {
        const int v = 11, e = 5, t = 4, b = 2, updates = 4;
        const float lr = 0.3f;
        (LanguageModel model, ReferenceLanguageModel reference) = RealModels.Build(cell, v, e, [8, 5], seed: 23);
        var rng = new Random(3);
        for (int update = 0; update < updates; update++)
        {
            int[] tokens = LmTestData.Tokens(rng, t, b, v), targets = LmTestData.Tokens(rng, t, b, v);
            ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));
            Dictionary<string, double[]> gradients = reference.Backward(expected.Cache);

            model.ResetState();
            model.ZeroGradients();
            float loss = model.ForwardBackward(tokens, targets, t, b);
            LmAssert.Close(expected.Loss, loss, $"{cell} loss after {update} updates", 1e-4);

            // The same plain SGD on both (thresholds included: the reference has no frozen-parameter notion).
            foreach (NamedParameter p in model.Parameters)
            {
                double[] r = reference.Parameters[p.Name], g = gradients[p.Name];
                for (int i = 0; i < r.Length; i++)
                {
                    p.Parameter.Value[i] -= lr * p.Parameter.Gradient[i];
                    r[i] -= lr * g[i];
                }
            }
        }
    }

    [Test]
    public void Factory_SameConfig_SameWeightsAndNames()
    {
        var config = new LanguageModelConfig { CellType = RecurrentCellType.Egru, Vocabulary = 20, EmbeddingSize = 4, HiddenSizes = [6, 4], Seed = 5 };
        LanguageModel a = LanguageModelFactory.Create(config), c = LanguageModelFactory.Create(LanguageModelConfig.FromJson(config.ToJson()));
        Assert.That(a.Config, Is.EqualTo(config));
        Assert.That(a.Parameters.Select(p => p.Name), Is.EqualTo(c.Parameters.Select(p => p.Name)));
        Assert.That(a.Parameters.Select(p => p.Name), Is.EqualTo(EgruNames));
        foreach ((NamedParameter p, NamedParameter q) in a.Parameters.Zip(c.Parameters))
        {
            Assert.That(q.Parameter.Value, Is.EqualTo(p.Parameter.Value), p.Name);
        }

        Assert.That(((Egru)a.Layers[0]).Options.SparseInput, Is.False, "layer 0 reads the dense embedding");
        Assert.That(((Egru)a.Layers[1]).Options.SparseInput, Is.True, "layer 1 reads events");
        Assert.That(a.GetParameter("layers.1.theta").LearningRateMultiplier, Is.Zero, "thresholds frozen by default");
        float[] thresholds = [.. a.GetParameter("layers.0.theta").Value, .. a.GetParameter("layers.1.theta").Value];
        Assert.That(thresholds.Average(), Is.LessThan(0.1), "thresholds ~ Beta with mean 0.01");
        Assert.That(thresholds.Max(), Is.GreaterThan(1e-3f), "drawn, not left at zero (P(θ > 1e-3) ≈ 0.15 per unit; this seed draws some)");

        LanguageModel lstm = LanguageModelFactory.Create(config with { CellType = RecurrentCellType.Lstm });
        Assert.That(lstm.Layers.All(l => l is Lstm), Is.True);
        Assert.That(lstm.GetParameter("layers.1.W").Rows, Is.EqualTo(16));
    }

    [Test]
    public void Statistics_Lstm_ReductionFactorIsOne_Egru_CountsActivity()
    {
        const int v = 10, e = 6, t = 5, b = 2;
        int[] tokens = LmTestData.Tokens(new Random(3), t, b, v);
        (LanguageModel lstm, _) = RealModels.Build(RecurrentCellType.Lstm, v, e, [8, 6], seed: 2);
        lstm.Evaluate(tokens, tokens, t, b);
        ModelStatistics ls = lstm.GetStatistics();
        Assert.That(ls.ReductionFactor, Is.EqualTo(1.0).Within(1e-12), "a dense LSTM is its own baseline");
        Assert.That(ls.DenseLstmMacsPerToken, Is.EqualTo((4.0 * 8 * (6 + 8)) + (4.0 * 6 * (8 + 6))));
        Assert.That(ls.DecoderMacsPerToken, Is.EqualTo(ls.DenseDecoderMacsPerToken).Within(1e-9), "LSTM outputs are dense");

        (LanguageModel egru, _) = RealModels.Build(RecurrentCellType.Egru, v, e, [8, 6], seed: 2);
        egru.ForwardBackward(tokens, tokens, t, b);
        ModelStatistics es = egru.GetStatistics();
        Assert.That(es.Tokens, Is.EqualTo(t * b));
        Assert.That(es.Layers[1].Activity, Is.LessThan(1.0));
        Assert.That(es.Layers.All(l => l.BackwardSparsity is >= 0 and <= 1), Is.True, "backward sparsity reported");
        Assert.That(es.DecoderMacsPerToken, Is.EqualTo(es.Layers[1].Activity * v * e).Within(1e-9), "decoder MACs = V × nonzero inputs");
        Assert.That(es.ReductionFactorWithDecoder, Is.EqualTo(es.DenseLstmMacsPerTokenWithDecoder / es.EffectiveMacsPerTokenWithDecoder));
    }
}
