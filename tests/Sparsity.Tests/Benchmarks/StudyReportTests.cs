using System.Globalization;
using Sparsity.Benchmarks.Study;

namespace Sparsity.Tests.Benchmarks;

/// <summary>The kernel study's plan (every cell has its baseline in the same class) and its report generator.</summary>
public class StudyReportTests
{
    private static IEnumerable<TestCaseData> Plans()
    {
        yield return new TestCaseData(StudyPlan.Dense).SetArgDisplayNames("Dense");
        yield return new TestCaseData(StudyPlan.Spmv).SetArgDisplayNames("Spmv");
        yield return new TestCaseData(StudyPlan.Event).SetArgDisplayNames("Event");
        yield return new TestCaseData(StudyPlan.Backward).SetArgDisplayNames("Backward");
    }

    [TestCaseSource(nameof(Plans))]
    public void Plan_EveryCaseHasItsBaselineInTheSameClass_AndNoDuplicates(IReadOnlyList<StudyCase> plan)
    {
        var keys = plan.Select(c => c.ToString()).ToHashSet(StringComparer.Ordinal);
        Assert.That(keys, Has.Count.EqualTo(plan.Count), "duplicate cells");
        string[] missing = [.. plan.Where(c => !keys.Contains(c.Baseline.ToString())).Select(c => c.ToString())];
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Plan_HasTheHeadlineCellsOfEveryShape_AndStaysUnderAnHour()
    {
        foreach (var (m, k) in StudyPlan.Shapes)
        {
            foreach (CacheState cache in new[] { CacheState.Hot, CacheState.Cold })
            {
                var cell = new StudyCase(StudyKernel.EventCsc, m, k, 1, 90, WeightStructure.Unstructured, 90, cache, 1);
                Assert.That(StudyPlan.Event, Does.Contain(cell), cell.ToString());
            }
        }

        int total = StudyPlan.All.Count();
        Assert.That(total * StudyEstimate.SecondsPerCell, Is.LessThan(3600));
    }

    [Test]
    public void Case_ParseInvertsToString_ForEveryPlannedCell()
    {
        foreach (StudyCase c in StudyPlan.All)
        {
            StudyCase back = StudyCase.Parse(c.ToString());
            Assert.That(back, Is.EqualTo(c));
            Assert.That(back.Kernel, Is.EqualTo(c.Kernel));
            Assert.That(back.Structure, Is.EqualTo(c.Structure));
        }
    }

    [TestCase("")]
    [TestCase("SpmvCsr 768x256 B1 W90 A0 Hot")]
    [TestCase("Nope 768x256 B1 W90 A0 Hot T1")]
    [TestCase("SpmvCsr 768by256 B1 W90 A0 Hot T1")]
    [TestCase("SpmvCsr 768x256 B1 W90 A0 Lukewarm T1")]
    [TestCase("SpmmCsr 768x256 B1 W90 A0 Hot T1")]
    public void Case_Parse_RejectsMalformedText(string text) =>
        Assert.Throws<FormatException>(() => StudyCase.Parse(text));

    [Test]
    public void Results_SpeedUpAndEfficiency_UseTheBaselineOfTheSameGroup()
    {
        StudyResults r = Results(
            Row("SpmvStudyBench", "DenseGemv 768x256 B1 W0 A0 Hot T1", 1000, useful: 196608),
            Row("SpmvStudyBench", "DenseGemv 768x256 B1 W0 A0 Cold T1", 4000, useful: 196608),
            Row("SpmvStudyBench", "SpmvCsr 768x256 B1 W90 A0 Hot T1", 200, useful: 19660.8),
            Row("SpmvStudyBench", "SpmvCsr 768x256 B1 W90 A0 Cold T1", 400, useful: 19660.8));
        StudyResult hot = r.Find(StudyCase.Parse("SpmvCsr 768x256 B1 W90 A0 Hot T1"))!;
        StudyResult cold = r.Find(StudyCase.Parse("SpmvCsr 768x256 B1 W90 A0 Cold T1"))!;
        Assert.That(r.SpeedUp(hot), Is.EqualTo(5).Within(1e-12));
        Assert.That(r.SpeedUp(cold), Is.EqualTo(10).Within(1e-12));
        Assert.That(StudyMath.Efficiency(r.SpeedUp(hot), hot.Work!), Is.EqualTo(0.5).Within(1e-12));
        Assert.That(StudyMath.GigaFlops(hot.Work!.UsefulMacs, hot.MedianNs), Is.EqualTo(2 * 19660.8 / 200).Within(1e-12));
    }

    [Test]
    public void Results_PreferTheBaselineOfTheSameClass_AndFallBackToAnother()
    {
        StudyResults r = Results(
            Row("DenseStudyBench", "DenseGemv 768x256 B1 W0 A0 Hot T1", 3000, useful: 196608),
            Row("EventStudyBench", "DenseGemv 768x256 B1 W0 A0 Hot T1", 1000, useful: 196608),
            Row("EventStudyBench", "EventSpmvCsc 768x256 B1 W90 A90 Hot T1", 100, useful: 2000),
            Row("SpmvStudyBench", "SpmvCsr 768x256 B1 W90 A0 Hot T1", 300, useful: 19660.8));
        Assert.That(r.SpeedUp(r.Find(StudyCase.Parse("EventSpmvCsc 768x256 B1 W90 A90 Hot T1"))!), Is.EqualTo(10).Within(1e-12));
        Assert.That(r.SpeedUp(r.Find(StudyCase.Parse("SpmvCsr 768x256 B1 W90 A0 Hot T1"))!), Is.EqualTo(1000.0 / 300).Within(1e-12));
        StudyResult? missing = r.Find(StudyCase.Parse("SpmvCsr 768x256 B1 W90 A0 Cold T1"));
        Assert.That(missing, Is.Null);
    }

    [Test]
    public void Targets_MetAndNotMetAndMissing()
    {
        StudyResults r = Results(
            Row("EventStudyBench", "DenseGemv 4050x1350 B1 W0 A0 Hot T1", 500_000, useful: 5_467_500),
            Row("EventStudyBench", "EventSpmvCsc 4050x1350 B1 W90 A90 Hot T1", 40_000, useful: 54_675),
            Row("EventStudyBench", "EventSpmvBlock 4050x1350 B1 W90b16 A90 Hot T1", 12_500, useful: 54_675));
        var rows = StudyTargets.Evaluate(r).ToList();
        Assert.That(rows.Single(t => t.Claim.StartsWith("dense GEMV 4050×1350, hot", StringComparison.Ordinal)).Met, Is.False);
        Assert.That(rows.Single(t => t.Claim.StartsWith("event CSC 90 % W × 90 % A, 4050×1350 B = 1, hot", StringComparison.Ordinal)).Met, Is.True);
        Assert.That(rows.Single(t => t.Claim.StartsWith("event 16×1 blocks 90 % × 90 %, 4050×1350 B = 1, hot", StringComparison.Ordinal)).Met, Is.False);
        Assert.That(rows.Single(t => t.Claim.StartsWith("event CSC 90 % W × 90 % A, 4050×1350 B = 1, cold", StringComparison.Ordinal)).Met, Is.Null);
    }

    [Test]
    public void Render_WritesTargetsScalingAndClassTables()
    {
        StudyResults r = Results(
            Row("SpmvStudyBench", "DenseGemv 768x256 B1 W0 A0 Hot T1", 1000, useful: 196608),
            Row("SpmvStudyBench", "SpmvCsr 768x256 B1 W90 A0 Hot T1", 200, useful: 19660.8),
            Row("SpmvStudyBench", "SpmvCsr 768x256 B1 W90 A0 Hot T2", 120, useful: 19660.8));
        string md = StudyReport.Render(r);
        Assert.That(md, Does.Contain("| claim | target | measured | met? |"));
        Assert.That(md, Does.Contain("| SpmvCsr | 768x256 | 1 | W90 | 0 | Hot | 1 | 200 ns".Replace("200 ns", "0.20 µs", StringComparison.Ordinal)));
        Assert.That(md, Does.Contain("| SpmvCsr | 768x256 | 1 | W90 | 0 | Hot | 0.20 µs | 0.12 µs | 1.67× |"));
    }

    [Test]
    public void Parse_RoundTripsTheExporterFormat()
    {
        string[] lines =
        [
            "# host line",
            "Class\tCase\tMedianNs\tMeanNs\tStdDevNs\tIterations\tAllocatedBytes\tUsefulMacs\tDenseMacs\tBytes\tCopies\tColdTrafficBytes",
            "SpmvStudyBench\tSpmvCsr 768x256 B1 W90 A0 Cold T1\t15058.1\t15019.3\t311.5\t8\t0\t19445\t196608\t162732\t590\t95849148",
            "SpmvStudyBench\tMathNetSpmv 768x256 B1 W90 A0 Hot T1\t1.5e5\t1.5e5\t1\t8\tNA\tNA\t196608\tNA\tNA\tNA",
        ];
        var rows = StudyResults.Parse(lines).ToList();
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[0].Work!.Copies, Is.EqualTo(590));
        Assert.That(rows[0].Work!.ColdTrafficBytes, Is.EqualTo(95849148));
        Assert.That(rows[0].AllocatedBytes, Is.EqualTo(0));
        Assert.That(rows[1].Work, Is.Null);
        Assert.That(rows[1].AllocatedBytes, Is.Null);
        Assert.Throws<FormatException>(() => StudyResults.Parse(["SpmvStudyBench\tSpmvCsr 768x256 B1 W90 A0 Hot T1\t1"]).ToList());
    }

    private static StudyResults Results(params StudyResult[] rows) => new(rows, []);

    private static StudyResult Row(string cls, string text, double ns, double useful)
    {
        StudyCase c = StudyCase.Parse(text);
        return new StudyResult(cls, c, ns, 0, 0, new StudyWork(useful, c.DenseMacs, 4.0 * c.M * c.K, 1, 0));
    }
}
