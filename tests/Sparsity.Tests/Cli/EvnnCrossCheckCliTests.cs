using System.Text.RegularExpressions;
using Sparsity.Core.Interop;
using Sparsity.Models.Data;
using Sparsity.Models.Interop;
using Sparsity.Models.Layers;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Cli;

/// <summary>
/// Findings of the real-PyTorch/EvNN cross-check (issue 16, items 13–15 and 17): <c>export --format torch</c> writes
/// exactly the tensors of EvNN's language model (so a strict <c>load_state_dict</c> accepts it), import keeps EvNN's
/// semantics (thresholds clamped to [0, 1], internal state reset per window, the file's surrogate), refuses a file whose
/// tensors hold more layers than its configuration, and <c>evaluate --tokens N</c> scores N predictions.
/// </summary>
[TestFixture]
[NonParallelizable] // redirects the console
public sealed class EvnnCrossCheckCliTests
{
    private CliScratch _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new CliScratch();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    /// <summary>A two-layer EGRU checkpoint (H = 16/8, E = 8) over the scratch corpus's vocabulary, with a distinct γ and β.</summary>
    private string SaveEgru(string name = "model.ckpt", EgruOptions? egru = null)
    {
        Vocabulary vocabulary = WordCorpus.Load(_scratch.Data).Vocabulary;
        var config = new LanguageModelConfig
        {
            Vocabulary = vocabulary.Count, EmbeddingSize = 8, HiddenSizes = [16, 8], Seed = 3,
            Egru = egru ?? new EgruOptions { SurrogateGamma = 0.7f, SurrogateBeta = 1.5f },
        };
        string path = _scratch.File(name);
        ModelCheckpoint.Save(path, LanguageModelFactory.Create(config), vocabulary);
        return path;
    }

    private string ExportTorch(string checkpoint)
    {
        string file = _scratch.File("torch.safetensors");
        CliRun run = CliHarness.Run("export", "--checkpoint", checkpoint, "--out", file, "--format", "torch");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        return file;
    }

    /// <summary>
    /// The keys of EvNN's <c>LanguageModel(rnn_type='egru', projection=False).state_dict()</c> (benchmarks/lm/models.py,
    /// frameworks/pytorch/egru.py): the embedding, the tied decoder weight (a second key of the same tensor) and its bias,
    /// and per <c>evnn.EGRU</c> layer its parameters <c>_max_norm</c> (grad_clip_norm), <c>kernel</c>,
    /// <c>recurrent_kernel</c>, <c>bias</c>, <c>recurrent_bias</c>, <c>dampening_factor</c>,
    /// <c>pseudo_derivative_support</c>, <c>thr</c>. No buffers (alpha and backward_sparsity are plain attributes).
    /// </summary>
    private static readonly string[] EvnnLayerKeys =
        ["_max_norm", "kernel", "recurrent_kernel", "bias", "recurrent_bias", "dampening_factor", "pseudo_derivative_support", "thr"];

    private static string[] EvnnStateDictKeys(int layers)
    {
        var keys = new List<string> { "embeddings.weight", "decoder.decoder.weight", "decoder.decoder.bias" };
        for (int l = 0; l < layers; l++)
        {
            keys.AddRange(EvnnLayerKeys.Select(p => $"rnns.{l}.{p}"));
        }

        return [.. keys];
    }

    [Test]
    public void ExportTorch_Egru_WritesExactlyEvnnsStateDictKeys_WithTheSurrogateAndPtFormat()
    {
        TensorMap map = Safetensors.ReadFile(ExportTorch(SaveEgru()));
        Assert.Multiple(() =>
        {
            Assert.That(map.Names, Is.EquivalentTo(EvnnStateDictKeys(2)));
            for (int l = 0; l < 2; l++)
            {
                if (map.TryGet($"rnns.{l}.dampening_factor", out FloatTensor? gamma) && map.TryGet($"rnns.{l}.pseudo_derivative_support", out FloatTensor? beta)
                    && map.TryGet($"rnns.{l}._max_norm", out FloatTensor? maxNorm))
                {
                    Assert.That(gamma.Values, Is.EqualTo((float[])[0.7f]), "γ is EvNN's dampening_factor");
                    Assert.That(beta.Values, Is.EqualTo((float[])[1.5f]), "β is EvNN's pseudo_derivative_support");
                    Assert.That(maxNorm.Values, Is.EqualTo((float[])[-1f]), "EvNN's value for clipping off");
                }
            }

            Assert.That(map.Metadata.TryGetValue("format", out string? format) ? format : null, Is.EqualTo("pt"));
        });
    }

    [Test]
    public void ImportTorch_OutOfRangeThresholds_AreClampedAsEvnnDoesOnEveryForward()
    {
        string file = ExportTorch(SaveEgru());
        TensorMap map = Safetensors.ReadFile(file);
        float[] thr = map["rnns.0.thr"].Values;
        thr[0] = -0.25f;
        thr[1] = 1.75f;
        thr[2] = 0.5f;
        Safetensors.WriteFile(file, map);

        CliRun run = CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("in.ckpt"), "--format", "torch");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        float[] theta = ParameterTensors.ToTensorMap(ModelCheckpoint.Load(_scratch.File("in.ckpt")).Model.Parameters)["layers.0.theta"].Values;
        Assert.Multiple(() =>
        {
            Assert.That((theta[0], theta[1], theta[2]), Is.EqualTo((0f, 1f, 0.5f)));
            Assert.That(theta, Is.All.InRange(0f, 1f));
            Assert.That(run.Output, Does.Contain("clamped 2 thresholds"), run.ToString());
        });
    }

    [Test]
    public void ImportTorch_FileWithoutOurConfiguration_GetsEvnnSemanticsAndTheFilesSurrogate()
    {
        string file = ExportTorch(SaveEgru());
        TensorMap map = Safetensors.ReadFile(file);
        map.Metadata.Remove("sparsity.config");
        Safetensors.WriteFile(file, map);

        CliRun evnn = CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("evnn.ckpt"), "--format", "torch", "--model", "egru");
        CliRun native = CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("native.ckpt"), "--format", "torch", "--model", "egru", "--semantics", "native");
        Assert.That(evnn.ExitCode, Is.Zero, evnn.ToString());
        Assert.That(native.ExitCode, Is.Zero, native.ToString());
        EgruOptions fromEvnn = ModelCheckpoint.Load(_scratch.File("evnn.ckpt")).Model.Config!.Egru;
        EgruOptions fromNative = ModelCheckpoint.Load(_scratch.File("native.ckpt")).Model.Config!.Egru;
        Assert.Multiple(() =>
        {
            Assert.That(fromEvnn.ResetInternalStatePerWindow, Is.True, "EvNN resets c at every window");
            Assert.That(fromNative.ResetInternalStatePerWindow, Is.False);
            Assert.That(fromEvnn.SurrogateGamma, Is.EqualTo(0.7f), "dampening_factor is γ");
            Assert.That(fromEvnn.SurrogateBeta, Is.EqualTo(1.5f), "pseudo_derivative_support is β");
            Assert.That(evnn.Output, Does.Contain("evnn semantics"), evnn.ToString());
        });
    }

    [Test]
    public void Import_OurExport_KeepsNativeSemanticsUnlessAskedForEvnns()
    {
        string file = ExportTorch(SaveEgru());
        CliRun plain = CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("plain.ckpt"), "--format", "torch");
        CliRun evnn = CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("evnn.ckpt"), "--format", "torch", "--semantics", "evnn");
        Assert.That(plain.ExitCode, Is.Zero, plain.ToString());
        Assert.That(evnn.ExitCode, Is.Zero, evnn.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(ModelCheckpoint.Load(_scratch.File("plain.ckpt")).Model.Config!.Egru.ResetInternalStatePerWindow, Is.False);
            Assert.That(ModelCheckpoint.Load(_scratch.File("evnn.ckpt")).Model.Config!.Egru.ResetInternalStatePerWindow, Is.True);
            Assert.That(ModelCheckpoint.Load(_scratch.File("plain.ckpt")).Model.Config!.Egru.SurrogateGamma, Is.EqualTo(0.7f));
        });
    }

    [Test]
    public void Import_BadSemantics_FailsInOneLine() =>
        CliHarness.AssertOneLineError(
            CliHarness.Run("import", "--safetensors", ExportTorch(SaveEgru()), "--out", _scratch.File("x.ckpt"), "--format", "torch", "--semantics", "pytorch"),
            "--semantics");

    [TestCase("native")]
    [TestCase("torch")]
    public void Import_TensorsHoldingMoreLayersThanTheConfiguration_IsRefused(string format)
    {
        Vocabulary vocabulary = WordCorpus.Load(_scratch.Data).Vocabulary;
        var three = new LanguageModelConfig { Vocabulary = vocabulary.Count, EmbeddingSize = 8, HiddenSizes = [8, 8, 8], Seed = 2 };
        TensorMap ours = ParameterTensors.ToTensorMap(LanguageModelFactory.Create(three).Parameters);
        TensorMap map = format == "torch" ? EvnnMapping.ToEvnn(ours) : ours;
        map.Metadata["sparsity.config"] = (three with { HiddenSizes = [8, 8] }).ToJson();
        map.Metadata["sparsity.vocabulary"] = string.Join('\n', vocabulary.Words);
        string file = _scratch.File("three.safetensors");
        Safetensors.WriteFile(file, map);

        CliHarness.AssertOneLineError(
            CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("x.ckpt"), "--format", format), "3 layers", "2");
        Assert.That(File.Exists(_scratch.File("x.ckpt")), Is.False);
    }

    [Test]
    public void Evaluate_TokensN_ScoresNPredictions_AndPrintsFourDecimals()
    {
        CliRun run = CliHarness.Run("evaluate", "--checkpoint", SaveEgru(), "--data", _scratch.Data, "--tokens", "10", "--bptt", "4");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Match(@"perplexity \d+\.\d{4} over 10 tokens"), run.ToString());
    }
}

/// <summary>
/// EvNN's <c>projection=True</c> language model (<c>decoder.projection</c>, an <c>nn.Linear(H_L, E)</c>) maps onto
/// <see cref="LanguageModelConfig.Projection"/> in both directions instead of being refused.
/// </summary>
[TestFixture]
[NonParallelizable] // redirects the console
public sealed class EvnnProjectionInteropTests
{
    private CliScratch _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new CliScratch();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    private static LanguageModelConfig Projected(int vocabulary) =>
        new() { Vocabulary = vocabulary, EmbeddingSize = 8, HiddenSizes = [16, 12], Projection = true, Seed = 4 };

    [Test]
    public void EvnnMapping_ProjectionModel_RoundTripsThroughDecoderProjectionTensors()
    {
        TensorMap ours = ParameterTensors.ToTensorMap(LanguageModelFactory.Create(Projected(20)).Parameters);
        TensorMap evnn = EvnnMapping.ToEvnn(ours);
        TensorMap back = EvnnMapping.FromEvnn(evnn);
        Assert.Multiple(() =>
        {
            Assert.That(evnn["decoder.projection.weight"].ShapeText, Is.EqualTo("[8, 12]"));
            Assert.That(evnn["decoder.projection.bias"].ShapeText, Is.EqualTo("[8]"));
            Assert.That(evnn["decoder.projection.weight"].BitwiseEquals(ours[DecoderProjection.WeightName]), Is.True, "nn.Linear(H_L, E).weight is [E, H_L], as ours");
            Assert.That(back.Names, Is.EquivalentTo(ours.Names));
            foreach (string name in ours.Names)
            {
                Assert.That(back[name].BitwiseEquals(ours[name]), Is.True, name);
            }
        });
    }

    [Test]
    public void ExportTorchThenImportWithoutConfiguration_ProjectionModel_KeepsTheProjection()
    {
        Vocabulary vocabulary = WordCorpus.Load(_scratch.Data).Vocabulary;
        LanguageModel model = LanguageModelFactory.Create(Projected(vocabulary.Count));
        ModelCheckpoint.Save(_scratch.File("p.ckpt"), model, vocabulary);
        string file = _scratch.File("p.safetensors");
        CliRun export = CliHarness.Run("export", "--checkpoint", _scratch.File("p.ckpt"), "--out", file, "--format", "torch");
        Assert.That(export.ExitCode, Is.Zero, export.ToString());
        TensorMap map = Safetensors.ReadFile(file);
        map.Metadata.Remove("sparsity.config");
        Safetensors.WriteFile(file, map);

        CliRun import = CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("q.ckpt"), "--format", "torch", "--model", "egru");
        Assert.That(import.ExitCode, Is.Zero, import.ToString());
        LanguageModel imported = ModelCheckpoint.Load(_scratch.File("q.ckpt")).Model;
        Assert.Multiple(() =>
        {
            Assert.That(imported.Config!.Projection, Is.True);
            Assert.That(imported.Config.HiddenSizes, Is.EqualTo((int[])[16, 12]));
            Assert.That(imported.Projection!.Weight.Value, Is.EqualTo(model.Projection!.Weight.Value));
            Assert.That(imported.Projection.Bias.Value, Is.EqualTo(model.Projection.Bias.Value));
        });
    }
}
