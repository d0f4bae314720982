using Sparsity.Cli.Study;

namespace Sparsity.Tests.Cli;

/// <summary>The claims written under the study table, on hand-made points whose answers are known.</summary>
[TestFixture]
public sealed class StudyVerdictsTests
{
    private static StudyPoint P(string model, double level, double macs, double ppl, int seed = 1) =>
        StudyTableTests.Point(model, level, seed, macs, 1, 1, 1, 1) with { TestPerplexity = ppl };

    [Test]
    public void Front_left_of_the_lstm_when_every_lstm_point_is_dominated()
    {
        StudyPoint[] points =
        [
            P("Egru", 0, 250_000, 130), P("Egru", 0.8, 60_000, 140), P("Egru", 0.9, 40_000, 146), P("Egru", 0.95, 25_000, 170),
            P("Lstm", 0, 1_000_000, 131), P("Lstm", 0.9, 100_000, 150),
            P("Lstm", 0.95, 50_000, 120, seed: 2), // another seed takes no part
        ];
        string text = StudyVerdicts.Markdown(points);
        Assert.That(text, Does.Contain("EGRU front left of the LSTM's: yes (2 of 2"));
        // Dense EGRU 130 → limit 143: the 80 % point (140) is in, the 90 % point (146) is out; 1,000,000 / 60,000 = 16.7.
        Assert.That(text, Does.Contain("at most 16.7x fewer MACs"));
        Assert.That(text, Does.Contain("| unstructured 90 % | 100,000 | 150.0 | unstructured 90 % | 40,000 | 146.0 |"),
            "the cheapest dominating EGRU point, not the first");
    }

    [Test]
    public void Front_not_left_when_an_lstm_point_is_cheaper_at_its_perplexity()
    {
        StudyPoint[] points = [P("Egru", 0, 250_000, 170), P("Egru", 0.9, 40_000, 200), P("Lstm", 0, 1_000_000, 130), P("Lstm", 0.9, 100_000, 160)];
        string text = StudyVerdicts.Markdown(points);
        Assert.That(text, Does.Contain("EGRU front left of the LSTM's: no (0 of 2"));
        Assert.That(text, Does.Contain("| none | – | – |"));
        Assert.That(StudyVerdicts.Markdown([P("Egru", 0.9, 40_000, 200)]), Does.Not.Contain("fewer MACs"), "without a dense EGRU there is nothing to be within 10 % of");
        Assert.That(StudyVerdicts.Markdown([P("Egru", 0, 250_000, 100), P("Egru", 0.9, 40_000, 200)]), Does.Contain("at most 4.0x").And.Contain("unstructured 0 %"),
            "only the dense point itself is within 10 %");
    }
}
