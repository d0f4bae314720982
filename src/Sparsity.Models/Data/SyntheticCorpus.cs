using Sparsity.Core.Validation;

namespace Sparsity.Models.Data;

/// <summary>
/// The embedded default corpus: text drawn from a seeded stochastic grammar, so that training and
/// tests need no data files and a recurrent model has long-range structure to learn.
/// </summary>
/// <remarks>
/// <para>Vocabulary (fixed, 410 words; content words drawn Zipf-distributed, P(k) ∝ 1/(k+1)):
/// nouns <c>n0 … n99</c> (singular) and <c>n0s … n99s</c> (plural); verbs <c>v0s … v59s</c>
/// (singular) and <c>v0 … v59</c> (plural); adjectives <c>j0 … j39</c>; adverbs <c>r0 … r29</c>;
/// determiners, prepositions, brackets <c>( ) [ ]</c> and the full stop.</para>
/// <para>Each sentence is one line:
/// <c>Det(num) Adj* Noun(num) [Prep Det Adj* Noun(any)] [Aside] Verb(num) [Det Adj* Noun(any)] [Adverb] .</c>,
/// where an aside is <c>( Adverb+ [Noun] [Aside] )</c> or the same with <c>[ ]</c>, nested at most
/// twice. Rules that hold in every sentence: the first verb agrees in number with the first noun
/// (several words earlier, across distractor nouns of either number), and brackets are balanced and
/// properly nested. Verbs appear nowhere else.</para>
/// <para>The splits go through <see cref="WordCorpus.FromLines"/> with the whole grammar vocabulary
/// given first, so word ids are the same for every seed and size.</para>
/// </remarks>
public static class SyntheticCorpus
{
    private const int NounCount = 100;
    private const int VerbCount = 60;
    private const int AdjectiveCount = 40;
    private const int AdverbCount = 30;

    private static readonly string[] SingularDeterminers = ["the", "a", "this", "every", "one"];
    private static readonly string[] PluralDeterminers = ["the", "some", "these", "many", "two"];
    private static readonly string[] Prepositions = ["of", "near", "with", "behind", "under"];
    private static readonly string[] Nouns = Numbered("n", NounCount, "");
    private static readonly string[] PluralNouns = Numbered("n", NounCount, "s");
    private static readonly string[] SingularVerbs = Numbered("v", VerbCount, "s");
    private static readonly string[] PluralVerbs = Numbered("v", VerbCount, "");
    private static readonly string[] Adjectives = Numbered("j", AdjectiveCount, "");
    private static readonly string[] Adverbs = Numbered("r", AdverbCount, "");
    private static readonly double[] NounCdf = ZipfCdf(NounCount);
    private static readonly double[] VerbCdf = ZipfCdf(VerbCount);
    private static readonly double[] AdjectiveCdf = ZipfCdf(AdjectiveCount);
    private static readonly double[] AdverbCdf = ZipfCdf(AdverbCount);

    /// <summary>Gets the grammar's whole vocabulary in id order (<c>&lt;eos&gt;</c> first).</summary>
    public static IReadOnlyList<string> Words { get; } = BuildWords();

    /// <summary>Generates a corpus deterministically from <paramref name="seed"/>.</summary>
    /// <param name="seed">The random seed; the same seed and sizes give the same token ids.</param>
    /// <param name="trainSentences">Training sentences (lines), at least 1.</param>
    /// <param name="validSentences">Validation sentences, at least 1.</param>
    /// <param name="testSentences">Test sentences, at least 1.</param>
    /// <returns>The corpus; its vocabulary is <see cref="Words"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A sentence count is not positive.</exception>
    public static WordCorpus Generate(int seed, int trainSentences = 20_000, int validSentences = 2_000, int testSentences = 2_000)
    {
        ThrowHelper.Positive(trainSentences, nameof(trainSentences));
        ThrowHelper.Positive(validSentences, nameof(validSentences));
        ThrowHelper.Positive(testSentences, nameof(testSentences));
        var random = new Random(seed);
        return WordCorpus.FromLines(
            Sentences(random, trainSentences).ToList(),
            Sentences(random, validSentences).ToList(),
            Sentences(random, testSentences).ToList(),
            Words);
    }

    /// <summary>Generates <paramref name="count"/> sentences (one line each, words separated by single spaces).</summary>
    /// <param name="seed">The random seed.</param>
    /// <param name="count">The number of sentences, non-negative.</param>
    /// <returns>The lines, without <c>&lt;eos&gt;</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static IReadOnlyList<string> GenerateLines(int seed, int count)
    {
        ThrowHelper.NonNegative(count, nameof(count));
        return Sentences(new Random(seed), count).ToList();
    }

    private static IEnumerable<string> Sentences(Random random, int count)
    {
        var words = new List<string>(32);
        for (int i = 0; i < count; i++)
        {
            words.Clear();
            bool plural = random.NextDouble() < 0.5;
            NounPhrase(random, words, plural);
            if (random.NextDouble() < 0.5)
            {
                words.Add(Prepositions[random.Next(Prepositions.Length)]);
                NounPhrase(random, words, random.NextDouble() < 0.5);
            }

            if (random.NextDouble() < 0.3)
            {
                Aside(random, words, depth: 0);
            }

            words.Add((plural ? PluralVerbs : SingularVerbs)[Zipf(random, VerbCdf)]);
            if (random.NextDouble() < 0.7)
            {
                NounPhrase(random, words, random.NextDouble() < 0.5);
            }

            if (random.NextDouble() < 0.3)
            {
                words.Add(Adverbs[Zipf(random, AdverbCdf)]);
            }

            words.Add(".");
            yield return string.Join(' ', words);
        }
    }

    private static void NounPhrase(Random random, List<string> words, bool plural)
    {
        string[] determiners = plural ? PluralDeterminers : SingularDeterminers;
        words.Add(determiners[random.Next(determiners.Length)]);
        while (random.NextDouble() < 0.35)
        {
            words.Add(Adjectives[Zipf(random, AdjectiveCdf)]);
        }

        words.Add((plural ? PluralNouns : Nouns)[Zipf(random, NounCdf)]);
    }

    private static void Aside(Random random, List<string> words, int depth)
    {
        bool round = random.NextDouble() < 0.5;
        words.Add(round ? "(" : "[");
        do
        {
            words.Add(Adverbs[Zipf(random, AdverbCdf)]);
        }
        while (random.NextDouble() < 0.4);

        if (random.NextDouble() < 0.5)
        {
            words.Add((random.NextDouble() < 0.5 ? PluralNouns : Nouns)[Zipf(random, NounCdf)]);
        }

        if (depth < 1 && random.NextDouble() < 0.3)
        {
            Aside(random, words, depth + 1);
        }

        words.Add(round ? ")" : "]");
    }

    private static int Zipf(Random random, double[] cdf)
    {
        int index = Array.BinarySearch(cdf, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cdf.Length - 1);
    }

    private static double[] ZipfCdf(int n)
    {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += 1.0 / (k + 1);
            cdf[k] = sum;
        }

        for (int k = 0; k < n; k++)
        {
            cdf[k] /= sum;
        }

        return cdf;
    }

    private static string[] Numbered(string prefix, int count, string suffix)
    {
        string[] words = new string[count];
        for (int k = 0; k < count; k++)
        {
            words[k] = string.Concat(prefix, k.ToString(System.Globalization.CultureInfo.InvariantCulture), suffix);
        }

        return words;
    }

    private static string[] BuildWords()
    {
        var vocabulary = new Vocabulary(
            [Vocabulary.EndOfSentence, ".", "(", ")", "[", "]",
             .. SingularDeterminers, .. PluralDeterminers, .. Prepositions,
             .. Nouns, .. PluralNouns, .. SingularVerbs, .. PluralVerbs, .. Adjectives, .. Adverbs]);
        return [.. vocabulary.Words];
    }
}
