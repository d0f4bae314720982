using System.CommandLine;
using ScottPlot;

namespace Sparsity.Cli.Commands;

/// <summary><c>sparsity plot-health</c>: silent units per layer against step, from the CSVs <c>train --health</c> writes.</summary>
internal static class PlotHealthCommand
{
    public static Command Create()
    {
        var files = new Option<string[]>("--health") { Description = "A health CSV (repeat for several runs)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Destination PNG", Required = true };
        var command = new Command("plot-health", "Plot the share of silent units per layer against the training step from train --health CSVs.") { files, output };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var plot = new Plot();
            foreach (string path in p.GetValue(files)!)
            {
                // Probes and epoch validations score different token sets (the first probe tokens vs the whole split):
                // one line per layer from the probes where there are any, else from the epochs.
                var all = HealthCsv.Read(path);
                var rows = all.Any(r => r.Kind == "probe") ? [.. all.Where(r => r.Kind == "probe")] : all;
                if (rows.Count == 0 || rows.All(r => r.Silent.All(double.IsNaN)))
                {
                    throw new InvalidDataException($"{path} holds no silent-unit measurements (an LSTM has none; an EGRU run writes them with --health).");
                }

                string name = Path.GetFileNameWithoutExtension(path);
                double[] steps = [.. rows.Select(r => (double)r.Step)];
                for (int l = 0; l < rows[0].Silent.Length; l++)
                {
                    plot.Add.Scatter(steps, [.. rows.Select(r => 100 * r.Silent[l])]).LegendText = $"{name} layer {l}";
                }
            }

            plot.Title("Silent units per layer (never fired on the probed validation tokens)");
            plot.XLabel("step");
            plot.YLabel("silent units (%)");
            plot.ShowLegend(Alignment.UpperRight);
            string destination = p.GetValue(output)!;
            plot.SavePng(destination, 800, 450);
            Console.WriteLine($"Wrote {destination}.");
            return 0;
        }));
        return command;
    }
}
