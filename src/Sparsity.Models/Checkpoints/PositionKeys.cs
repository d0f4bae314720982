namespace Sparsity.Models.Checkpoints;

/// <summary>
/// Conventional keys of <see cref="Checkpoint.Position"/>, so that trainers and tools agree on them; the record
/// accepts any other key as well.
/// </summary>
public static class PositionKeys
{
    /// <summary>Completed epochs (long).</summary>
    public const string Epoch = "epoch";

    /// <summary>Optimiser steps taken in the whole run (long); the learning-rate schedule's input.</summary>
    public const string Step = "step";

    /// <summary>Index of the next window (batch of BPTT windows) within the current epoch (long).</summary>
    public const string Window = "window";

    /// <summary>Token offset of the next window within the current epoch's streams (long).</summary>
    public const string TokenOffset = "tokenOffset";

    /// <summary>Training tokens processed in the whole run (long).</summary>
    public const string TokensSeen = "tokensSeen";

    /// <summary>Best validation loss so far, mean NLL per token (double).</summary>
    public const string BestValidationLoss = "bestValidationLoss";

    /// <summary>The run's base random seed (long), from which per-window streams are derived.</summary>
    public const string Seed = "seed";
}
