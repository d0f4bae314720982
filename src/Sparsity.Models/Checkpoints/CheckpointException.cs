namespace Sparsity.Models.Checkpoints;

/// <summary>
/// A checkpoint file cannot be used: missing, truncated, not a checkpoint, of an unsupported version, corrupted, or
/// not matching the model it is loaded into. It derives from <see cref="IOException"/> (as the sealed
/// <see cref="InvalidDataException"/> cannot be derived from), so a caller handling I/O failures catches it too; the
/// cause, when there is one (e.g. <see cref="FileNotFoundException"/>), is the inner exception.
/// </summary>
public sealed class CheckpointException : IOException
{
    /// <summary>Creates an exception with no message.</summary>
    public CheckpointException()
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What is wrong.</param>
    public CheckpointException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
