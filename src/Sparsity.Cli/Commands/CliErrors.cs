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
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
