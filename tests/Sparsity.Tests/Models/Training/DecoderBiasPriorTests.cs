using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Models.Training;

/// <summary>The decoder bias's log-unigram start (issue 14): the values, when the trainer applies it, how it is recorded.</summary>
[TestFixture]
public sealed class DecoderBiasPriorTests
{
    [TestCase(1, 50)]
    [TestCase(7, 0)]
    [TestCase(13, 1000)]
    [TestCase(1, 1)]
    public void LogUnigram_is_the_centred_add_one_log_frequency(int vocabulary, int tokens)
    {
        var rng = new Random(vocabulary * 31 + tokens);
        // Zipf-like draws, so some ids are frequent and some never occur.
        int[] ids = [.. Enumerable.Range(0, tokens).Select(_ => (int)Math.Min(vocabulary - 1, Math.Floor(vocabulary * Math.Pow(rng.NextDouble(), 3))))];
        var bias = new float[vocabulary];
        UnigramPrior.LogUnigram(ids, bias);

        double[] expected = new double[vocabulary];
        for (int v = 0; v < vocabulary; v++)
        {
            expected[v] = Math.Log((ids.Count(i => i == v) + 1.0) / (tokens + vocabulary));
        }

        double mean = expected.Average();
        for (int v = 0; v < vocabulary; v++)
        {
            Assert.That(bias[v], Is.EqualTo(expected[v] - mean).Within(1e-5), $"word {v}");
        }

        Assert.That(bias.Sum(b => (double)b), Is.EqualTo(0).Within(1e-4 * vocabulary), "centred");
        if (tokens > 0 && vocabulary > 1)
        {
            int most = ids.GroupBy(i => i).OrderByDescending(g => g.Count()).First().Key;
            Assert.That(bias[most], Is.EqualTo(bias.Max()), "the most frequent word gets the largest bias");
        }
    }

    [Test]
    public void LogUnigram_rejects_ids_outside_the_vocabulary_naming_the_position()
    {
        var e = Assert.Throws<ArgumentException>(() => UnigramPrior.LogUnigram([0, 1, 5, 2], new float[5]));
        Assert.That(e!.Message, Does.Contain("Token 2").And.Contain("id 5"));
        Assert.Throws<ArgumentException>(() => UnigramPrior.LogUnigram([-1], new float[5]));
        Assert.Throws<ArgumentException>(() => UnigramPrior.LogUnigram([0], []));
    }

    [Test]
    public void Config_default_is_the_prior_and_configs_written_before_it_read_as_zero()
    {
        Assert.That(new LanguageModelConfig().DecoderBiasInit, Is.EqualTo(DecoderBiasInitialization.LogUnigram));
        var config = new LanguageModelConfig { Vocabulary = 20, EmbeddingSize = 4, HiddenSizes = [4] };
        Assert.That(LanguageModelConfig.FromJson(config.ToJson()), Is.EqualTo(config));
        Assert.That(LanguageModelConfig.FromJson((config with { DecoderBiasInit = DecoderBiasInitialization.Zero }).ToJson()).DecoderBiasInit,
            Is.EqualTo(DecoderBiasInitialization.Zero));

        string old = """{ "cellType": "Egru", "vocabulary": 20, "embeddingSize": 4, "hiddenSizes": [4] }""";
        Assert.That(LanguageModelConfig.FromJson(old).DecoderBiasInit, Is.EqualTo(DecoderBiasInitialization.Zero),
            "a checkpoint from before the setting was trained from a zero bias");
        Assert.Throws<ArgumentException>(() => (config with { DecoderBiasInit = (DecoderBiasInitialization)7 }).Validate());
    }

    private static WordCorpus Corpus() => SyntheticCorpus.Generate(seed: 4, trainSentences: 120, validSentences: 10, testSentences: 10);

    private static LanguageModel Model(WordCorpus corpus, DecoderBiasInitialization init) => LanguageModelFactory.Create(new LanguageModelConfig
    {
        CellType = RecurrentCellType.Egru, Vocabulary = corpus.Vocabulary.Count, EmbeddingSize = 8, HiddenSizes = [8], Seed = 2, DecoderBiasInit = init,
    });

    [Test]
    public void Trainer_applies_the_prior_to_a_fresh_model_and_says_so()
    {
        WordCorpus corpus = Corpus();
        LanguageModel model = Model(corpus, DecoderBiasInitialization.LogUnigram);
        Assert.That(model.DecoderBias.Value.All(b => b == 0f), Is.True, "the factory alone knows no corpus");
        var log = new List<string>();
        var trainer = new Trainer(model, corpus, new TrainingOptions { Epochs = 0 }) { Log = log.Add };
        var expected = new float[corpus.Vocabulary.Count];
        UnigramPrior.LogUnigram(corpus.Train, expected);
        Assert.That(model.DecoderBias.Value, Is.EqualTo(expected));
        trainer.Run();
        Assert.That(log, Has.Some.Contains("log-unigram"));
    }

    [Test]
    public void Trainer_leaves_a_zero_config_and_any_trained_bias_alone()
    {
        WordCorpus corpus = Corpus();
        LanguageModel zero = Model(corpus, DecoderBiasInitialization.Zero);
        _ = new Trainer(zero, corpus, new TrainingOptions { Epochs = 0 });
        Assert.That(zero.DecoderBias.Value.All(b => b == 0f), Is.True);

        LanguageModel trained = Model(corpus, DecoderBiasInitialization.LogUnigram);
        trained.DecoderBias.Value[3] = 0.5f; // a loaded or trained bias is never all zero
        float[] before = (float[])trained.DecoderBias.Value.Clone();
        _ = new Trainer(trained, corpus, new TrainingOptions { Epochs = 0 });
        Assert.That(trained.DecoderBias.Value, Is.EqualTo(before));
    }
}
