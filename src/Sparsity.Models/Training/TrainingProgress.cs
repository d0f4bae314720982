namespace Sparsity.Models.Training;

/// <summary>A snapshot reported during training, often enough to drive a live progress bar.</summary>
/// <param name="Epoch">Current epoch (0-based).</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Step">Optimiser steps done in total.</param>
/// <param name="EpochFraction">Fraction of the current epoch's tokens done, in [0, 1].</param>
/// <param name="TokensPerSecond">Training throughput over the last report interval.</param>
/// <param name="Loss">Mean training loss (nats/token) since the last report.</param>
/// <param name="LearningRate">Learning rate of the last step (after window scaling).</param>
/// <param name="Activity">Mean activity over the recurrent layers since the last report (1 for LSTM).</param>
/// <param name="Elapsed">Wall time since the run (or its resumption) began.</param>
/// <param name="Remaining">Estimated time to finish the run, or null before an estimate exists.</param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, long Step, double EpochFraction, double TokensPerSecond, double Loss, double LearningRate,
    double Activity, TimeSpan Elapsed, TimeSpan? Remaining)
{
    /// <summary>exp(<see cref="Loss"/>).</summary>
    public double Perplexity => Math.Exp(Loss);
}
