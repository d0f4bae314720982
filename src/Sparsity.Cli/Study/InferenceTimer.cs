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
    public static InferenceTiming Measure(LanguageModel model, ReadOnlySpan<int> tokens, int repetitions = 5)
    {
        LayerExecution before = model.Execution;
        var logits = new float[model.Vocabulary];
        // [execution: sparse, dense] × [full, recurrent only]
        double[,] best = { { double.PositiveInfinity, double.PositiveInfinity }, { double.PositiveInfinity, double.PositiveInfinity } };
        LayerExecution[] executions = [LayerExecution.Sparse, LayerExecution.Dense];
        for (int r = -1; r < repetitions; r++)
        {
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
                    if (r >= 0)
                    {
                        best[e, part] = Math.Min(best[e, part], perToken);
                    }
                }
            }
        }

        model.Execution = before;
        model.NotifyParametersChanged();
        return new InferenceTiming(best[0, 0], best[1, 0], best[0, 1], best[1, 1]);
    }
}
