using Sparsity.Models.LanguageModeling;
using Sparsity.Tests.Reference.Models;

namespace Sparsity.Tests.Models.LanguageModeling;

/// <summary>
/// The language model's own plumbing (embedding, masks, tied decoder, loss, gradient routing, state and validation)
/// checked exactly with <see cref="ScaleLayer"/> stand-ins, independently of the EGRU and LSTM layers.
/// </summary>
public sealed class LanguageModelPipelineTests
{
    private static readonly string[] ScaleNames = ["embedding", "decoder.bias", "layers.0.d", "layers.1.d"];

    private static (LanguageModel Model, ScaleLayer[] Layers, ReferenceLanguageModel Reference) Build(int v, int e, int layers, int seed)
    {
        var rng = new Random(seed);
        ScaleLayer[] scale = [.. Enumerable.Range(0, layers).Select(_ => new ScaleLayer(e, rng))];
        var model = new LanguageModel(v, e, scale, seed: seed);
        LmTestData.RandomizeBias(model, rng);
        var reference = new ReferenceLanguageModel(v, e, [.. scale.Select(l => l.ToReference())]);
        LmTestData.CopyWeights(model, reference);
        return (model, scale, reference);
    }

    [TestCase(1, 5, 3, 1, 1, 1)]
    [TestCase(2, 11, 4, 2, 3, 2)]
    [TestCase(3, 7, 9, 3, 1, 5)]
    [TestCase(4, 2, 1, 1, 6, 1)]
    public void ForwardBackward_NoDropout_MatchesReferenceForLossAndEveryGradient(int seed, int v, int e, int layers, int t, int b)
    {
        (LanguageModel model, _, ReferenceLanguageModel reference) = Build(v, e, layers, seed);
        var rng = new Random(seed + 100);
        int[] tokens = LmTestData.Tokens(rng, t, b, v), targets = LmTestData.Tokens(rng, t, b, v);

        ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));
        Dictionary<string, double[]> gradients = reference.Backward(expected.Cache);

        float loss = model.ForwardBackward(tokens, targets, t, b);
        LmAssert.Close(expected.Loss, loss, "loss");
        LmTestData.AssertGradients(model, gradients, "scale layers");

        model.ResetState();
        var logits = new float[t * b * v];
        EvaluationResult eval = model.Evaluate(tokens, targets, t, b, logits);
        LmAssert.Close(LmAssert.Flatten(expected.Logits), logits, "logits");
        LmAssert.Close(expected.Loss * t * b, eval.TotalLoss, "Σ nll");
        Assert.That(eval.Tokens, Is.EqualTo(t * b));
    }

    [Test]
    public void ForwardBackward_DecoderInSmallChunks_SameAsReference()
    {
        const int v = 13, e = 5, t = 4, b = 3;
        (LanguageModel model, _, ReferenceLanguageModel reference) = Build(v, e, 2, seed: 9);
        model.DecoderChunkFloats = 2 * v; // 2 tokens per chunk, 12 tokens: six decoder chunks
        var rng = new Random(1);
        int[] tokens = LmTestData.Tokens(rng, t, b, v), targets = LmTestData.Tokens(rng, t, b, v);
        ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));

        float loss = model.ForwardBackward(tokens, targets, t, b);

        Assert.That(model.Workspace!.DecoderRows, Is.EqualTo(2));
        LmAssert.Close(expected.Loss, loss, "loss");
        LmTestData.AssertGradients(model, reference.Backward(expected.Cache), "chunked decoder");
    }

    [Test]
    public void ForwardBackward_GradientsAccumulateUntilZeroed()
    {
        const int v = 6, e = 3, t = 2, b = 2;
        (LanguageModel model, _, ReferenceLanguageModel reference) = Build(v, e, 1, seed: 4);
        int[] tokens = [1, 2, 3, 4], targets = [2, 3, 4, 5];
        ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));
        Dictionary<string, double[]> once = reference.Backward(expected.Cache);

        model.ForwardBackward(tokens, targets, t, b);
        model.ForwardBackward(tokens, targets, t, b);
        LmTestData.AssertGradients(model, once.ToDictionary(kv => kv.Key, kv => kv.Value.Select(g => 2 * g).ToArray()), "two windows");

        model.ZeroGradients();
        Assert.That(model.Parameters.All(p => p.Parameter.Gradient.All(g => g == 0f)), Is.True);
    }

    [Test]
    public void ForwardBackward_WithDropout_MasksConstantInWindowAndGradientsMatchMaskedReference()
    {
        const int v = 9, e = 6, t = 5, b = 3, layers = 2;
        (LanguageModel model, ScaleLayer[] scale, _) = Build(v, e, layers, seed: 21);
        model.Dropout = new DropoutRates { Embedding = 0.3f, Input = 0.5f, Hidden = 0.4f, Output = 0.25f, RecurrentDropConnect = 0.2f };
        var rng = new Random(2);
        int[] tokens = LmTestData.Tokens(rng, t, b, v), targets = LmTestData.Tokens(rng, t, b, v);
        var random = new Random(77);

        float loss = model.ForwardBackward(tokens, targets, t, b, random);

        LanguageModelWorkspace ws = model.Workspace!;
        Assert.That(scale.All(l => ReferenceEquals(l.LastRandom, random)), Is.True, "training passes the window's Random to the layers (DropConnect)");
        Assert.That(scale.All(l => l.RecurrentDropConnect == 0.2f), Is.True, "the model sets the layers' DropConnect rate");
        AssertMask(ws.InputMask.Values, 0.5f, "input mask");
        AssertMask(ws.HiddenMasks[0].Values, 0.4f, "hidden mask");
        AssertMask(ws.HiddenMasks[1].Values, 0.25f, "output mask");
        float[] rows = model.EmbeddingRowDropout.RowScales;
        Assert.That(rows.All(s => s == 0f || s == 1f / 0.7f), Is.True, "embedding rows dropped or rescaled by 1/(1−p)");

        // The masks are locked: layer l's masked output is its raw output times the same [B, H] mask at every step.
        for (int l = 0; l < layers; l++)
        {
            for (int i = 0; i < t * b * e; i++)
            {
                Assert.That(ws.Dropped[l][i], Is.EqualTo(ws.Outputs[l][i] * ws.HiddenMasks[l].Values[i % (b * e)]), $"layer {l}, index {i}");
            }
        }

        // An independent double computation with the same masks.
        (double expectedLoss, Dictionary<string, double[]> expected) = MaskedReference(model, scale, tokens, targets, t, b, ws, rows);
        LmAssert.Close(expectedLoss, loss, "loss with dropout");
        LmTestData.AssertGradients(model, expected, "dropout");
    }

    [Test]
    public void ForwardBackward_EmbeddingDropout_DropsWholeRows()
    {
        const int v = 4, e = 5, t = 6, b = 4;
        (LanguageModel model, _, _) = Build(v, e, 1, seed: 3);
        model.Dropout = new DropoutRates { Embedding = 0.5f };
        int[] tokens = [.. Enumerable.Range(0, t * b).Select(i => i % v)]; // every word occurs 6 times
        int dropped = 0;
        for (int window = 0; window < 20 && dropped == 0; window++)
        {
            model.ForwardBackward(tokens, tokens, t, b, new Random(window));
            float[] scales = model.EmbeddingRowDropout.RowScales;
            for (int i = 0; i < t * b; i++)
            {
                ReadOnlySpan<float> row = model.Workspace!.Embedded.AsSpan(i * e, e);
                ReadOnlySpan<float> source = model.Embedding.Value.AsSpan(tokens[i] * e, e);
                for (int j = 0; j < e; j++)
                {
                    Assert.That(row[j], Is.EqualTo(source[j] * scales[tokens[i]]), $"token {tokens[i]} at {i}, unit {j}");
                }
            }

            dropped += scales.Count(s => s == 0f);
        }

        Assert.That(dropped, Is.GreaterThan(0), "some word was dropped (all its occurrences read zeros)");
    }

    [Test]
    public void Evaluate_DropoutConfigured_AppliesNone()
    {
        const int v = 8, e = 4, t = 3, b = 2;
        (LanguageModel model, ScaleLayer[] scale, ReferenceLanguageModel reference) = Build(v, e, 2, seed: 5);
        model.Dropout = new DropoutRates { Embedding = 0.5f, Input = 0.5f, Hidden = 0.5f, Output = 0.5f, RecurrentDropConnect = 0.5f };
        int[] tokens = LmTestData.Tokens(new Random(8), t, b, v), targets = LmTestData.Tokens(new Random(9), t, b, v);

        EvaluationResult result = model.Evaluate(tokens, targets, t, b);

        ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));
        LmAssert.Close(expected.Loss * t * b, result.TotalLoss, "Σ nll without dropout");
        Assert.That(scale.All(l => l.LastRandom is null), Is.True, "evaluation passes no Random (no DropConnect)");

        // A training window without a Random applies no dropout either.
        model.ResetState();
        LmAssert.Close(expected.Loss, model.ForwardBackward(tokens, targets, t, b), "loss of a window run without a Random");
    }

    [Test]
    public void Step_TokenByToken_SameLogitsAsEvaluate()
    {
        const int v = 10, e = 4, t = 5, b = 3;
        (LanguageModel model, _, _) = Build(v, e, 2, seed: 12);
        int[] tokens = LmTestData.Tokens(new Random(4), t, b, v);
        var windowLogits = new float[t * b * v];
        model.Evaluate(tokens, tokens, t, b, windowLogits);

        model.ResetState();
        var stepLogits = new float[b * v];
        for (int step = 0; step < t; step++)
        {
            model.Step(tokens.AsSpan(step * b, b), stepLogits);
            Assert.That(stepLogits, Is.EqualTo(windowLogits.AsSpan(step * b * v, b * v).ToArray()).Within(1e-5f), $"step {step}");
        }
    }

    [Test]
    public void Loss_HugeLogits_FiniteAndMatchesReference()
    {
        const int v = 6, e = 3, t = 2, b = 2;
        (LanguageModel model, _, ReferenceLanguageModel reference) = Build(v, e, 1, seed: 6);
        for (int i = 0; i < model.Embedding.Value.Length; i++)
        {
            model.Embedding.Value[i] *= 3000f; // logits of order 10⁴: exp overflows without the max shift
        }

        LmTestData.CopyWeights(model, reference);
        int[] tokens = [0, 1, 2, 3], targets = [5, 4, 3, 2];
        ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));
        Assert.That(expected.Logits.SelectMany(s => s.SelectMany(r => r)).Max(Math.Abs), Is.GreaterThan(1000), "the logits are huge");

        float loss = model.ForwardBackward(tokens, targets, t, b);

        Assert.That(float.IsFinite(loss), Is.True);
        LmAssert.Close(expected.Loss, loss, "loss", 1e-4);
        Assert.That(model.Parameters.All(p => p.Parameter.Gradient.All(float.IsFinite)), Is.True, "finite gradients");
    }

    [Test]
    public void Windows_IdOutOfRange_ThrowWithPosition()
    {
        (LanguageModel model, _, _) = Build(5, 3, 1, seed: 1);
        int[] good = [0, 1, 2, 3], badToken = [0, 1, 5, 3], badTarget = [0, -1, 2, 3];
        Assert.That(() => model.ForwardBackward(badToken, good, 2, 2), Throws.InstanceOf<ArgumentOutOfRangeException>()
            .With.Message.Contains("tokens[2] (t = 1, b = 0) = 5 is outside the vocabulary [0, 5)"));
        Assert.That(() => model.Evaluate(good, badTarget, 2, 2), Throws.InstanceOf<ArgumentOutOfRangeException>()
            .With.Message.Contains("targets[1]"));
        Assert.That(() => model.Step([7, 0], new float[10]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("tokens[0]"));
        Assert.That(() => model.ForwardBackward(good, good, 3, 2), Throws.ArgumentException.With.Message.Contains("[T, B]"));
        Assert.That(() => model.ForwardBackward(good, good, 0, 4), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Windows_BatchChanged_ThrowUntilStateReset()
    {
        (LanguageModel model, _, _) = Build(5, 3, 1, seed: 1);
        int[] four = [0, 1, 2, 3];
        model.ForwardBackward(four, four, 2, 2);
        Assert.That(() => model.Evaluate(four, four, 4, 1), Throws.InvalidOperationException.With.Message.Contains("ResetState(1)"));
        model.ResetState(1);
        Assert.That(model.StateBatch, Is.EqualTo(1));
        Assert.DoesNotThrow(() => model.Evaluate(four, four, 4, 1));
    }

    [Test]
    public void Constructor_WidthsDoNotChain_Throws()
    {
        var rng = new Random(1);
        Assert.That(() => new LanguageModel(5, 4, [new ScaleLayer(3, rng)]), Throws.ArgumentException.With.Message.Contains("Layer 0 reads width 3"));
        Assert.That(() => new LanguageModel(5, 4, []), Throws.ArgumentException);
    }

    [Test]
    public void Parameters_GlobalNamesInOrder_AreTheLayersOwnObjects()
    {
        (LanguageModel model, ScaleLayer[] scale, _) = Build(5, 3, 2, seed: 1);
        Assert.That(model.Parameters.Select(p => p.Name), Is.EqualTo(ScaleNames));
        Assert.That(model.GetParameter("layers.1.d"), Is.SameAs(scale[1].Parameters[0]));
        Assert.That(model.Embedding.Value.All(x => x >= -0.1f && x < 0.1f), Is.True, "embedding ~ U(−0.1, 0.1)");
        Assert.That(() => model.GetParameter("layers.2.d"), Throws.InstanceOf<KeyNotFoundException>());
    }

    [Test]
    public void Statistics_DecoderCountsOnlyNonZeroInputs()
    {
        const int v = 7, e = 4, t = 3, b = 2;
        (LanguageModel model, ScaleLayer[] scale, _) = Build(v, e, 1, seed: 2);
        scale[0].Parameters[0].Value[1] = 0f; // unit 1 of the top is always 0: 3 of 4 inputs nonzero
        scale[0].Parameters[0].Value[3] = 0f; // and unit 3: 2 of 4
        model.ResetStatistics();
        model.Evaluate(LmTestData.Tokens(new Random(1), t, b, v), LmTestData.Tokens(new Random(2), t, b, v), t, b);

        ModelStatistics stats = model.GetStatistics();
        Assert.That(stats.Tokens, Is.EqualTo(t * b));
        Assert.That(stats.DecoderMacsPerToken, Is.EqualTo(2.0 * v));
        Assert.That(stats.DenseDecoderMacsPerToken, Is.EqualTo((double)v * e));
        Assert.That(stats.DenseLstmMacsPerToken, Is.EqualTo(4.0 * e * (e + e)));
        Assert.That(stats.Layers[0].Activity, Is.EqualTo(0.5));
        Assert.That(stats.EffectiveMacsPerTokenWithDecoder, Is.EqualTo(stats.EffectiveMacsPerToken + (2.0 * v)));
    }

    private static void AssertMask(float[] mask, float p, string what) =>
        Assert.That(mask.All(m => m == 0f || m == 1f / (1f - p)), Is.True, $"{what}: entries are 0 or 1/(1−p)");

    /// <summary>Loss and every gradient of a stack of scale layers with the given masks, in double, by plain loops.</summary>
    private static (double Loss, Dictionary<string, double[]> Gradients) MaskedReference(
        LanguageModel model, ScaleLayer[] layers, int[] tokens, int[] targets, int t, int b, LanguageModelWorkspace ws, float[] rowScales)
    {
        int v = model.Vocabulary, e = model.EmbeddingSize, n = t * b;
        double[] emb = [.. model.Embedding.Value.Select(x => (double)x)];
        double[] bias = [.. model.DecoderBias.Value.Select(x => (double)x)];
        double[][] d = [.. layers.Select(l => l.Parameters[0].Value.Select(x => (double)x).ToArray())];
        double Mask(LockedDropoutMask m, int i, int j) => m.IsActive ? m.Values[((i % b) * e) + j] : 1.0;

        // Forward: inputs[l] is layer l's (masked) input, per token.
        var inputs = new double[layers.Length + 1][][];
        inputs[0] = new double[n][];
        for (int i = 0; i < n; i++)
        {
            inputs[0][i] = [.. Enumerable.Range(0, e).Select(j => emb[(tokens[i] * e) + j] * rowScales[tokens[i]] * Mask(ws.InputMask, i, j))];
        }

        for (int l = 0; l < layers.Length; l++)
        {
            int layer = l;
            inputs[l + 1] = [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, e).Select(j => d[layer][j] * inputs[layer][i][j] * Mask(ws.HiddenMasks[layer], i, j)).ToArray())];
        }

        double[][] top = inputs[^1];
        var grads = new Dictionary<string, double[]> { ["embedding"] = new double[v * e], ["decoder.bias"] = new double[v] };
        double loss = 0;
        var dTop = new double[n][];
        for (int i = 0; i < n; i++)
        {
            double[] z = [.. Enumerable.Range(0, v).Select(w => bias[w] + Enumerable.Range(0, e).Sum(j => emb[(w * e) + j] * top[i][j]))];
            double lse = ReferenceLanguageModel.LogSumExp(z);
            loss += lse - z[targets[i]];
            dTop[i] = new double[e];
            for (int w = 0; w < v; w++)
            {
                double dz = (Math.Exp(z[w] - lse) - (w == targets[i] ? 1 : 0)) / n;
                grads["decoder.bias"][w] += dz;
                for (int j = 0; j < e; j++)
                {
                    grads["embedding"][(w * e) + j] += dz * top[i][j];
                    dTop[i][j] += dz * emb[(w * e) + j];
                }
            }
        }

        double[][] dy = dTop;
        for (int l = layers.Length - 1; l >= 0; l--)
        {
            var dd = new double[e];
            var dx = new double[n][];
            for (int i = 0; i < n; i++)
            {
                dx[i] = new double[e];
                for (int j = 0; j < e; j++)
                {
                    double g = dy[i][j] * Mask(ws.HiddenMasks[l], i, j); // through layer l's output mask
                    dd[j] += g * inputs[l][i][j];
                    dx[i][j] = d[l][j] * g;
                }
            }

            grads[$"layers.{l}.d"] = dd;
            dy = dx;
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < e; j++)
            {
                grads["embedding"][(tokens[i] * e) + j] += dy[i][j] * Mask(ws.InputMask, i, j) * rowScales[tokens[i]];
            }
        }

        return (loss / n, grads);
    }
}
