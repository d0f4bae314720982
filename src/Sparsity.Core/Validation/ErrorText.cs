namespace Sparsity.Core.Validation;

/// <summary>Text of error messages: user values quoted short enough that one bad input cannot make a multi-megabyte message.</summary>
public static class ErrorText
{
    /// <summary>The most characters of a value that <see cref="Quote"/> shows.</summary>
    public const int MaxQuoted = 200;

    /// <summary>
    /// <paramref name="value"/> as it goes between quotes in a message: unchanged up to <see cref="MaxQuoted"/> characters,
    /// otherwise its first <see cref="MaxQuoted"/> characters, an ellipsis and its full length.
    /// </summary>
    /// <param name="value">The user's value.</param>
    /// <returns>The value, or its shortened form such as <c>xxx… (3000000 characters)</c>.</returns>
    public static string Quote(ReadOnlySpan<char> value)
    {
        if (value.Length <= MaxQuoted)
        {
            return value.ToString();
        }

        int cut = MaxQuoted;
        if (char.IsHighSurrogate(value[cut - 1]))
        {
            cut--; // never split a surrogate pair
        }

        return string.Concat(value[..cut], $"… ({value.Length} characters)");
    }
}
