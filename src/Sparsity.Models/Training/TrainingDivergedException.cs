namespace Sparsity.Models.Training;

/// <summary>
/// Training produced a non-finite loss, gradient or parameter. The last checkpoint written before it is left in place and
/// holds the last good state: the trainer writes a step's checkpoint only once the next step's loss and gradient have
/// proven finite, and never one with a non-finite parameter.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for optimiser step <paramref name="step"/>.</summary>
    /// <param name="step">The failing step (0-based).</param>
    /// <param name="what">What was not finite.</param>
    public TrainingDivergedException(long step, string what)
        : base($"Training diverged at step {step}: {what}. The step was not applied; the last checkpoint (if any) holds the last good state.")
    {
        Step = step;
    }

    /// <summary>Creates the exception for optimiser step <paramref name="step"/>, whose update may already have been applied.</summary>
    /// <param name="step">The failing step (0-based).</param>
    /// <param name="what">What was not finite.</param>
    /// <param name="stepApplied">Whether the step's update reached the parameters (the model in memory is then unusable).</param>
    public TrainingDivergedException(long step, string what, bool stepApplied)
        : base(stepApplied
            ? $"Training diverged at step {step}: {what}. The model in memory is unusable; the last checkpoint (if any) holds the last good state."
            : $"Training diverged at step {step}: {what}. The step was not applied; the last checkpoint (if any) holds the last good state.")
    {
        Step = step;
    }

    /// <summary>The optimiser step at which training diverged.</summary>
    public long Step { get; }
}
