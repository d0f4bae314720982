using Sparsity.Models.Data;

namespace Sparsity.Cli.Commands;

/// <summary>Where training text comes from: a directory with train/valid/test.txt, or the embedded synthetic corpus.</summary>
internal static class CorpusSource
{
    /// <summary>Sentences in the embedded corpus's training split (about 0.35 M tokens).</summary>
    public const int EmbeddedTrainSentences = 20_000;

    public static WordCorpus Load(string? directory, int seed, TextWriter log)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            WordCorpus embedded = SyntheticCorpus.Generate(seed);
            log.WriteLine($"Corpus: embedded synthetic grammar (seed {seed}): {embedded.Train.Length:N0} / {embedded.Valid.Length:N0} / {embedded.Test.Length:N0} tokens, {embedded.Vocabulary.Count:N0} types.");
            return embedded;
        }

        WordCorpus corpus = WordCorpus.Load(directory);
        log.WriteLine($"Corpus: {directory}: {corpus.Train.Length:N0} / {corpus.Valid.Length:N0} / {corpus.Test.Length:N0} tokens, {corpus.Vocabulary.Count:N0} types.");
        return corpus;
    }

    /// <summary>Throws unless a checkpoint's vocabulary is the corpus's, word for word: ids would mean other words.</summary>
    public static void RequireSameVocabulary(Vocabulary stored, WordCorpus corpus, string action)
    {
        if (!stored.Words.SequenceEqual(corpus.Vocabulary.Words))
        {
            throw new ArgumentException(
                $"The checkpoint's vocabulary ({stored.Count} words) is not this corpus's ({corpus.Vocabulary.Count}): {action} with the data it was trained on.");
        }
    }
}
