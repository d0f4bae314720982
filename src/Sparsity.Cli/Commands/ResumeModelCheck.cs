using System.CommandLine;
using System.Globalization;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;

namespace Sparsity.Cli.Commands;

/// <summary>
/// On <c>train --resume</c> the model comes from the checkpoint, so model options given on the command line would be
/// ignored: each one given explicitly must agree with the checkpoint's configuration. Options left at their defaults are
/// not compared, so <c>--resume</c> works without repeating them. (The training settings are checked by the trainer.)
/// </summary>
internal static class ResumeModelCheck
{
    /// <summary>Throws naming every explicitly given model option that differs from <paramref name="stored"/>.</summary>
    public static void Require(TrainSettings s, ParseResult p, LanguageModelConfig stored, string path)
    {
        LanguageModelConfig asked = s.ModelConfig(p, stored.Vocabulary);
        bool egru = stored.CellType == RecurrentCellType.Egru;
        var differences = new List<string>();
        void Compare(Option option, bool same, string given, string held)
        {
            if (p.GetResult(option) is { Implicit: false } && !same)
            {
                differences.Add($"{option.Name} {given} (the checkpoint has {held})");
            }
        }

        Compare(s.Model, asked.CellType == stored.CellType, Cell(asked), Cell(stored));
        Compare(s.Hidden, asked.HiddenSizes.SequenceEqual(stored.HiddenSizes), string.Join(',', asked.HiddenSizes), string.Join(',', stored.HiddenSizes));
        Compare(s.Embedding, asked.EmbeddingSize == stored.EmbeddingSize, Text(asked.EmbeddingSize), Text(stored.EmbeddingSize));
        Compare(s.Projection, asked.Projection == stored.Projection, Flag(asked.Projection), Flag(stored.Projection));
        Compare(s.Dropout, Equals(asked.Dropout, stored.Dropout), Rates(asked.Dropout), Rates(stored.Dropout));
        if (egru)
        {
            Compare(s.ThresholdMean, asked.Egru.ThresholdMean == stored.Egru.ThresholdMean, Text(asked.Egru.ThresholdMean), Text(stored.Egru.ThresholdMean));
            Compare(s.ThresholdLr, asked.Egru.ThresholdLearningRateMultiplier == stored.Egru.ThresholdLearningRateMultiplier,
                Text(asked.Egru.ThresholdLearningRateMultiplier), Text(stored.Egru.ThresholdLearningRateMultiplier));
            Compare(s.ThresholdParam, asked.Egru.ThresholdParameterization == stored.Egru.ThresholdParameterization,
                asked.Egru.ThresholdParameterization.ToString().ToLowerInvariant(), stored.Egru.ThresholdParameterization.ToString().ToLowerInvariant());
        }

        Compare(s.DecoderBias, asked.DecoderBiasInit == stored.DecoderBiasInit, asked.DecoderBiasInit.ToString(), stored.DecoderBiasInit.ToString());
        if (differences.Count > 0)
        {
            throw new ArgumentException(
                $"--resume: '{path}' holds another model than the options ask for: {string.Join("; ", differences)}. Leave these options out or give the checkpoint's values.");
        }
    }

    private static string Cell(LanguageModelConfig c) => c.CellType.ToString().ToLowerInvariant();

    private static string Flag(bool value) => value ? "on" : "off";

    private static string Text(float value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Rates(DropoutRates d) =>
        string.Join(',', new[] { d.Embedding, d.Input, d.Hidden, d.Output, d.RecurrentDropConnect }.Select(Text));
}
