using System.Globalization;
using System.Text;

namespace Sparsity.Cli.Study;

/// <summary>The study's points as one Markdown table (<c>results.md</c>), the form docs/results.md quotes, so the published table is regenerated rather than retyped.</summary>
internal static class StudyTable
{
    public static string Markdown(IReadOnlyList<StudyPoint> points)
    {
        // Speed-ups are against the dense LSTM of the first seed and weight decay measured in this sweep, executed dense:
        // the baseline a reader would deploy without this library.
        StudyPoint? baseline = points.Where(p => p.Model == "Lstm" && p.TargetSparsity == 0)
            .OrderBy(p => p.Seed).FirstOrDefault();
        var text = new StringBuilder();
        text.AppendLine("| model | structure | seed | weight decay | weight sparsity | valid ppl | test ppl | activity sparsity (per layer) | MACs/token | executed MACs/token | + decoder "
            + "| dense LSTM MACs / these | µs/token sparse (dense) | recurrent µs/token sparse (dense) | dense LSTM time / sparse time: whole model | recurrent layers |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (StudyPoint p in points)
        {
            string speedWhole = baseline is null ? "–" : Ratio(baseline.MicrosecondsPerTokenDense, p.MicrosecondsPerTokenSparse);
            string speedRecurrent = baseline is null ? "–" : Ratio(baseline.MicrosecondsPerTokenRecurrentDense, p.MicrosecondsPerTokenRecurrentSparse);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Model} | {p.Structure} | {p.Seed} | {p.WeightDecay} | {p.WeightSparsity * 100:F0} % | {p.ValidPerplexity:F1} | {p.TestPerplexity:F1} "
                + $"| {p.MeanActivitySparsity * 100:F1} % ({p.LayerActivitySparsity}) | {p.MacsPerToken:N0} | {(double.IsNaN(p.ExecutedMacsPerToken) ? "–" : p.ExecutedMacsPerToken.ToString("N0", CultureInfo.InvariantCulture))} | {p.MacsPerTokenWithDecoder:N0} | {p.Reduction:F1}x "
                + $"| {p.MicrosecondsPerTokenSparse:F0} ({p.MicrosecondsPerTokenDense:F0}) | {p.MicrosecondsPerTokenRecurrentSparse:F0} ({p.MicrosecondsPerTokenRecurrentDense:F0}) "
                + $"| {speedWhole} | {speedRecurrent} |"));
        }

        return text.ToString();
    }

    private static string Ratio(double baseline, double value) =>
        value > 0 ? (baseline / value).ToString("F2", CultureInfo.InvariantCulture) + "x" : "–";
}
