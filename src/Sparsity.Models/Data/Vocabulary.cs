using System.Text;
using Sparsity.Core.Validation;

namespace Sparsity.Models.Data;

/// <summary>
/// A two-way map between words and dense ids <c>0 … Count − 1</c>. Ids are given in order of first
/// addition, so a vocabulary built by reading the same training text twice has the same ids.
/// </summary>
/// <remarks>
/// Words are compared ordinally (byte-for-byte, as PyTorch's <c>Dictionary</c> does). The
/// vocabulary only grows; ids are never reused or reordered.
/// </remarks>
public sealed class Vocabulary
{
    /// <summary>The end-of-sentence token appended to every line: <c>&lt;eos&gt;</c>.</summary>
    public const string EndOfSentence = "<eos>";

    /// <summary>The unknown-word token: <c>&lt;unk&gt;</c>. When present, evaluation words missing from the vocabulary map to it.</summary>
    public const string Unknown = "<unk>";

    // "SPVOCAB" + format version 1, as checkpoints start with a magic number and a version.
    private const ulong Magic = 0x3142_41434F565053UL;
    private const int FormatVersion = 1;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _words = [];

    /// <summary>Creates an empty vocabulary.</summary>
    public Vocabulary()
    {
    }

    /// <summary>Creates a vocabulary holding <paramref name="words"/> in order (duplicates keep their first id).</summary>
    /// <param name="words">The words to add.</param>
    /// <exception cref="ArgumentNullException"><paramref name="words"/> or one of its words is null.</exception>
    /// <exception cref="ArgumentException">A word is empty or contains white space.</exception>
    public Vocabulary(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        foreach (string word in words)
        {
            Add(word);
        }
    }

    /// <summary>Gets the number of words, which is one more than the largest id.</summary>
    public int Count => _words.Count;

    /// <summary>Gets the word with id <paramref name="id"/>.</summary>
    /// <param name="id">An id in <c>[0, Count)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is outside <c>[0, Count)</c>.</exception>
    public string this[int id]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, Count);
            return _words[id];
        }
    }

    /// <summary>Gets the words in id order.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>Adds <paramref name="word"/> if absent and returns its id (the existing id if present).</summary>
    /// <param name="word">A non-empty word without white space.</param>
    /// <returns>The word's id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="word"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="word"/> is empty or contains white space.</exception>
    public int Add(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        CheckWord(word, nameof(word));
        return AddUnchecked(word);
    }

    /// <summary>Looks up the id of <paramref name="word"/>.</summary>
    /// <param name="word">The word.</param>
    /// <param name="id">The id, or −1 when absent.</param>
    /// <returns>Whether the word is in the vocabulary.</returns>
    public bool TryGetId(ReadOnlySpan<char> word, out int id)
    {
        if (_ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out id))
        {
            return true;
        }

        id = -1;
        return false;
    }

    /// <summary>Returns the id of <paramref name="word"/>.</summary>
    /// <param name="word">The word.</param>
    /// <returns>Its id.</returns>
    /// <exception cref="KeyNotFoundException"><paramref name="word"/> is not in the vocabulary.</exception>
    public int GetId(string word) =>
        TryGetId(word, out int id) ? id : throw new KeyNotFoundException($"The word '{word}' is not in the vocabulary.");

    /// <summary>Returns whether <paramref name="word"/> is in the vocabulary.</summary>
    /// <param name="word">The word.</param>
    /// <returns>True when present.</returns>
    public bool Contains(ReadOnlySpan<char> word) => TryGetId(word, out _);

    /// <summary>
    /// Writes the vocabulary: magic (8 bytes), version (int32), count (int32), then each word in id
    /// order as a length-prefixed UTF-8 string. The stream is left open.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        using var writer = new BinaryWriter(stream, StrictUtf8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(_words.Count);
        foreach (string word in _words)
        {
            writer.Write(word);
        }
    }

    /// <summary>Reads a vocabulary written by <see cref="WriteTo"/>. The stream is left open.</summary>
    /// <param name="stream">A readable stream positioned at the vocabulary.</param>
    /// <returns>The vocabulary, with the same ids.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">
    /// The magic or version is wrong, the count is negative, the data ends early, a word is not valid
    /// UTF-8, is empty, contains white space or repeats an earlier word.
    /// </exception>
    public static Vocabulary ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        using var reader = new BinaryReader(stream, StrictUtf8, leaveOpen: true);
        try
        {
            ulong magic = reader.ReadUInt64();
            if (magic != Magic)
            {
                throw new InvalidDataException($"Not a vocabulary: magic 0x{magic:X16}, expected 0x{Magic:X16}.");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Unsupported vocabulary format version {version}; this build reads version {FormatVersion}.");
            }

            int count = reader.ReadInt32();
            if (count < 0)
            {
                throw new InvalidDataException($"Vocabulary word count is negative ({count}).");
            }

            var vocabulary = new Vocabulary();
            for (int i = 0; i < count; i++)
            {
                string word = reader.ReadString();
                if (!IsValidWord(word))
                {
                    throw new InvalidDataException($"Vocabulary word {i} ('{word}') is empty or contains white space.");
                }

                if (vocabulary.AddUnchecked(word) != i)
                {
                    throw new InvalidDataException($"Vocabulary word {i} ('{ErrorText.Quote(word)}') repeats an earlier word.");
                }
            }

            return vocabulary;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The vocabulary data ends early.", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("A vocabulary word is not valid UTF-8.", e);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException("A vocabulary word has a malformed length prefix.", e);
        }
    }

    private int AddUnchecked(string word)
    {
        if (_ids.TryGetValue(word, out int id))
        {
            return id;
        }

        id = _words.Count;
        _ids.Add(word, id);
        _words.Add(word);
        return id;
    }

    private static void CheckWord(string word, string paramName)
    {
        if (!IsValidWord(word))
        {
            throw new ArgumentException($"A word must be non-empty and free of white space, but was '{ErrorText.Quote(word)}'.", paramName);
        }
    }

    private static bool IsValidWord(string word)
    {
        if (word.Length == 0)
        {
            return false;
        }

        foreach (char c in word)
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
