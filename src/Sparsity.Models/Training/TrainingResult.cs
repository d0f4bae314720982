namespace Sparsity.Models.Training;

/// <summary>One validation point of a run's learning curve.</summary>
/// <param name="Epoch">Epochs completed (fractional when the run stopped mid-epoch).</param>
/// <param name="Step">Optimiser steps done.</param>
/// <param name="TrainLoss">Mean training loss since the previous point.</param>
/// <param name="ValidLoss">Validation loss.</param>
/// <param name="Activity">Mean validation activity over the recurrent layers, weighted by width.</param>
/// <param name="Seconds">Wall seconds of training so far (across resumptions).</param>
public sealed record LearningCurvePoint(double Epoch, long Step, double TrainLoss, double ValidLoss, double Activity, double Seconds)
{
    /// <summary>Per-layer health on the validation pass, bottom to top (empty for points written before it was recorded).</summary>
    public IReadOnlyList<LayerHealth> Health { get; init; } = [];
}

/// <summary>What a training run produced.</summary>
/// <param name="Completed">False when the run was interrupted (Ctrl-C) and can be resumed from its checkpoint.</param>
/// <param name="Steps">Optimiser steps done in total.</param>
/// <param name="Curve">Validation points, oldest first (including points recorded before a resumption).</param>
/// <param name="BestValidation">Evaluation of the best-validation model on the validation split (null if never validated).</param>
/// <param name="Test">Evaluation of the best-validation model on the test split (null when interrupted).</param>
/// <param name="TrainingSeconds">Wall seconds spent training (across resumptions).</param>
/// <param name="TokensPerSecond">Training throughput of this session.</param>
public sealed record TrainingResult(
    bool Completed, long Steps, IReadOnlyList<LearningCurvePoint> Curve, EvaluationSummary? BestValidation, EvaluationSummary? Test,
    double TrainingSeconds, double TokensPerSecond)
{
    /// <summary>The health probes of <see cref="TrainingOptions.ProbeEverySteps"/>, oldest first (including those before a resumption).</summary>
    public IReadOnlyList<HealthProbe> Probes { get; init; } = [];
}
