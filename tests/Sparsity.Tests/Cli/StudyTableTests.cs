using System.Globalization;
using Sparsity.Cli.Study;

namespace Sparsity.Tests.Cli;

/// <summary>The study's table and point records (they write every number of docs/results.md) against hand-computed values.</summary>
[TestFixture]
public sealed class StudyTableTests
{
    internal static StudyPoint Point(string model, double level, int seed, double macs, double usSparse, double usDense, double usRecSparse, double usRecDense) => new()
    {
        Model = model, Structure = "unstructured", TargetSparsity = level, Seed = seed, WeightDecay = 0.1, WeightSparsity = level,
        ValidPerplexity = 150 + (100 * level), TestPerplexity = 140 + (100 * level), LayerActivitySparsity = "0.700/0.800",
        MeanActivitySparsity = model == "Lstm" ? 0 : 0.75, MacsPerToken = macs, MacsPerTokenWithDecoder = macs + 1000,
        DenseLstmMacsPerToken = 1_000_000, DenseLstmMacsPerTokenWithDecoder = 1_001_000,
        MicrosecondsPerTokenSparse = usSparse, MicrosecondsPerTokenDense = usDense,
        MicrosecondsPerTokenRecurrentSparse = usRecSparse, MicrosecondsPerTokenRecurrentDense = usRecDense, Seconds = 12,
    };

    private static string[] Cells(string row) => [.. row.Trim().Trim('|').Split('|').Select(c => c.Trim())];

    [Test]
    public void Table_divides_by_the_first_seeds_dense_lstm_and_prints_every_point()
    {
        StudyPoint[] points =
        [
            Point("Egru", 0, 1, 250_000, 100, 120, 40, 50),
            Point("Egru", 0.9, 1, 40_000, 80, 120, 20, 50),
            Point("Lstm", 0, 2, 1_000_000, 999, 999, 999, 999), // a later seed is not the baseline
            Point("Lstm", 0, 1, 1_000_000, 300, 290, 70, 72),
            Point("Lstm", 0.9, 1, 100_000, 200, 290, 35, 72),
        ];
        string[] lines = StudyTable.Markdown(points).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2 + points.Length));
        string[] header = Cells(lines[0]);
        int reduction = Array.IndexOf(header, "dense LSTM MACs / these");
        int whole = Array.IndexOf(header, "dense LSTM time / sparse time: whole model");
        int recurrent = Array.IndexOf(header, "recurrent layers");
        Assert.That(new[] { reduction, whole, recurrent }, Has.All.GreaterThanOrEqualTo(0));

        string[] egru90 = Cells(lines[3]);
        Assert.That(egru90[0], Is.EqualTo("Egru"));
        Assert.That(egru90[reduction], Is.EqualTo("25.0x"), "1,000,000 / 40,000");
        Assert.That(egru90[whole], Is.EqualTo((290.0 / 80).ToString("F2", CultureInfo.InvariantCulture) + "x"), "baseline: seed-1 dense LSTM run dense (290 µs)");
        Assert.That(egru90[recurrent], Is.EqualTo((72.0 / 20).ToString("F2", CultureInfo.InvariantCulture) + "x"));
        Assert.That(egru90[5], Is.EqualTo("240.0"), "valid perplexity");
        Assert.That(Cells(lines[6])[whole], Is.EqualTo((290.0 / 200).ToString("F2", CultureInfo.InvariantCulture) + "x"));
    }

    [Test]
    public void Table_without_a_dense_lstm_prints_dashes_not_made_up_ratios()
    {
        string[] lines = StudyTable.Markdown([Point("Egru", 0.5, 1, 100_000, 50, 60, 20, 30)]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] cells = Cells(lines[2]);
        Assert.That(cells[^1], Is.EqualTo("–"));
        Assert.That(cells[^2], Is.EqualTo("–"));
        Assert.That(cells[11], Is.EqualTo("10.0x"), "the MAC reduction needs no timing baseline");
        Assert.That(cells[9], Is.EqualTo("–"), "no executed count recorded: a dash, not a zero");
    }

    [Test]
    public void Point_round_trips_through_json_and_csv_and_old_layouts_are_remeasured()
    {
        StudyPoint p = Point("Egru", 0.8, 3, 62_500, 10, 20, 5, 6);
        Assert.That(StudyPoint.FromJson(p.ToJson()), Is.EqualTo(p));
        StudyPoint executed = p with { ExecutedMacsPerToken = 70_000 };
        Assert.That(StudyPoint.FromJson(executed.ToJson()).ExecutedMacsPerToken, Is.EqualTo(70_000));
        Assert.That(p.Reduction, Is.EqualTo(16.0));
        Assert.That(p.Key, Is.EqualTo("Egru-unstructured-0.80-s3-wd0.1"));
        string[] csv = p.ToCsv().Split(',');
        Assert.That(csv, Has.Length.EqualTo(StudyPoint.CsvHeader.Split(',').Length));
        Assert.That(csv[Array.IndexOf(StudyPoint.CsvHeader.Split(','), "reduction_vs_dense_lstm")], Is.EqualTo("16.00"));
        Assert.That(StudyPoint.TryFromJson("""{ "Model": "Egru" }"""), Is.Null, "a point without today's fields is measured again");
    }
}
