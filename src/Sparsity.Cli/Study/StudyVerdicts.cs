using System.Globalization;
using System.Text;

namespace Sparsity.Cli.Study;

/// <summary>
/// The study's claims checked on its own points (written under the table in <c>results.md</c>): whether the EGRU's
/// perplexity-vs-MACs front lies left of the LSTM's, and how far the EGRU can be pruned within 10 % of its dense
/// perplexity. Only the first seed and weight decay of the sweep take part (the chains); test perplexity, recurrent MACs.
/// </summary>
internal static class StudyVerdicts
{
    /// <summary>The perplexity margin of the "within 10 % of the dense EGRU" claim.</summary>
    public const double PerplexityMargin = 1.10;

    public static string Markdown(IReadOnlyList<StudyPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return string.Empty;
        }

        int seed = points.Min(p => p.Seed);
        double decay = points.Where(p => p.Seed == seed).OrderBy(p => p.TargetSparsity > 0 ? 0 : 1).First().WeightDecay;
        StudyPoint[] main = [.. points.Where(p => p.Seed == seed && p.WeightDecay == decay)];
        StudyPoint[] egru = [.. main.Where(p => p.Model == "Egru")];
        StudyPoint[] lstm = [.. main.Where(p => p.Model == "Lstm")];
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(string.Create(c, $"Checks on the points of seed {seed}, weight decay {decay} (test perplexity, recurrent MACs per token):"));
        text.AppendLine();

        if (egru.FirstOrDefault(p => p.TargetSparsity == 0 && p.Structure == "unstructured") is { } dense)
        {
            double limit = dense.TestPerplexity * PerplexityMargin;
            StudyPoint? best = egru.Where(p => p.TestPerplexity <= limit).MaxBy(p => p.Reduction);
            text.AppendLine(best is null
                ? string.Create(c, $"- EGRU within {PerplexityMargin - 1:P0} of its dense perplexity ({dense.TestPerplexity:F1} → ≤ {limit:F1}): no point.")
                : string.Create(c, $"- EGRU within {PerplexityMargin - 1:P0} of its dense perplexity ({dense.TestPerplexity:F1} → ≤ {limit:F1}): at most {best.Reduction:F1}x fewer MACs than the dense LSTM ({best.Structure} {best.WeightSparsity:P0} weight sparsity, test {best.TestPerplexity:F1})."));
        }

        if (lstm.Length > 0 && egru.Length > 0)
        {
            int dominated = 0;
            text.AppendLine();
            text.AppendLine("| LSTM point | its MACs/token | its test ppl | cheapest EGRU point with no higher perplexity | its MACs/token | its test ppl |");
            text.AppendLine("|---|---|---|---|---|---|");
            foreach (StudyPoint l in lstm.OrderBy(p => p.MacsPerToken))
            {
                StudyPoint? e = egru.Where(p => p.TestPerplexity <= l.TestPerplexity && p.MacsPerToken < l.MacsPerToken).MinBy(p => p.MacsPerToken);
                dominated += e is null ? 0 : 1;
                text.AppendLine(string.Create(c,
                    $"| {l.Structure} {l.WeightSparsity:P0} | {l.MacsPerToken:N0} | {l.TestPerplexity:F1} | {(e is null ? "none" : $"{e.Structure} {e.WeightSparsity:P0}")} | {(e is null ? "–" : e.MacsPerToken.ToString("N0", c))} | {(e is null ? "–" : e.TestPerplexity.ToString("F1", c))} |"));
            }

            text.AppendLine();
            text.AppendLine(string.Create(c, $"- EGRU front left of the LSTM's: {(dominated == lstm.Length ? "yes" : "no")} ({dominated} of {lstm.Length} LSTM points have an EGRU point with no higher perplexity and fewer MACs)."));
        }

        return text.ToString();
    }
}
