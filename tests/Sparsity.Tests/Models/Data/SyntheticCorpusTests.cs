using Sparsity.Models.Data;

namespace Sparsity.Tests.Models.Data;

[TestFixture]
public sealed class SyntheticCorpusTests
{
    [Test]
    public void Generate_SameSeed_SameTokens_DifferentSeed_Different()
    {
        WordCorpus a = SyntheticCorpus.Generate(42, 500, 50, 50);
        WordCorpus b = SyntheticCorpus.Generate(42, 500, 50, 50);
        WordCorpus c = SyntheticCorpus.Generate(43, 500, 50, 50);
        Assert.Multiple(() =>
        {
            Assert.That(a.Train, Is.EqualTo(b.Train));
            Assert.That(a.Valid, Is.EqualTo(b.Valid));
            Assert.That(a.Test, Is.EqualTo(b.Test));
            Assert.That(c.Train, Is.Not.EqualTo(a.Train));
            Assert.That(a.Vocabulary.Words, Is.EqualTo(c.Vocabulary.Words));
            Assert.That(a.Vocabulary.Count, Is.EqualTo(SyntheticCorpus.Words.Count).And.InRange(300, 500));
        });
    }

    [Test]
    public void GenerateLines_EverySentence_AgreesAndBalancesBrackets()
    {
        IReadOnlyList<string> lines = SyntheticCorpus.GenerateLines(3, 5_000);
        int withDistractor = 0;
        foreach (string line in lines)
        {
            string[] words = line.Split(' ');
            Assert.That(words[^1], Is.EqualTo("."), line);
            var stack = new Stack<string>();
            bool? subjectPlural = null;
            bool? verbPlural = null;
            int nouns = 0;
            foreach (string w in words)
            {
                if (w is "(" or "[")
                {
                    stack.Push(w);
                }
                else if (w is ")" or "]")
                {
                    Assert.That(stack, Is.Not.Empty, line);
                    Assert.That(stack.Pop(), Is.EqualTo(w == ")" ? "(" : "["), line);
                }
                else if (IsNumbered(w, 'n'))
                {
                    nouns++;
                    subjectPlural ??= w.EndsWith('s');
                    if (verbPlural is null && nouns > 1 && w.EndsWith('s') != subjectPlural)
                    {
                        withDistractor++;
                    }
                }
                else if (IsNumbered(w, 'v'))
                {
                    // Singular verbs carry the -s, plural ones do not.
                    verbPlural ??= !w.EndsWith('s');
                }
            }

            Assert.That(stack, Is.Empty, line);
            Assert.That(subjectPlural, Is.Not.Null, line);
            Assert.That(verbPlural, Is.EqualTo(subjectPlural), line);
        }

        // The rule is long-range: many sentences put a noun of the other number between subject and verb.
        Assert.That(withDistractor, Is.GreaterThan(lines.Count / 10));
    }

    [Test]
    public void Generate_TokensMatchLinesThroughWordCorpus()
    {
        WordCorpus corpus = SyntheticCorpus.Generate(9, 20, 5, 5);
        int eos = corpus.Vocabulary.GetId(Vocabulary.EndOfSentence);
        Assert.That(corpus.Train.Count(t => t == eos), Is.EqualTo(20));
        Assert.That(corpus.Valid.Count(t => t == eos), Is.EqualTo(5));
    }

    private static bool IsNumbered(string w, char prefix)
    {
        if (w.Length < 2 || w[0] != prefix)
        {
            return false;
        }

        string digits = w.EndsWith('s') ? w[1..^1] : w[1..];
        return digits.Length > 0 && digits.All(char.IsAsciiDigit);
    }
}
