using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary>
/// A new <c>train</c> run (no <c>--resume</c>) would overwrite the checkpoint and its <c>.best</c>: refused when either
/// exists unless <c>--force</c>, which then deletes the old <c>.best</c> so that it cannot pass for the new run's best model.
/// </summary>
internal static class CheckpointReplacement
{
    /// <summary>Throws unless neither <paramref name="checkpoint"/> nor its <c>.best</c> exists, or <paramref name="force"/> is set.</summary>
    public static void EnsureAllowed(string checkpoint, bool force)
    {
        string best = Trainer.BestPath(checkpoint);
        string? existing = File.Exists(checkpoint) ? checkpoint : File.Exists(best) ? best : null;
        if (existing is not null && !force)
        {
            throw new ArgumentException(
                $"'{existing}' already exists: pass --resume to continue that run, or --force to start a new one that replaces {checkpoint} and {best}.");
        }
    }

    /// <summary>With <paramref name="force"/>, deletes the previous run's <c>.best</c> (the new run's first validation writes its own).</summary>
    public static void RemoveStaleBest(string checkpoint, bool force, TextWriter log)
    {
        string best = Trainer.BestPath(checkpoint);
        if (force && File.Exists(best))
        {
            File.Delete(best);
            log.WriteLine($"--force: deleted {best}, the previous run's best model; {checkpoint} is replaced by this run's first checkpoint.");
        }
    }
}
