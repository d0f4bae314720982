using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sparsity.Core.Interop;
using Sparsity.Models.Data;
using Sparsity.Models.Interop;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;
using Sparsity.Models.Pruning;
using Sparsity.Models.Training;
using Sparsity.Tests.Reference.Models;

namespace Sparsity.Tests.Models.LanguageModeling;

/// <summary>
/// The decoder projection (<see cref="DecoderProjection"/>): the whole model's logits, loss and every gradient against
/// the double reference with its independently written projection, the event-driven and transposed-gradient paths,
/// window = steps, output dropout before the projection, no allocation, statistics, configuration, factory and
/// checkpoint round trip.
/// </summary>
public sealed class LanguageModelProjectionTests
{
    private static int[] Sizes(params int[] sizes) => sizes;

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (RecurrentCellType cell in new[] { RecurrentCellType.Egru, RecurrentCellType.Lstm })
        {
            yield return new TestCaseData(cell, 1, 7, 5, Sizes(8), 3, 2).SetName($"{cell}_OneLayer_H8_To_E5");
            yield return new TestCaseData(cell, 2, 13, 6, Sizes(9, 11), 4, 3).SetName($"{cell}_TwoLayers_Top11_To_E6");
            yield return new TestCaseData(cell, 3, 9, 6, Sizes(7, 6), 3, 1).SetName($"{cell}_TopEqualsE_B1");
            yield return new TestCaseData(cell, 4, 11, 8, Sizes(10, 4), 5, 2).SetName($"{cell}_Top4_NarrowerThanE8");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ForwardBackward_MatchesReference_LogitsLossEveryGradient(RecurrentCellType cell, int seed, int v, int e, int[] hidden, int t, int b)
    {
        (LanguageModel model, ReferenceLanguageModel reference) = RealModels.Build(cell, v, e, hidden, seed, projection: true);
        var rng = new Random(seed);
        int[] tokens = LmTestData.Tokens(rng, t, b, v), targets = LmTestData.Tokens(rng, t, b, v);
        ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));
        Dictionary<string, double[]> gradients = reference.Backward(expected.Cache);

        var logits = new float[t * b * v];
        EvaluationResult eval = model.Evaluate(tokens, targets, t, b, logits);
        LmAssert.Close(LmAssert.Flatten(expected.Logits), logits, $"{cell} logits", 1e-4);
        LmAssert.Close(expected.Loss * t * b, eval.TotalLoss, $"{cell} Σ nll", 1e-4);

        model.ResetState();
        float loss = model.ForwardBackward(tokens, targets, t, b);
        LmAssert.Close(expected.Loss, loss, $"{cell} loss", 1e-4);
        Assert.That(gradients.Keys, Does.Contain(DecoderProjection.WeightName).And.Contain(DecoderProjection.BiasName));
        LmTestData.AssertGradients(model, gradients, cell.ToString(), 2e-4);
        Assert.That(model.Projection!.Weight.Gradient, Has.Some.Not.EqualTo(0f), "the projection is trained");
    }

    [TestCase(1f, 1f)]   // every product event-driven, every weight gradient transposed
    [TestCase(1f, -1f)]  // event-driven forward, dense weight gradient
    [TestCase(-1f, 1f)]  // dense forward (below 0: never event-driven, even for an all-zero input), transposed gradient
    public void SparsePaths_MatchReference_WindowsAndSteps(float eventDensity, float gradientDensity)
    {
        const int v = 13, e = 6, t = 4, b = 3;
        (LanguageModel model, ReferenceLanguageModel reference) = RealModels.Build(RecurrentCellType.Egru, v, e, [9, 10], seed: 14, projection: true);
        DecoderProjection projection = model.Projection!;
        projection.EventDensity = eventDensity;
        projection.SparseGradientDensity = gradientDensity;
        var rng = new Random(6);
        int[] tokens = LmTestData.Tokens(rng, t, b, v), targets = LmTestData.Tokens(rng, t, b, v);
        ReferenceLmForward expected = reference.Forward(LmTestData.Nest(tokens, t, b), LmTestData.Nest(targets, t, b));

        float loss = model.ForwardBackward(tokens, targets, t, b);
        LmAssert.Close(expected.Loss, loss, "loss");
        LmTestData.AssertGradients(model, reference.Backward(expected.Cache), "sparse projection", 2e-4);
        Assert.That(model.GetStatistics().Layers[^1].Activity, Is.GreaterThan(0).And.LessThan(1), "the top layer's output is sparse");

        model.ResetState();
        var window = new float[t * b * v];
        model.Evaluate(tokens, targets, t, b, window);
        LmAssert.Close(LmAssert.Flatten(expected.Logits), window, "logits");

        model.ResetState();
        var logits = new float[b * v];
        for (int step = 0; step < t; step++)
        {
            model.Step(tokens.AsSpan(step * b, b), logits);
            Assert.That(logits, Is.EqualTo(window.AsSpan(step * b * v, b * v).ToArray()).Within(1e-5f), $"step {step}");
        }

        Assert.That(projection.EventProducts, Is.EqualTo(eventDensity > 0 ? 2 + t : 0), "two windows and the steps took the event path");
    }

    [TestCase(RecurrentCellType.Egru)]
    [TestCase(RecurrentCellType.Lstm)]
    public void Execution_DenseAndSparse_SameLossAndGradients(RecurrentCellType cell)
    {
        const int v = 10, e = 6, t = 4, b = 3;
        (LanguageModel model, _) = RealModels.Build(cell, v, e, [9, 12], seed: 12, projection: true);
        int[] tokens = LmTestData.Tokens(new Random(7), t, b, v), targets = LmTestData.Tokens(new Random(8), t, b, v);

        model.Execution = LayerExecution.Dense;
        float dense = model.ForwardBackward(tokens, targets, t, b);
        Dictionary<string, double[]> denseGradients = model.Parameters.ToDictionary(p => p.Name, p => p.Parameter.Gradient.Select(g => (double)g).ToArray());
        Assert.That(model.Projection!.EventProducts, Is.Zero, "Dense execution never runs the event product");

        model.ZeroGradients();
        model.ResetState();
        model.Execution = LayerExecution.Sparse;
        model.Projection.EventDensity = 1f; // an LSTM's dense output would otherwise never take the event path
        float sparse = model.ForwardBackward(tokens, targets, t, b);

        LmAssert.Close(dense, sparse, "loss");
        LmTestData.AssertGradients(model, denseGradients, "sparse vs dense", 1e-5);
        Assert.That(model.Projection.EventProducts, Is.EqualTo(1));
    }

    [TestCase(RecurrentCellType.Egru)]
    [TestCase(RecurrentCellType.Lstm)]
    public void Steps_AndAdvance_SameLogitsAsWindow(RecurrentCellType cell)
    {
        const int v = 12, e = 5, t = 6, b = 3, fed = 2;
        (LanguageModel model, _) = RealModels.Build(cell, v, e, [9, 7], seed: 8, projection: true);
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

        // Advance skips the decoder head (projection included) but must advance the layers all the same.
        model.ResetState();
        for (int step = 0; step < fed; step++)
        {
            model.Advance(tokens.AsSpan(step * b, b));
        }

        model.Step(tokens.AsSpan(fed * b, b), logits);
        Assert.That(logits, Is.EqualTo(window.AsSpan(fed * b * v, b * v).ToArray()).Within(1e-5f), $"{cell} step after Advance");
    }

    [Test]
    public void OutputDropout_AppliesBeforeTheProjection_InForwardAndBackward()
    {
        const int v = 11, e = 5, t = 4, b = 2;
        (LanguageModel model, _) = RealModels.Build(RecurrentCellType.Lstm, v, e, [7, 6], seed: 21, projection: true);
        model.Dropout = new DropoutRates { Output = 0.5f };
        int[] tokens = LmTestData.Tokens(new Random(2), t, b, v), targets = LmTestData.Tokens(new Random(3), t, b, v);
        model.ForwardBackward(tokens, targets, t, b, new Random(4));

        LanguageModelWorkspace ws = model.Workspace!;
        DecoderProjection p = model.Projection!;
        int n = t * b, h = p.InputSize, top = model.Layers.Count - 1;
        Assert.That(ws.HiddenMasks[top].IsActive, Is.True);
        float[] y = ws.Dropped[top], dp = ws.TopGradient;
        Assert.That(y.AsSpan(0, n * h).ToArray(), Has.Some.EqualTo(0f), "the mask dropped some outputs");
        var expected = new double[e * h];
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < e; i++)
            {
                double sum = p.Bias.Value[i];
                for (int k = 0; k < h; k++)
                {
                    sum += p.Weight.Value[(i * h) + k] * y[(r * h) + k];
                    expected[(i * h) + k] += dp[(r * e) + i] * y[(r * h) + k];
                }

                LmAssert.Close(sum, ws.Projected![(r * e) + i], $"p[{r}, {i}] from the dropped-out output");
            }
        }

        LmAssert.Close(expected, p.Weight.Gradient, "dP = dpᵀ · dropped y");
    }

    [Test]
    public void Windows_ScaleLayers_Warm_AllocateNothing()
    {
        var rng = new Random(1);
        var projection = new DecoderProjection(4, 4);
        projection.Initialize(rng);
        var model = new LanguageModel(20, 4, [new ScaleLayer(4, rng), new ScaleLayer(4, rng)], projection: projection);
        model.Dropout = new DropoutRates { Embedding = 0.1f, Input = 0.2f, Hidden = 0.2f, Output = 0.2f };
        int[] tokens = LmTestData.Tokens(rng, 6, 2, 20);
        var logits = new float[2 * 20];
        var random = new Random(3);
        foreach (float density in new[] { 0.25f, 1f }) // the scale layers' dense output takes the event path only when forced
        {
            projection.EventDensity = density;
            projection.SparseGradientDensity = density;
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
            Assert.That((windows, step), Is.EqualTo((0L, 0L)), $"bytes allocated by warm windows, then by a warm step (event density {density})");
        }

        Assert.That(projection.EventProducts, Is.GreaterThan(0));
    }

    [Test]
    public void Statistics_CountTheProjection_EPerNonzeroInput_AndTheDenseLstmHasItToo()
    {
        const int v = 10, e = 6, t = 5, b = 2, top = 9;
        int[] tokens = LmTestData.Tokens(new Random(3), t, b, v);
        (LanguageModel egru, _) = RealModels.Build(RecurrentCellType.Egru, v, e, [8, top], seed: 2, projection: true);
        egru.ForwardBackward(tokens, tokens, t, b);
        ModelStatistics s = egru.GetStatistics();
        Assert.That(s.Layers[^1].Activity, Is.GreaterThan(0).And.LessThan(1));
        Assert.That(s.ProjectionMacsPerToken, Is.EqualTo(s.Layers[^1].Activity * top * e).Within(1e-9), "E MACs per nonzero input");
        Assert.That(s.DenseProjectionMacsPerToken, Is.EqualTo((double)e * top));
        Assert.That(s.DenseLstmMacsPerToken, Is.EqualTo((4.0 * 8 * (6 + 8)) + (4.0 * top * (8 + top))), "recurrent layers only");
        Assert.That(s.DenseLstmMacsPerTokenWithDecoder, Is.EqualTo(s.DenseLstmMacsPerToken + (v * e) + (e * top)));
        Assert.That(s.EffectiveMacsPerTokenWithDecoder, Is.EqualTo(s.EffectiveMacsPerToken + s.DecoderMacsPerToken + s.ProjectionMacsPerToken));

        egru.ResetStatistics();
        Assert.That(egru.GetStatistics().ProjectionMacsPerToken, Is.NaN, "no tokens since the reset");

        (LanguageModel lstm, _) = RealModels.Build(RecurrentCellType.Lstm, v, e, [8, top], seed: 2, projection: true);
        lstm.Evaluate(tokens, tokens, t, b);
        ModelStatistics ls = lstm.GetStatistics();
        Assert.That(ls.ProjectionMacsPerToken, Is.EqualTo(ls.DenseProjectionMacsPerToken).Within(1e-9), "LSTM outputs are dense");
        Assert.That(ls.ReductionFactorWithDecoder, Is.EqualTo(1.0).Within(1e-12), "a dense LSTM with a projection is its own baseline");

        (LanguageModel plain, _) = RealModels.Build(RecurrentCellType.Egru, v, e, [8, e], seed: 2);
        plain.Evaluate(tokens, tokens, t, b);
        Assert.That((plain.GetStatistics().ProjectionMacsPerToken, plain.GetStatistics().DenseProjectionMacsPerToken), Is.EqualTo((0.0, 0.0)));
    }

    [TestCase(RecurrentCellType.Egru, "BF85359F4F7C6FD624A2DC31FBF6444AB956EA8D2B7EFACF9FEA2A0D6F70BF51")]
    [TestCase(RecurrentCellType.Lstm, "2F02005E742F6C96D55266CABBE8EA7C7E6E95C079632A963CE8E420738ED600")]
    public void Factory_WithoutProjection_WeightsAsBeforeTheOptionExisted(RecurrentCellType cell, string expected)
    {
        // SHA-256 of every parameter's name and float bits, recorded with the code before the projection existed.
        var config = new LanguageModelConfig { CellType = cell, Vocabulary = 300, EmbeddingSize = 16, HiddenSizes = [24, 20, 16], Seed = 11 };
        Assert.That(Fingerprint(LanguageModelFactory.Create(config)), Is.EqualTo(expected));
    }

    [Test]
    public void Factory_WithProjection_SameLayerWeights_XavierProjection_ZeroBias_LastInTheList()
    {
        var plain = new LanguageModelConfig { Vocabulary = 300, EmbeddingSize = 16, HiddenSizes = [24, 20, 16], Seed = 11 };
        LanguageModel a = LanguageModelFactory.Create(plain), c = LanguageModelFactory.Create(plain with { Projection = true });
        Assert.That(c.Parameters.Select(p => p.Name), Is.EqualTo(a.Parameters.Select(p => p.Name).Concat([DecoderProjection.WeightName, DecoderProjection.BiasName])));
        foreach (NamedParameter p in a.Parameters)
        {
            Assert.That(c.GetParameter(p.Name).Value, Is.EqualTo(p.Parameter.Value), $"{p.Name}: the projection is drawn after everything else");
        }

        LanguageModel wide = LanguageModelFactory.Create(plain with { Projection = true, HiddenSizes = [256, 256, 256], EmbeddingSize = 128, Vocabulary = 50 });
        DecoderProjection projection = wide.Projection!;
        Assert.That((projection.InputSize, projection.OutputSize), Is.EqualTo((256, 128)));
        Assert.That((projection.Weight.Rows, projection.Weight.Columns, projection.Weight.Kind), Is.EqualTo((128, 256, ParameterKind.Projection)));
        Assert.That(projection.Bias.Kind, Is.EqualTo(ParameterKind.Bias));
        Assert.That(wide.GetParameter(DecoderProjection.WeightName), Is.SameAs(projection.Weight));
        Assert.That(projection.Bias.Value, Has.All.EqualTo(0f));
        double std = Math.Sqrt(projection.Weight.Value.Select(w => (double)w * w).Average());
        Assert.That(std, Is.EqualTo(Math.Sqrt(2.0 / (128 + 256))).Within(0.03 * Math.Sqrt(2.0 / (128 + 256))), "Xavier-normal");
        Assert.That(MagnitudePruner.Kernels(wide.Parameters), Does.Not.Contain(projection.Weight), "the decoder head stays dense by default");
        Assert.That(MagnitudePruner.Kernels(wide.Parameters), Has.Length.EqualTo(6));
    }

    [Test]
    public void Constructor_ProjectionNotFittingTheLayers_Throws()
    {
        var rng = new Random(1);
        Assert.That(() => new LanguageModel(10, 4, [new ScaleLayer(4, rng)], projection: new DecoderProjection(5, 4)), Throws.ArgumentException);
        Assert.That(() => new LanguageModel(10, 4, [new ScaleLayer(4, rng)], projection: new DecoderProjection(4, 3)), Throws.ArgumentException);
        Assert.That(() => new LanguageModel(10, 4, [new ScaleLayer(4, rng)], projection: new DecoderProjection(4, 4)), Throws.Nothing);
    }

    [Test]
    public void Config_Projection_RoundTripsAndRelaxesTheLastWidth()
    {
        var config = new LanguageModelConfig { Vocabulary = 50, EmbeddingSize = 8, HiddenSizes = [16, 12], Projection = true };
        Assert.That(config.Validate, Throws.Nothing, "the last width may differ from E with a projection");
        string json = config.ToJson();
        Assert.That(json, Does.Contain("\"projection\": true"));
        LanguageModelConfig back = LanguageModelConfig.FromJson(json);
        Assert.That(back, Is.EqualTo(config));
        Assert.That(back.GetHashCode(), Is.EqualTo(config.GetHashCode()));
        Assert.That(config with { Projection = false }, Is.Not.EqualTo(config));
        Assert.That(() => (config with { Projection = false }).Validate(), Throws.ArgumentException.With.Message.Contains("must equal the embedding width"));
        Assert.That(LanguageModelConfig.FromJson("{\"vocabulary\": 50}").Projection, Is.False, "configurations written before the option have none");
    }

    [Test]
    public void Checkpoint_SaveLoad_WithProjection_SameParametersAndLogits()
    {
        const int t = 3, b = 2;
        var config = new LanguageModelConfig { Vocabulary = 30, EmbeddingSize = 6, HiddenSizes = [10, 9], Projection = true, Seed = 4 };
        LanguageModel model = LanguageModelFactory.Create(config);
        LmTestData.RandomizeBias(model, new Random(2));
        model.Projection!.Bias.Value.AsSpan().Fill(0.25f); // not the initial zero, so a missing load would show
        model.NotifyParametersChanged();
        string directory = Directory.CreateTempSubdirectory("sparsity-projection-").FullName;
        try
        {
            string path = Path.Combine(directory, "model.ckpt");
            ModelCheckpoint.Save(path, model, new Vocabulary(Enumerable.Range(0, config.Vocabulary).Select(i => $"w{i}")));
            LoadedModel loaded = ModelCheckpoint.Load(path);
            Assert.That(loaded.Model.Config, Is.EqualTo(config));
            Assert.That(loaded.Model.Projection, Is.Not.Null);
            Assert.That(loaded.Model.Parameters.Select(p => p.Name), Is.EqualTo(model.Parameters.Select(p => p.Name)));
            foreach (NamedParameter p in model.Parameters)
            {
                Assert.That(loaded.Model.GetParameter(p.Name).Value, Is.EqualTo(p.Parameter.Value), p.Name);
            }

            int[] tokens = LmTestData.Tokens(new Random(9), t, b, config.Vocabulary);
            float[] expected = new float[t * b * config.Vocabulary], actual = new float[expected.Length];
            model.Evaluate(tokens, tokens, t, b, expected);
            loaded.Model.Evaluate(tokens, tokens, t, b, actual);
            Assert.That(actual, Is.EqualTo(expected));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Export_ToEvnnOrTorch_WithProjection_ExportsItOrRefusesRatherThanDropIt()
    {
        // H_L = E: without the projection tensors the tied-width check would pass and the projection would silently vanish.
        var config = new LanguageModelConfig { Vocabulary = 20, EmbeddingSize = 6, HiddenSizes = [8, 6], Projection = true };
        TensorMap ours = ParameterTensors.ToTensorMap(LanguageModelFactory.Create(config).Parameters);
        Assert.That(EvnnMapping.ToEvnn(ours).Names, Does.Contain("decoder.projection.weight").And.Contain("decoder.projection.bias"));
        TensorMap lstm = ParameterTensors.ToTensorMap(LanguageModelFactory.Create(config with { CellType = RecurrentCellType.Lstm }).Parameters);
        Assert.That(TorchLstmMapping.ToTorch(lstm).Names, Does.Contain("decoder.projection.weight").And.Contain("decoder.projection.bias"));
        // PyTorch's word_language_model has no projection: refused, not dropped.
        Assert.That(() => TorchLstmMapping.ToTorch(lstm, TorchLstmNaming.WordLanguageModel), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("projection"));
    }

    private static string Fingerprint(LanguageModel model)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (NamedParameter p in model.Parameters)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(p.Name));
            hash.AppendData(MemoryMarshal.AsBytes(p.Parameter.Value.AsSpan()));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
