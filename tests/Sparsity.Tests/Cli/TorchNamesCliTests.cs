using Sparsity.Core.Interop;
using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Cli;

/// <summary><c>export</c>/<c>import --format torch --names</c>: EvNN's names (default) or PyTorch's word_language_model's for an LSTM (issue 16 item 17).</summary>
[TestFixture]
[NonParallelizable] // redirects the console
public sealed class TorchNamesCliTests
{
    private CliScratch _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new CliScratch();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    private string Save(RecurrentCellType cell)
    {
        Vocabulary vocabulary = WordCorpus.Load(_scratch.Data).Vocabulary;
        var config = new LanguageModelConfig { CellType = cell, Vocabulary = vocabulary.Count, EmbeddingSize = 8, HiddenSizes = [8, 8], Seed = 6 };
        string path = _scratch.File("m.ckpt");
        ModelCheckpoint.Save(path, LanguageModelFactory.Create(config), vocabulary);
        return path;
    }

    [Test]
    public void Lstm_WordLanguageModelNames_ExportAndImportBack()
    {
        string file = _scratch.File("wlm.safetensors");
        CliRun export = CliHarness.Run("export", "--checkpoint", Save(RecurrentCellType.Lstm), "--out", file, "--format", "torch", "--names", "word-language-model");
        Assert.That(export.ExitCode, Is.Zero, export.ToString());
        Assert.That(Safetensors.ReadFile(file).Names, Is.EquivalentTo((string[])[
            "encoder.weight", "decoder.weight", "decoder.bias",
            "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1"]));

        CliRun import = CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("back.ckpt"), "--format", "torch", "--names", "word-language-model");
        Assert.That(import.ExitCode, Is.Zero, import.ToString());
    }

    [Test]
    public void Egru_WordLanguageModelNames_FailsInOneLine() =>
        CliHarness.AssertOneLineError(
            CliHarness.Run("export", "--checkpoint", Save(RecurrentCellType.Egru), "--out", _scratch.File("x.safetensors"), "--format", "torch", "--names", "word-language-model"),
            "--names");
}
