using Sparsity.Cli.Commands;
using Sparsity.Cli.Study;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Pruning;

namespace Sparsity.Tests.Cli;

/// <summary>The sweep end to end on a tiny corpus: the points it writes, the table, and that a rerun resumes instead of re-measuring.</summary>
[TestFixture]
[NonParallelizable] // the runner writes to the console
public sealed class SweepRunnerTests
{
    private static readonly string[] ExpectedPoints =
        ["Egru-unstructured-0.00-s1-wd0.1.json", "Egru-unstructured-0.50-s1-wd0.1.json", "Lstm-unstructured-0.00-s1-wd0.1.json", "Lstm-unstructured-0.50-s1-wd0.1.json"];

    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "sparsity-sweep-" + Guid.NewGuid().ToString("N"));
        string data = Path.Combine(_directory, "data");
        Directory.CreateDirectory(data);
        var rng = new Random(5);
        string[] words = [.. Enumerable.Range(0, 30).Select(i => $"w{i}")];
        string Text(int lines) => string.Join('\n', Enumerable.Range(0, lines).Select(_ =>
            string.Join(' ', Enumerable.Range(0, 6 + rng.Next(6)).Select(_ => words[(int)(30 * Math.Pow(rng.NextDouble(), 2))]))));
        File.WriteAllText(Path.Combine(data, "train.txt"), Text(120));
        File.WriteAllText(Path.Combine(data, "valid.txt"), Text(20));
        File.WriteAllText(Path.Combine(data, "test.txt"), Text(20));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private SweepPlan Plan() => new()
    {
        Data = Path.Combine(_directory, "data"),
        Output = Path.Combine(_directory, "out"),
        Models = [RecurrentCellType.Egru, RecurrentCellType.Lstm],
        Levels = [0.5],
        Blocks = [],
        BlockLevels = [],
        Seeds = [1],
        WeightDecays = [0.1],
        Hidden = [8],
        Embedding = 8,
        BaseEpochs = 1,
        FinetuneSteps = 2,
        Batch = 2,
        Bptt = 5,
        LearningRate = 1e-3f,
        ClipNorm = 0.25f,
        EvalTokens = 10,
        TimingTokens = 4,
        BaseCheckpoints = new Dictionary<RecurrentCellType, string?> { [RecurrentCellType.Egru] = null, [RecurrentCellType.Lstm] = null },
        TimingWarmUp = TimeSpan.Zero,
    };

    [Test]
    public void Sweep_writes_every_point_and_a_rerun_reuses_them()
    {
        SweepPlan plan = Plan();
        new SweepRunner(plan).Run();
        string points = Path.Combine(plan.Output, "points");
        string[] json = [.. Directory.GetFiles(points, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.That(json, Is.EqualTo(ExpectedPoints));
        StudyPoint pruned = StudyPoint.FromJson(File.ReadAllText(Path.Combine(points, "Egru-unstructured-0.50-s1-wd0.1.json")));
        Assert.That(pruned.WeightSparsity, Is.EqualTo(0.5).Within(0.02));
        Assert.That(pruned.TestPerplexity, Is.GreaterThan(1).And.LessThan(100), "a 30-word vocabulary bounds a trained model's perplexity");
        Assert.That(pruned.MicrosecondsPerTokenSparse, Is.GreaterThan(0));
        Assert.That(pruned.ExecutedMacsPerToken, Is.GreaterThanOrEqualTo(pruned.MacsPerToken));
        StudyPoint lstm = StudyPoint.FromJson(File.ReadAllText(Path.Combine(points, "Lstm-unstructured-0.50-s1-wd0.1.json")));
        Assert.That(lstm.MacsPerToken, Is.EqualTo(lstm.DenseLstmMacsPerToken / 2).Within(0.02 * lstm.DenseLstmMacsPerToken),
            "counted at its kept weights");
        Assert.That(lstm.ExecutedMacsPerToken, Is.EqualTo(lstm.DenseLstmMacsPerToken).Within(1e-6 * lstm.DenseLstmMacsPerToken),
            "a 50 %-pruned LSTM runs the dense products (CSR only at ≤ 15 % kept), so it executes every weight");
        string table = File.ReadAllText(Path.Combine(plan.Output, "results.md"));
        StudyPoint[] stored = [.. SweepOrder(points)];
        Assert.That(StudyTable.Markdown(stored).Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2 + 4));
        Assert.That(table, Is.EqualTo(StudyTable.Markdown(stored) + StudyVerdicts.Markdown(stored)), "results.md is generated from the stored points, nothing else");
        Assert.That(table, Does.Contain("LSTM points have an EGRU point"));

        // A rerun measures nothing again: the stored points (their timings and seconds included) come back unchanged.
        Dictionary<string, string> before = Directory.GetFiles(points, "*.json").ToDictionary(f => f, File.ReadAllText);
        File.Delete(Path.Combine(points, "Lstm-unstructured-0.50-s1-wd0.1.json"));
        new SweepRunner(plan).Run();
        foreach ((string file, string text) in before)
        {
            if (!file.EndsWith("Lstm-unstructured-0.50-s1-wd0.1.json", StringComparison.Ordinal))
            {
                Assert.That(File.ReadAllText(file), Is.EqualTo(text), $"{Path.GetFileName(file)} was measured again");
            }
        }

        Assert.That(File.Exists(Path.Combine(points, "Lstm-unstructured-0.50-s1-wd0.1.json")), Is.True, "the missing point is measured");
    }

    /// <summary>The points in the order the sweep runs them: per model, dense then pruned.</summary>
    private static IEnumerable<StudyPoint> SweepOrder(string points) =>
        Directory.GetFiles(points, "*.json").Select(f => StudyPoint.FromJson(File.ReadAllText(f)))
            .OrderBy(p => p.Model, StringComparer.Ordinal).ThenBy(p => p.TargetSparsity);
}
