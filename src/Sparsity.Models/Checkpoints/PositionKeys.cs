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

    /// <summary>
    /// Sum of the training losses (double) of the windows since the last learning-curve point (the current epoch's so far),
    /// so that a resumed run's next point averages the windows before the interruption too.
    /// </summary>
    public const string CurveTrainLossSum = "curveTrainLossSum";

    /// <summary>The number of windows (long) summed in <see cref="CurveTrainLossSum"/>.</summary>
    public const string CurveTrainWindows = "curveTrainWindows";

    /// <summary>The run's base random seed (long), from which per-window streams are derived.</summary>
    public const string Seed = "seed";

    /// <summary>The run's batch size B (long); resuming with another is refused.</summary>
    public const string BatchSize = "batchSize";

    /// <summary>The run's base truncated-BPTT window length (long); resuming with another is refused.</summary>
    public const string BpttLength = "bpttLength";

    /// <summary>Whether the run drew AWD-style random window lengths (text, <c>true</c> or <c>false</c>); resuming with the other is refused.</summary>
    public const string RandomBptt = "randomBptt";

    /// <summary>The run's peak learning rate (double); resuming with another is refused.</summary>
    public const string LearningRate = "learningRate";

    /// <summary>The run's decoupled weight decay (double); resuming with another is refused.</summary>
    public const string WeightDecay = "weightDecay";

    /// <summary>Whether the weight decay applied to biases (text, <c>true</c> or <c>false</c>); resuming with the other is refused.</summary>
    public const string DecayBiases = "decayBiases";

    /// <summary>The run's optimiser, <c>true</c> for SGD and <c>false</c> for AdamW (text); resuming with the other is refused.</summary>
    public const string Sgd = "sgd";

    /// <summary>The run's AdamW β₁ (double); resuming with another is refused.</summary>
    public const string Beta1 = "beta1";

    /// <summary>The run's AdamW β₂ (double); resuming with another is refused.</summary>
    public const string Beta2 = "beta2";

    /// <summary>The run's global-norm clipping threshold (double); resuming with another is refused.</summary>
    public const string ClipNorm = "clipNorm";
}
