using System.Diagnostics;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;

namespace Sparsity.Cli.Study;

/// <summary>
/// Wall time per token of batch-1 streaming inference (the step API over real text), with the sparse kernels and with
/// every product dense — the practice beside the theory of the MAC counts. The two executions alternate, after a
/// warm-up of each, and the fastest repetition of each is kept: on a shared machine the minimum is the least disturbed
/// estimate of what the code costs.
/// </summary>
internal static class InferenceTimer
{
    public static (double Sparse, double Dense) MicrosecondsPerToken(LanguageModel model, ReadOnlySpan<int> tokens, int repetitions = 5)
    {
        LayerExecution before = model.Execution;
        var logits = new float[model.Vocabulary];
        double sparse = double.PositiveInfinity, dense = double.PositiveInfinity;
        for (int r = -1; r < repetitions; r++)
        {
            foreach (LayerExecution execution in new[] { LayerExecution.Sparse, LayerExecution.Dense })
            {
                model.Execution = execution;
                model.NotifyParametersChanged();
                model.ResetState(1);
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < tokens.Length; i++)
                {
                    model.Step(tokens.Slice(i, 1), logits);
                }

                double perToken = clock.Elapsed.TotalMicroseconds / tokens.Length;
                if (r >= 0 && execution == LayerExecution.Sparse)
                {
                    sparse = Math.Min(sparse, perToken);
                }
                else if (r >= 0)
                {
                    dense = Math.Min(dense, perToken);
                }
            }
        }

        model.Execution = before;
        model.NotifyParametersChanged();
        return (sparse, dense);
    }
}
