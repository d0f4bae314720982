using Sparsity.Cli;

// Redirected output (logs, CI) gets a fixed wide layout instead of 80 columns, so result tables stay readable.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

return CliApp.Run(args);
