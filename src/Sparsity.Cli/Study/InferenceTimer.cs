using System.Diagnostics;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;

namespace Sparsity.Cli.Study;

/// <summary>Microseconds per token of batch-1 streaming inference, whole model and recurrent layers alone, each with the sparse kernels and with every product dense.</summary>
internal readonly record struct InferenceTiming(double FullSparse, double FullDense, double RecurrentSparse, double RecurrentDense);

/// <summary>
/// Wall time per token of batch-1 streaming inference over real text: <see cref="LanguageModel.Step"/> (embedding,
/// layers, decoder) and <see cref="LanguageModel.Advance"/> (embedding and layers: the part weight and activity
/// sparsity act on), with the sparse kernels and with every product dense — the practice beside the theory of the MAC
/// counts. The four cases alternate, after a warm-up of each, and the fastest repetition of each is kept: on a shared
/// machine the minimum is the least disturbed estimate of what the code costs.
/// </summary>
internal static class InferenceTimer
{
    /// <summary>
    /// How long every case is run before timing starts, unless the caller says otherwise (tests of the study code). In a fresh process (<c>sweep --retime</c>) the hot methods run
    /// tier-0 code until the JIT promotes them (about 30 calls, then a 100 ms background delay); a single warm-up pass of
    /// a few hundred tokens can finish first and made the first point timed up to 8× too slow.
    /// </summary>
    public static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(1);

    public static InferenceTiming Measure(LanguageModel model, ReadOnlySpan<int> tokens, int repetitions = 5, TimeSpan? warmUp = null)
    {
        TimeSpan warmUpTime = warmUp ?? DefaultWarmUp;
        LayerExecution before = model.Execution;
        var logits = new float[model.Vocabulary];
        // [execution: sparse, dense] × [full, recurrent only]
        double[,] best = { { double.PositiveInfinity, double.PositiveInfinity }, { double.PositiveInfinity, double.PositiveInfinity } };
        var warm = Stopwatch.StartNew();
        do
        {
            RunEveryCase(model, tokens, logits, best: null);
        }
        while (warm.Elapsed < warmUpTime);

        for (int r = 0; r < repetitions; r++)
        {
            RunEveryCase(model, tokens, logits, best);
        }

        model.Execution = before;
        model.NotifyParametersChanged();
        return new InferenceTiming(best[0, 0], best[1, 0], best[0, 1], best[1, 1]);
    }

    /// <summary>One pass of the four cases, alternating; when <paramref name="best"/> is given, keeps each case's fastest time per token.</summary>
    private static void RunEveryCase(LanguageModel model, ReadOnlySpan<int> tokens, float[] logits, double[,]? best)
    {
        LayerExecution[] executions = [LayerExecution.Sparse, LayerExecution.Dense];
        for (int e = 0; e < executions.Length; e++)
        {
            model.Execution = executions[e];
            model.NotifyParametersChanged();
            for (int part = 0; part < 2; part++)
            {
                model.ResetState(1);
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < tokens.Length; i++)
                {
                    if (part == 0)
                    {
                        model.Step(tokens.Slice(i, 1), logits);
                    }
                    else
                    {
                        model.Advance(tokens.Slice(i, 1));
                    }
                }

                double perToken = clock.Elapsed.TotalMicroseconds / tokens.Length;
                if (best is not null)
                {
                    best[e, part] = Math.Min(best[e, part], perToken);
                }
            }
        }
    }
}
