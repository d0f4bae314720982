using Sparsity.Cli.Terminal;
using System.Globalization;
using Spectre.Console;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary>One trained model's headline numbers, measured in this run.</summary>
internal sealed record RunSummary(string Name, long Parameters, double KernelSparsity, TrainingResult Result)
{
    public static RunSummary Of(string name, LanguageModel model, TrainingResult result)
    {
        long total = model.Parameters.Sum(p => (long)p.Parameter.Length);
        long kernels = 0, pruned = 0;
        foreach (Models.Parameters.Parameter k in Models.Pruning.MagnitudePruner.Kernels(model.Parameters))
        {
            kernels += k.Length;
            pruned += k.Length - (k.Mask?.KeptCount ?? k.Length);
        }

        return new RunSummary(name, total, kernels == 0 ? 0 : (double)pruned / kernels, result);
    }

    /// <summary>Prints the runs side by side (Spectre renders a plain table when output is redirected).</summary>
    public static void Print(IReadOnlyList<RunSummary> runs)
    {
        var table = Tables.Create("model", "params", "kernel sparsity", "valid ppl", "test ppl", "activity sparsity", "MACs/token", "MACs/token + decoder", "vs dense LSTM", "train tok/s", "train min");
        foreach (RunSummary r in runs)
        {
            EvaluationSummary? test = r.Result.Test;
            ModelStatistics? s = test?.Statistics;
            table.AddText(
                r.Name,
                r.Parameters.ToString("N0", CultureInfo.InvariantCulture),
                r.KernelSparsity.ToString("P0", CultureInfo.InvariantCulture),
                r.Result.BestValidation?.Perplexity.ToString("F2", CultureInfo.InvariantCulture) ?? "-",
                test?.Perplexity.ToString("F2", CultureInfo.InvariantCulture) ?? "-",
                s is null ? "-" : s.MeanActivitySparsity.ToString("P1", CultureInfo.InvariantCulture),
                s is null ? "-" : s.EffectiveMacsPerToken.ToString("N0", CultureInfo.InvariantCulture),
                s is null ? "-" : s.EffectiveMacsPerTokenWithDecoder.ToString("N0", CultureInfo.InvariantCulture),
                s is null ? "-" : s.ReductionFactor.ToString("F1", CultureInfo.InvariantCulture) + "x",
                r.Result.TokensPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                (r.Result.TrainingSeconds / 60).ToString("F1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>Writes a learning curve as CSV.</summary>
    public static void WriteCurve(string path, IReadOnlyList<LearningCurvePoint> curve)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("epoch,step,train_loss,valid_loss,valid_ppl,activity,seconds");
        foreach (LearningCurvePoint p in curve)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Epoch:F3},{p.Step},{p.TrainLoss:F5},{p.ValidLoss:F5},{Math.Exp(p.ValidLoss):F3},{p.Activity:F5},{p.Seconds:F1}"));
        }
    }
}
