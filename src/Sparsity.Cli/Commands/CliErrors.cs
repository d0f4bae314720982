using Sparsity.Models.Checkpoints;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary>Turns the errors a user can cause (bad options, missing or corrupt files) into one clear line and exit code 1.</summary>
internal static class CliErrors
{
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or CheckpointException
                                       or TrainingDivergedException or FormatException or UnauthorizedAccessException or KeyNotFoundException)
        {
            Report(e.Message);
            return 1;
        }
    }

    /// <summary>Writes <c>error: MESSAGE</c> to standard error as one line (line breaks inside the message become spaces).</summary>
    public static void Report(string message) => Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ").Trim()}");
}
