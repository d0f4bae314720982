using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Terminal;

/// <summary>
/// Shows training progress: a live Spectre bar (tokens/s, loss, perplexity, activity, ETA) on a terminal, and plain
/// periodic lines when output is redirected (CI, log files), where a live bar would print nothing.
/// </summary>
internal static class ProgressView
{
    /// <summary>Seconds between plain lines when output is not a terminal.</summary>
    private const double PlainIntervalSeconds = 10;

    public static T Run<T>(string title, Func<IProgress<TrainingProgress>, T> work)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive && !System.Console.IsOutputRedirected)
        {
            T result = default!;
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask(Markup.Escape(title), maxValue: 1.0);
                    result = work(new LiveReporter(task, title));
                    task.Value = task.MaxValue;
                    task.StopTask();
                });
            return result;
        }

        return work(new PlainReporter(title));
    }

    public static string Describe(TrainingProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"epoch {p.Epoch + 1}/{p.Epochs} step {p.Step} | {p.TokensPerSecond:F0} tok/s | loss {p.Loss:F3} | ppl {p.Perplexity:F1} | activity {p.Activity:P1} | lr {p.LearningRate:G3}");

    private sealed class LiveReporter(ProgressTask task, string title) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            task.Description = Markup.Escape($"{title}: {Describe(value)}");
            task.Value = Math.Clamp((value.Epoch + value.EpochFraction) / Math.Max(1, value.Epochs), 0, 1);
        }
    }

    private sealed class PlainReporter(string title) : IProgress<TrainingProgress>
    {
        private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
        private bool _first = true;

        public void Report(TrainingProgress value)
        {
            if (!_first && _sinceLine.Elapsed.TotalSeconds < PlainIntervalSeconds)
            {
                return;
            }

            _first = false;
            _sinceLine.Restart();
            string eta = value.Remaining is TimeSpan r ? $" | ETA {r:hh\\:mm\\:ss}" : string.Empty;
            System.Console.WriteLine($"[{value.Elapsed:hh\\:mm\\:ss}] {title}: {Describe(value)}{eta}");
        }
    }
}
