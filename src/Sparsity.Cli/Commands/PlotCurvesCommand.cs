using System.CommandLine;
using System.Globalization;
using ScottPlot;

namespace Sparsity.Cli.Commands;

/// <summary><c>sparsity plot-curves</c>: validation perplexity and activity against epoch, from the CSVs <c>train --curve</c> writes.</summary>
internal static class PlotCurvesCommand
{
    public static Command Create()
    {
        var curves = new Option<string[]>("--curve") { Description = "A learning-curve CSV (repeat for several runs)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Destination PNG", Required = true };
        var command = new Command("plot-curves", "Plot learning curves (validation perplexity and activity per epoch) from train --curve CSVs.") { curves, output };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var plot = new Plot();
            var activity = new Plot();
            foreach (string path in p.GetValue(curves)!)
            {
                string[][] rows = [.. File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))];
                if (rows.Length == 0 || rows.Any(r => r.Length < 7))
                {
                    throw new InvalidDataException($"{path} is not a learning-curve CSV written by train --curve.");
                }

                double[] epoch = [.. rows.Select(r => double.Parse(r[0], CultureInfo.InvariantCulture))];
                string name = Path.GetFileNameWithoutExtension(path);
                plot.Add.Scatter(epoch, [.. rows.Select(r => double.Parse(r[4], CultureInfo.InvariantCulture))]).LegendText = name;
                activity.Add.Scatter(epoch, [.. rows.Select(r => 100 * double.Parse(r[5], CultureInfo.InvariantCulture))]).LegendText = name;
            }

            plot.Title("Validation perplexity");
            plot.XLabel("epoch");
            plot.YLabel("perplexity");
            plot.ShowLegend(Alignment.UpperRight);
            string output_ = p.GetValue(output)!;
            plot.SavePng(output_, 800, 450);
            activity.Title("Validation activity (fraction of nonzero outputs)");
            activity.XLabel("epoch");
            activity.YLabel("activity (%)");
            activity.ShowLegend(Alignment.UpperRight);
            string activityPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output_))!, Path.GetFileNameWithoutExtension(output_) + "-activity.png");
            activity.SavePng(activityPath, 800, 450);
            Console.WriteLine($"Wrote {output_} and {activityPath}.");
            return 0;
        }));
        return command;
    }
}
