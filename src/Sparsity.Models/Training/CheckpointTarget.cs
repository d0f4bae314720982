namespace Sparsity.Models.Training;

/// <summary>
/// Checks, before any training, that a run's checkpoint and its best-validation copy (<see cref="Trainer.BestPath"/>) can
/// be written, so that a missing directory or an unwritable target is reported at once instead of after the first
/// checkpoint interval or the first validation.
/// </summary>
public static class CheckpointTarget
{
    /// <summary>
    /// Throws unless the checkpoint's directory exists and accepts a new file, and neither the checkpoint nor its
    /// <c>.best</c> is a directory or a read-only file. A probe file is created and deleted; nothing else is written.
    /// </summary>
    /// <param name="checkpointPath">The run's checkpoint file.</param>
    /// <exception cref="ArgumentException">The path is empty or invalid, or the checkpoint cannot be written there; the message names the file or directory.</exception>
    public static void EnsureWritable(string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        string full = Path.GetFullPath(checkpointPath);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{checkpointPath}' has no directory.", nameof(checkpointPath));
        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"The checkpoint's directory '{directory}' does not exist.", nameof(checkpointPath));
        }

        foreach (string file in (string[])[full, Trainer.BestPath(full)])
        {
            if (Directory.Exists(file))
            {
                throw new ArgumentException($"'{file}' is a directory: the checkpoint cannot be written there.", nameof(checkpointPath));
            }

            if (File.Exists(file) && File.GetAttributes(file).HasFlag(FileAttributes.ReadOnly))
            {
                throw new ArgumentException($"'{file}' is read-only: the checkpoint cannot replace it.", nameof(checkpointPath));
            }
        }

        // The writer creates a temporary file next to the target and renames it: try the first half of that.
        string probe = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Checkpoints cannot be written in '{directory}': {e.Message}", nameof(checkpointPath), e);
        }
    }
}
