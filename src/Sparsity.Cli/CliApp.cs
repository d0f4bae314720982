using System.CommandLine;
using System.CommandLine.Invocation;
using Sparsity.Cli.Commands;
using Sparsity.Kernels.Dispatch;

namespace Sparsity.Cli;

/// <summary>
/// The command line as a function: builds every command and runs one. <c>Program</c> calls it with the process's
/// arguments; tests call it in-process with the console redirected.
/// </summary>
internal static class CliApp
{
    /// <summary>Parses <paramref name="args"/> and runs the command they name.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <returns>The exit code: 0 on success, 1 for a user error (one line on standard error), 130 when interrupted.</returns>
    public static int Run(string[] args)
    {
        try
        {
            // Bad SPARSITY_THREADS / SPARSITY_MAX_TIER / SPARSITY_FORCE_KERNEL would otherwise surface at the first kernel
            // call, after the corpus has loaded.
            KernelEnvironment.Validate();
        }
        catch (InvalidOperationException e)
        {
            CliErrors.Report(e.Message);
            return 1;
        }

        ParseResult parsed = CreateRoot().Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            // One line instead of the errors followed by the whole help text.
            CliErrors.Report(string.Join(' ', parsed.Errors.Select(e => e.Message)) + " (see --help)");
            return 1;
        }

        return parsed.Invoke();
    }

    /// <summary>The root command (the default comparison) with every subcommand.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(
            "Sparsity: sparse, event-based recurrent language models on CPUs. With no command, trains a small EGRU and a small LSTM "
            + "on the embedded corpus for about a minute each and compares them.");
        var quick = new Option<double>("--minutes") { Description = "Training minutes per model for the default comparison", DefaultValueFactory = _ => 1.0 }.Minutes();
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
        return root;
    }
}
