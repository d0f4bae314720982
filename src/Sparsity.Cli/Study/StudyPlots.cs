using ScottPlot;

namespace Sparsity.Cli.Study;

/// <summary>The study's figures as PNG: perplexity against effective MACs (log scale, the paper's central figure) and against weight sparsity.</summary>
internal static class StudyPlots
{
    public static void Write(IReadOnlyList<StudyPoint> points, string directory)
    {
        // The pruning chains share one seed and one weight decay; extra seeds and decays are separate markers.
        int mainSeed = points.Min(p => p.Seed);
        double mainDecay = points.FirstOrDefault(p => p.TargetSparsity > 0)?.WeightDecay ?? points[0].WeightDecay;
        var series = points.Where(p => p.Seed == mainSeed && p.WeightDecay == mainDecay)
            .GroupBy(p => $"{p.Model} {p.Structure}").OrderBy(g => g.Key).ToList();
        var extra = points.Where(p => p.Seed != mainSeed).ToArray();

        var macs = new Plot();
        foreach (var g in series)
        {
            var ordered = g.OrderBy(p => p.MacsPerToken).ToArray();
            var s = macs.Add.Scatter(ordered.Select(p => Math.Log10(p.MacsPerToken)).ToArray(), ordered.Select(p => p.TestPerplexity).ToArray());
            s.LegendText = g.Key;
        }

        if (extra.Length > 0)
        {
            var e = macs.Add.ScatterPoints(extra.Select(p => Math.Log10(p.MacsPerToken)).ToArray(), extra.Select(p => p.TestPerplexity).ToArray());
            e.LegendText = "other seeds";
        }

        macs.Title("Test perplexity vs effective MACs per token (recurrent layers)");
        macs.XLabel("log10 MACs / token");
        macs.YLabel("test perplexity");
        macs.ShowLegend();
        macs.SavePng(Path.Combine(directory, "perplexity-vs-macs.png"), 800, 500);

        var sparsity = new Plot();
        foreach (var g in series)
        {
            var ordered = g.OrderBy(p => p.WeightSparsity).ToArray();
            var s = sparsity.Add.Scatter(ordered.Select(p => 100 * p.WeightSparsity).ToArray(), ordered.Select(p => p.TestPerplexity).ToArray());
            s.LegendText = g.Key;
        }

        sparsity.Title("Test perplexity vs weight sparsity of W and R");
        sparsity.XLabel("weight sparsity (%)");
        sparsity.YLabel("test perplexity");
        sparsity.ShowLegend();
        sparsity.SavePng(Path.Combine(directory, "perplexity-vs-sparsity.png"), 800, 500);

        // One seed only: a second seed at the same decay would zig-zag the line and read as an effect of the decay.
        var decay = points.Where(p => p.Model == "Egru" && p.TargetSparsity == 0 && p.Seed == mainSeed).OrderBy(p => p.WeightDecay).ToArray();
        if (decay.Select(p => p.WeightDecay).Distinct().Count() > 1)
        {
            var wd = new Plot();
            double[] x = [.. decay.Select(p => 100 * p.MeanActivitySparsity)], y = [.. decay.Select(p => p.TestPerplexity)];
            wd.Add.Scatter(x, y);
            foreach (StudyPoint p in decay)
            {
                wd.Add.Text(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"wd {p.WeightDecay}"), 100 * p.MeanActivitySparsity, p.TestPerplexity);
            }

            // Explicit limits with room on the right for the labels; no legend box to cover a point.
            double xSpan = Math.Max(x.Max() - x.Min(), 0.1), ySpan = Math.Max(y.Max() - y.Min(), 0.1);
            wd.Axes.SetLimits(x.Min() - (0.1 * xSpan), x.Max() + (0.3 * xSpan), y.Min() - (0.15 * ySpan), y.Max() + (0.15 * ySpan));
            wd.Title($"Weight decay as the knob of activity sparsity (dense EGRU, seed {mainSeed})");
            wd.XLabel("activity sparsity (%)");
            wd.YLabel("test perplexity");
            wd.SavePng(Path.Combine(directory, "activity-vs-perplexity.png"), 800, 500);
        }
    }
}
