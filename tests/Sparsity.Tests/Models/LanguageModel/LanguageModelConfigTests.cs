using System.Text.Json;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;

namespace Sparsity.Tests.Models.LanguageModeling;

public sealed class LanguageModelConfigTests
{
    private static readonly int[] EightSixteen = [8, 16];
    private static readonly int[] DefaultSizes = [256, 256, 128];

    private static LanguageModelConfig Sample() => new()
    {
        CellType = RecurrentCellType.Lstm,
        Vocabulary = 123,
        EmbeddingSize = 16,
        HiddenSizes = [32, 24, 16],
        Dropout = DropoutRates.AwdLstm,
        Egru = new EgruOptions { ThresholdMean = 0.05f, SurrogateGamma = 0.7f, SurrogateBeta = 1f, ResetInternalStatePerWindow = true, Reset = EgruResetMode.SubtractOutput, SparseInput = true },
        Seed = 42,
    };

    [Test]
    public void Json_RoundTrip_GivesAnEqualConfig()
    {
        LanguageModelConfig config = Sample();
        string json = config.ToJson();
        LanguageModelConfig back = LanguageModelConfig.FromJson(json);
        Assert.That(back, Is.EqualTo(config));
        Assert.That(back.GetHashCode(), Is.EqualTo(config.GetHashCode()));
        Assert.That(json, Does.Contain("\"cellType\": \"Lstm\"").And.Contain("\"reset\": \"SubtractOutput\""), "enums are written by name");
    }

    [Test]
    public void Equals_DifferentHiddenSizes_AreNotEqual()
    {
        Assert.That(Sample() with { HiddenSizes = [32, 20, 16] }, Is.Not.EqualTo(Sample()));
        Assert.That(Sample() with { HiddenSizes = [32, 24, 16] }, Is.EqualTo(Sample()), "element-wise, not by reference");
    }

    [Test]
    public void HiddenSizes_CallerListChangesLater_ConfigUnchanged()
    {
        var sizes = new List<int> { 8, 16 };
        var config = new LanguageModelConfig { Vocabulary = 5, EmbeddingSize = 16, HiddenSizes = sizes };
        sizes[1] = 99;
        Assert.That(config.HiddenSizes, Is.EqualTo(EightSixteen));
    }

    [Test]
    public void FromJson_MissingProperties_TakeDefaults()
    {
        LanguageModelConfig config = LanguageModelConfig.FromJson("{\"vocabulary\": 50}");
        Assert.That(config.Vocabulary, Is.EqualTo(50));
        Assert.That(config.HiddenSizes, Is.EqualTo(DefaultSizes));
        Assert.That(config.Dropout, Is.EqualTo(DropoutRates.None));

        LanguageModelConfig nested = LanguageModelConfig.FromJson("{\"vocabulary\": 50, \"egru\": {\"surrogateGamma\": 1.5}}");
        Assert.That(nested.Egru.SurrogateGamma, Is.EqualTo(1.5f));
        Assert.That(nested.Egru.ThresholdMean, Is.EqualTo(new EgruOptions().ThresholdMean), "a missing nested property keeps its default");
    }

    [Test]
    public void FromJson_Null_Throws() =>
        Assert.That(() => LanguageModelConfig.FromJson("null"), Throws.InstanceOf<JsonException>());

    [Test]
    public void FromJson_LastWidthNotEmbedding_Throws() =>
        Assert.That(
            () => LanguageModelConfig.FromJson("{\"vocabulary\": 50, \"embeddingSize\": 8, \"hiddenSizes\": [16, 9]}"),
            Throws.ArgumentException.With.Message.Contains("must equal the embedding width"));

    [Test]
    public void Validate_BadValues_Throw()
    {
        Assert.That(() => (Sample() with { Vocabulary = 0 }).Validate(), Throws.ArgumentException);
        Assert.That(() => (Sample() with { HiddenSizes = [] }).Validate(), Throws.ArgumentException);
        Assert.That(() => (Sample() with { HiddenSizes = [0, 16] }).Validate(), Throws.ArgumentException);
        Assert.That(() => (Sample() with { Dropout = new DropoutRates { Hidden = 1f } }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => (Sample() with { Dropout = new DropoutRates { Input = float.NaN } }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => (Sample() with { Egru = new EgruOptions { ThresholdMean = 0f } }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.DoesNotThrow(() => Sample().Validate());
    }
}
