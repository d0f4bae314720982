using Sparsity.Cli;
using Spectre.Console;

namespace Sparsity.Tests.Cli;

/// <summary>What one in-process run of the command line printed and returned.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>The non-empty lines of standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <inheritdoc/>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs <see cref="CliApp"/> in-process with the console redirected, and checks the shape of a user error: exit code 1
/// and exactly one line on standard error, starting with <c>error:</c> (no stack trace, no help text).
/// </summary>
internal static class CliHarness
{
    public static CliRun Run(params string[] args)
    {
        TextWriter output = Console.Out, error = Console.Error;
        IAnsiConsole ansi = AnsiConsole.Console;
        // Not disposed: a writer captured by a later-running piece of the CLI must not turn into an ObjectDisposedException.
        var capturedOutput = new StringWriter();
        var capturedError = new StringWriter();
        Console.SetOut(capturedOutput);
        Console.SetError(capturedError);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(capturedOutput), Interactive = InteractionSupport.No });
        try
        {
            int code = CliApp.Run(args);
            return new CliRun(code, capturedOutput.ToString(), capturedError.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
            AnsiConsole.Console = ansi;
        }
    }

    /// <summary>Asserts that the run failed with one line on standard error that contains every one of <paramref name="fragments"/>.</summary>
    public static void AssertOneLineError(CliRun run, params string[] fragments)
    {
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.ErrorLines, Has.Length.EqualTo(1), run.ToString());
            Assert.That(run.Error, Does.StartWith("error: "), run.ToString());
            Assert.That(run.Error, Does.Not.Contain("   at "), run.ToString());
            foreach (string fragment in fragments)
            {
                Assert.That(run.Error, Does.Contain(fragment), run.ToString());
            }
        });
    }
}
