using System.Diagnostics;
using System.Text;

using Sparsity.Models.Data;

// Expected-value arrays are built once per test; hoisting them to static fields would only hide them from the assertion they belong to.
#pragma warning disable CA1861

namespace Sparsity.Tests.Models.Data;

[TestFixture]
public sealed class WordCorpusTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "sparsity-corpus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCase("ptb", 929_589, 73_760, 82_430, 10_000)]
    [TestCase("wikitext-2", 2_088_628, 217_646, 245_569, 33_278)]
    public void Load_SharedCorpus_MatchesPublishedCounts(string name, int train, int valid, int test, int types)
    {
        string dir = DataPaths.RequireCorpus(name);
        var watch = Stopwatch.StartNew();
        WordCorpus corpus = WordCorpus.Load(dir);
        watch.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(corpus.Train, Has.Length.EqualTo(train));
            Assert.That(corpus.Valid, Has.Length.EqualTo(valid));
            Assert.That(corpus.Test, Has.Length.EqualTo(test));
            Assert.That(corpus.Vocabulary.Count, Is.EqualTo(types));
            Assert.That(corpus.Train.Max(), Is.LessThan(types));
            Assert.That(corpus.Valid.Min(), Is.GreaterThanOrEqualTo(0));
        });
        TestContext.Out.WriteLine($"{name}: loaded in {watch.ElapsedMilliseconds} ms");
    }

    [Test]
    public void Load_SmallCorpus_IdsInFirstOccurrenceOrderWithEosPerLine()
    {
        Write("train.txt", "a b\n\n b  c \n");
        Write("valid.txt", "c a\n");
        Write("test.txt", "b");
        WordCorpus corpus = WordCorpus.Load(_dir);
        Assert.Multiple(() =>
        {
            Assert.That(corpus.Vocabulary.Words, Is.EqualTo(new[] { "a", "b", "<eos>", "c" }));
            Assert.That(corpus.Train, Is.EqualTo(new[] { 0, 1, 2, 2, 1, 3, 2 }));
            Assert.That(corpus.Valid, Is.EqualTo(new[] { 3, 0, 2 }));
            Assert.That(corpus.Test, Is.EqualTo(new[] { 1, 2 }));
        });
    }

    [Test]
    public void Load_UnknownWordWithUnk_MapsToUnk()
    {
        Write("train.txt", "a <unk> b\n");
        Write("valid.txt", "zzz a\n");
        Write("test.txt", "a\n");
        WordCorpus corpus = WordCorpus.Load(_dir);
        Assert.That(corpus.Valid, Is.EqualTo(new[] { corpus.Vocabulary.GetId("<unk>"), 0, corpus.Vocabulary.GetId("<eos>") }));
    }

    [Test]
    public void Load_UnknownWordWithoutUnk_ThrowsNamingWordFileAndLine()
    {
        Write("train.txt", "a b\n");
        Write("valid.txt", "a\nb zzz\n");
        Write("test.txt", "a\n");
        var e = Assert.Throws<InvalidDataException>(() => WordCorpus.Load(_dir));
        Assert.That(e!.Message, Does.Contain("zzz").And.Contain("valid.txt").And.Contain("line 2"));
    }

    [Test]
    public void Load_MissingDirectory_ThrowsDirectoryNotFound()
    {
        string missing = Path.Combine(_dir, "nope");
        var e = Assert.Throws<DirectoryNotFoundException>(() => WordCorpus.Load(missing));
        Assert.That(e!.Message, Does.Contain("nope"));
    }

    [TestCase("train.txt")]
    [TestCase("valid.txt")]
    [TestCase("test.txt")]
    public void Load_MissingFile_ThrowsFileNotFoundNamingIt(string missing)
    {
        foreach (string f in new[] { "train.txt", "valid.txt", "test.txt" }.Where(f => f != missing))
        {
            Write(f, "a\n");
        }

        var e = Assert.Throws<FileNotFoundException>(() => WordCorpus.Load(_dir));
        Assert.That(e!.Message, Does.Contain(missing));
        Assert.That(e.FileName, Does.EndWith(missing));
    }

    [TestCase("train.txt")]
    [TestCase("valid.txt")]
    [TestCase("test.txt")]
    public void Load_EmptyFile_ThrowsNamingIt(string empty)
    {
        foreach (string f in new[] { "train.txt", "valid.txt", "test.txt" })
        {
            Write(f, f == empty ? "" : "a\n");
        }

        var e = Assert.Throws<InvalidDataException>(() => WordCorpus.Load(_dir));
        Assert.That(e!.Message, Does.Contain(empty).And.Contain("empty"));
    }

    [TestCase("train.txt")]
    [TestCase("test.txt")]
    public void Load_InvalidUtf8_ThrowsNamingFile(string bad)
    {
        foreach (string f in new[] { "train.txt", "valid.txt", "test.txt" })
        {
            Write(f, "a\n");
        }

        File.WriteAllBytes(Path.Combine(_dir, bad), [(byte)'a', (byte)' ', 0xC3, 0x28, (byte)'\n']);
        var e = Assert.Throws<InvalidDataException>(() => WordCorpus.Load(_dir));
        Assert.That(e!.Message, Does.Contain(bad).And.Contain("UTF-8"));
    }

    [Test]
    public void Load_ByteOrderMark_IsSkipped()
    {
        File.WriteAllBytes(Path.Combine(_dir, "train.txt"), [0xEF, 0xBB, 0xBF, (byte)'a', (byte)'\n']);
        Write("valid.txt", "a\n");
        Write("test.txt", "a\n");
        Assert.That(WordCorpus.Load(_dir).Vocabulary.Words, Is.EqualTo(new[] { "a", "<eos>" }));
    }

    [Test]
    public void FromLines_MatchesLoadOfSameText()
    {
        Write("train.txt", "x y z\ny x\n");
        Write("valid.txt", "z\n");
        Write("test.txt", "x x\n");
        WordCorpus fromFiles = WordCorpus.Load(_dir);
        WordCorpus fromLines = WordCorpus.FromLines(["x y z", "y x"], ["z"], ["x x"]);
        Assert.Multiple(() =>
        {
            Assert.That(fromLines.Vocabulary.Words, Is.EqualTo(fromFiles.Vocabulary.Words));
            Assert.That(fromLines.Train, Is.EqualTo(fromFiles.Train));
            Assert.That(fromLines.Valid, Is.EqualTo(fromFiles.Valid));
            Assert.That(fromLines.Test, Is.EqualTo(fromFiles.Test));
        });
    }

    private void Write(string name, string text) =>
        File.WriteAllText(Path.Combine(_dir, name), text, new UTF8Encoding(false));
}
