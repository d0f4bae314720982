using System.Buffers;
using System.Text;
using Sparsity.Core.Validation;

namespace Sparsity.Models.Data;

/// <summary>
/// A word-level language-modelling corpus with train, validation and test splits, read as PyTorch's
/// <c>word_language_model</c> <c>Corpus</c> reads it: each line is split on white space and
/// <see cref="Vocabulary.EndOfSentence"/> is appended (empty lines included, so they yield one
/// <c>&lt;eos&gt;</c>). The vocabulary is built from the training split in first-occurrence order.
/// </summary>
/// <remarks>
/// Validation and test words missing from the vocabulary map to <see cref="Vocabulary.Unknown"/>
/// when the vocabulary has it, and are an error otherwise. Token ids are <c>[T]</c> arrays, one per split.
/// </remarks>
public sealed class WordCorpus
{
    /// <summary>The training split's file name: <c>train.txt</c>.</summary>
    public const string TrainFileName = "train.txt";

    /// <summary>The validation split's file name: <c>valid.txt</c>.</summary>
    public const string ValidFileName = "valid.txt";

    /// <summary>The test split's file name: <c>test.txt</c>.</summary>
    public const string TestFileName = "test.txt";

    private WordCorpus(Vocabulary vocabulary, int[] train, int[] valid, int[] test)
    {
        Vocabulary = vocabulary;
        Train = train;
        Valid = valid;
        Test = test;
    }

    /// <summary>Gets the vocabulary (size V), built from the training split.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Gets the training token ids, <c>[T_train]</c>, each in <c>[0, V)</c>.</summary>
    public int[] Train { get; }

    /// <summary>Gets the validation token ids, <c>[T_valid]</c>, each in <c>[0, V)</c>.</summary>
    public int[] Valid { get; }

    /// <summary>Gets the test token ids, <c>[T_test]</c>, each in <c>[0, V)</c>.</summary>
    public int[] Test { get; }

    /// <summary>
    /// Reads <c>train.txt</c>, <c>valid.txt</c> and <c>test.txt</c> from <paramref name="directory"/>,
    /// each as strict UTF-8 (a leading byte-order mark is skipped), streaming line by line.
    /// </summary>
    /// <param name="directory">The corpus directory.</param>
    /// <returns>The corpus.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist (named in the message).</exception>
    /// <exception cref="FileNotFoundException">A split file is missing (named in the message and <see cref="FileNotFoundException.FileName"/>).</exception>
    /// <exception cref="IOException">The directory is a file, or a split file is a directory (named in the message).</exception>
    /// <exception cref="InvalidDataException">
    /// A split file is empty or not valid UTF-8 (the message names the line and the byte offset of the first bad byte),
    /// a word holds a NUL character, or a validation/test word is missing from the vocabulary and the vocabulary has no
    /// <c>&lt;unk&gt;</c>; the message names the file (and the word, quoted at most 200 characters, and line).
    /// </exception>
    public static WordCorpus Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (File.Exists(directory))
        {
            throw new IOException($"Corpus directory '{Path.GetFullPath(directory)}' is a file, not a directory.");
        }

        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Corpus directory '{Path.GetFullPath(directory)}' does not exist.");
        }

        string trainPath = RequireFile(directory, TrainFileName);
        string validPath = RequireFile(directory, ValidFileName);
        string testPath = RequireFile(directory, TestFileName);

        var vocabulary = new Vocabulary();
        int[] train = Tokenize(ReadLines(trainPath), trainPath, vocabulary, grow: true);
        int[] valid = Tokenize(ReadLines(validPath), validPath, vocabulary, grow: false);
        int[] test = Tokenize(ReadLines(testPath), testPath, vocabulary, grow: false);
        return new WordCorpus(vocabulary, train, valid, test);
    }

    /// <summary>
    /// Builds a corpus from in-memory lines through the same tokenizer as <see cref="Load"/>.
    /// </summary>
    /// <param name="train">Training lines; each yields its words plus <c>&lt;eos&gt;</c>.</param>
    /// <param name="valid">Validation lines.</param>
    /// <param name="test">Test lines.</param>
    /// <param name="initialWords">
    /// Optional words given the first ids, in order, before the training words (so ids can be fixed
    /// independently of the text); null for none.
    /// </param>
    /// <returns>The corpus.</returns>
    /// <exception cref="ArgumentNullException">A split is null, or a line is null.</exception>
    /// <exception cref="ArgumentException">An initial word is empty or contains white space.</exception>
    /// <exception cref="InvalidDataException">
    /// A split has no lines, or a validation/test word is missing from the vocabulary, which has no <c>&lt;unk&gt;</c>.
    /// </exception>
    public static WordCorpus FromLines(
        IEnumerable<string> train, IEnumerable<string> valid, IEnumerable<string> test, IEnumerable<string>? initialWords = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        ArgumentNullException.ThrowIfNull(test);
        var vocabulary = initialWords is null ? new Vocabulary() : new Vocabulary(initialWords);
        int[] trainIds = Tokenize(train, "<train lines>", vocabulary, grow: true);
        int[] validIds = Tokenize(valid, "<valid lines>", vocabulary, grow: false);
        int[] testIds = Tokenize(test, "<test lines>", vocabulary, grow: false);
        return new WordCorpus(vocabulary, trainIds, validIds, testIds);
    }

    private static string RequireFile(string directory, string name)
    {
        string path = Path.Combine(directory, name);
        if (Directory.Exists(path))
        {
            throw new IOException($"Corpus file '{Path.GetFullPath(path)}' is a directory, not a file.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Corpus file '{Path.GetFullPath(path)}' does not exist.", path);
        }

        return path;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        // Strict decoder: a corrupt byte is an error, never a silent U+FFFD that becomes a new word.
        using var reader = new StreamReader(
            path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        bool first = true;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                (long badLine, long badOffset) = FirstInvalidUtf8(path);
                throw new InvalidDataException($"Corpus file '{path}' is not valid UTF-8: line {badLine}, byte {badOffset} (counted from 0 in the file).", e);
            }

            if (line is null)
            {
                yield break;
            }

            if (first && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            first = false;
            yield return line;
        }
    }

    /// <summary>The line (from 1) and the file's byte offset (from 0) of the first byte that is not valid UTF-8.</summary>
    private static (long Line, long Offset) FirstInvalidUtf8(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long line = 1, offset = 0; // offset of buffer[0] in the file
            int kept = 0;              // bytes of an incomplete sequence carried from the previous read
            while (true)
            {
                int read = stream.Read(buffer, kept, buffer.Length - kept);
                int length = kept + read;
                int i = 0;
                while (i < length)
                {
                    OperationStatus status = Rune.DecodeFromUtf8(buffer.AsSpan(i, length - i), out _, out int consumed);
                    if (status == OperationStatus.NeedMoreData && read > 0)
                    {
                        break; // the sequence continues in the next read
                    }

                    if (status != OperationStatus.Done)
                    {
                        return (line, offset + i);
                    }

                    if (buffer[i] == (byte)'\n')
                    {
                        line++;
                    }

                    i += consumed;
                }

                if (read == 0)
                {
                    return (line, offset + length); // not found: the decoder disagreed only about the end
                }

                kept = length - i;
                buffer.AsSpan(i, kept).CopyTo(buffer);
                offset += i;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int[] Tokenize(IEnumerable<string> lines, string source, Vocabulary vocabulary, bool grow)
    {
        var ids = new List<int>(1 << 16);
        int eos = grow ? -1 : (vocabulary.TryGetId(Vocabulary.EndOfSentence, out int e) ? e : -1);
        int unk = vocabulary.TryGetId(Vocabulary.Unknown, out int u) ? u : -1;
        int lineNumber = 0;
        foreach (string line in lines)
        {
            ArgumentNullException.ThrowIfNull(line, nameof(lines));
            lineNumber++;
            ReadOnlySpan<char> rest = line;
            while (true)
            {
                int start = 0;
                while (start < rest.Length && char.IsWhiteSpace(rest[start]))
                {
                    start++;
                }

                if (start == rest.Length)
                {
                    break;
                }

                int end = start + 1;
                while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
                {
                    end++;
                }

                ReadOnlySpan<char> word = rest[start..end];
                rest = rest[end..];
                if (word.Contains('\0'))
                {
                    throw new InvalidDataException(
                        $"Word '{ErrorText.Quote(word.ToString().Replace('\0', '\uFFFD'))}' at line {lineNumber} of '{source}' holds a NUL character (byte 0), which no word may hold.");
                }

                if (!vocabulary.TryGetId(word, out int id))
                {
                    if (grow)
                    {
                        id = vocabulary.Add(word.ToString());
                        if (word.SequenceEqual(Vocabulary.Unknown))
                        {
                            unk = id;
                        }
                    }
                    else if (unk >= 0)
                    {
                        id = unk;
                    }
                    else
                    {
                        throw new InvalidDataException(
                            $"Word '{ErrorText.Quote(word)}' at line {lineNumber} of '{source}' is not in the training vocabulary, which has no {Vocabulary.Unknown}.");
                    }
                }

                ids.Add(id);
            }

            if (eos < 0)
            {
                eos = vocabulary.Add(Vocabulary.EndOfSentence);
            }

            ids.Add(eos);
        }

        if (lineNumber == 0)
        {
            throw new InvalidDataException($"Corpus file '{source}' is empty.");
        }

        return [.. ids];
    }
}
