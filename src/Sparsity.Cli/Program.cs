using System.CommandLine;
using Sparsity.Cli;
using Sparsity.Cli.Commands;

// Redirected output (logs, CI) gets a fixed wide layout instead of 80 columns, so result tables stay readable.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

var root = new RootCommand(
    "Sparsity: sparse, event-based recurrent language models on CPUs. With no command, trains a small EGRU and a small LSTM "
    + "on the embedded corpus for about a minute each and compares them.");
var quick = new Option<double>("--minutes") { Description = "Training minutes per model for the default comparison", DefaultValueFactory = _ => 1.0 };
root.Options.Add(quick);
root.SetAction(p => CliErrors.Guard(() => DemoCommand.Run(p.GetValue(quick))));
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(PruneCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(PlotCurvesCommand.Create());
root.Subcommands.Add(PlotHealthCommand.Create());
root.Subcommands.Add(InteropCommands.Export());
root.Subcommands.Add(InteropCommands.Import());
root.Subcommands.Add(StorageDemo.Create());
return root.Parse(args).Invoke();
