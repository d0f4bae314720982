using System.Diagnostics;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;

namespace Sparsity.Cli.Study;

/// <summary>
/// Wall time per token of batch-1 streaming inference (the step API over real text), with the sparse kernels and with
/// every product dense — the practice beside the theory of the MAC counts. Stopwatch over whole runs of tokens after a
/// warm-up; the median of several repetitions is reported.
/// </summary>
internal static class InferenceTimer
{
    public static double MicrosecondsPerToken(LanguageModel model, ReadOnlySpan<int> tokens, LayerExecution execution, int repetitions = 3)
    {
        LayerExecution before = model.Execution;
        model.Execution = execution;
        model.NotifyParametersChanged();
        var logits = new float[model.Vocabulary];
        int n = tokens.Length;
        var samples = new double[repetitions];
        for (int r = -1; r < repetitions; r++)
        {
            model.ResetState(1);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                model.Step(tokens.Slice(i, 1), logits);
            }

            if (r >= 0)
            {
                samples[r] = clock.Elapsed.TotalMicroseconds / n;
            }
        }

        model.Execution = before;
        model.NotifyParametersChanged();
        Array.Sort(samples);
        return samples[repetitions / 2];
    }
}
