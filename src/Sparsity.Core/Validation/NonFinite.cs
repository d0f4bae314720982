namespace Sparsity.Core.Validation;

/// <summary>Detection of NaN and ±Infinity, which storage allows but training must be able to report.</summary>
public static class NonFinite
{
    /// <summary>True when any element of <paramref name="values"/> is NaN or ±Infinity.</summary>
    /// <param name="values">The values to scan.</param>
    /// <returns>Whether a non-finite value is present.</returns>
    public static bool Any(ReadOnlySpan<float> values) => IndexOf(values) >= 0;

    /// <summary>Index of the first NaN or ±Infinity in <paramref name="values"/>, or −1.</summary>
    /// <param name="values">The values to scan.</param>
    /// <returns>The first non-finite position, or −1 when all are finite.</returns>
    public static int IndexOf(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
