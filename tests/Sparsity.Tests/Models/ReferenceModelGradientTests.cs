using Sparsity.Tests.Reference.Models;

namespace Sparsity.Tests.Models;

/// <summary>
/// Checks the dense double reference models (the oracle of the production layers) against central finite
/// differences, entry by entry, for every parameter tensor, the inputs and the initial state; the EGRU's event
/// path is checked with a smooth stand-in for the Heaviside, and its real surrogate path by exact properties.
/// </summary>
public sealed class ReferenceModelGradientTests
{
    private const double Step = 1e-6;
    private const double RelativeTolerance = 1e-6;
    private const double AbsoluteTolerance = 1e-8;

    private static readonly int[] Seeds = [1, 2, 3, 4, 5];

    private static IEnumerable<TestCaseData> CellCases()
    {
        foreach (int seed in Seeds)
        {
            yield return new TestCaseData("lstm", seed).SetName($"Lstm_Seed{seed}_GradientsMatchFiniteDifferences");
            yield return new TestCaseData("egru-threshold", seed).SetName($"EgruSmoothSubtractThreshold_Seed{seed}_GradientsMatchFiniteDifferences");
            yield return new TestCaseData("egru-output", seed).SetName($"EgruSmoothSubtractOutput_Seed{seed}_GradientsMatchFiniteDifferences");
        }
    }

    private static IReferenceCell MakeCell(string kind, int input, int hidden, Random rng) => kind switch
    {
        "lstm" => ReferenceLstm.CreateRandom(input, hidden, rng),
        "egru-threshold" => Smooth(ReferenceEgru.CreateRandom(input, hidden, rng), EgruReset.SubtractThreshold),
        "egru-output" => Smooth(ReferenceEgru.CreateRandom(input, hidden, rng), EgruReset.SubtractOutput),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static ReferenceEgru Smooth(ReferenceEgru cell, EgruReset reset)
    {
        cell.SmoothSharpness = 4.0;
        cell.Reset = reset;
        return cell;
    }

    [TestCaseSource(nameof(CellCases))]
    public void Cell_RandomSizes_GradientsMatchFiniteDifferences(string kind, int seed)
    {
        var rng = new Random(seed);
        CheckCell(kind, rng, rng.Next(1, 7), rng.Next(1, 7), rng.Next(1, 5), rng.Next(1, 3));
    }

    [TestCase("lstm")]
    [TestCase("egru-threshold")]
    [TestCase("egru-output")]
    public void Cell_LargestTestSizes_GradientsMatchFiniteDifferences(string kind) =>
        CheckCell(kind, new Random(42), input: 6, hidden: 6, t: 4, b: 2);

    private static void CheckCell(string kind, Random rng, int input, int hidden, int t, int b)
    {
        IReferenceCell cell = MakeCell(kind, input, hidden, rng);
        double[][][] x = ReferenceMath.Uniform(rng, t, b, input, 1.0);
        var initial = new ReferenceState(ReferenceMath.Uniform(rng, 1, b, hidden, 0.5)[0], ReferenceMath.Uniform(rng, 1, b, hidden, 0.5)[0]);

        // A random linear functional of every output and of the final state, so each gradient path is exercised.
        double[][][] gy = ReferenceMath.Uniform(rng, t, b, hidden, 1.0);
        var dFinal = new ReferenceState(ReferenceMath.Uniform(rng, 1, b, hidden, 1.0)[0], ReferenceMath.Uniform(rng, 1, b, hidden, 1.0)[0]);
        double Loss()
        {
            ReferenceForward f = cell.Forward(x, initial);
            return Dot(f.Y, gy) + Dot(f.Final.C, dFinal.C) + Dot(f.Final.Y, dFinal.Y);
        }

        ReferenceForward forward = cell.Forward(x, initial);
        ReferenceBackward backward = cell.Backward(forward.Cache, gy, dFinal);

        foreach ((string name, double[] p) in cell.Parameters)
        {
            AssertMatchesFiniteDifferences(name, p, backward.Parameters[name], Loss);
        }

        for (int step = 0; step < t; step++)
        {
            for (int row = 0; row < b; row++)
            {
                AssertMatchesFiniteDifferences($"x[{step}][{row}]", x[step][row], backward.Dx[step][row], Loss);
            }
        }

        for (int row = 0; row < b; row++)
        {
            AssertMatchesFiniteDifferences($"c0[{row}]", initial.C[row], backward.DInitial.C[row], Loss);
            AssertMatchesFiniteDifferences($"y0[{row}]", initial.Y[row], backward.DInitial.Y[row], Loss);
        }
    }

    private static IEnumerable<TestCaseData> LanguageModelCases()
    {
        foreach (int seed in Seeds)
        {
            yield return new TestCaseData("lstm", seed).SetName($"LanguageModelLstm_Seed{seed}_GradientsMatchFiniteDifferences");
            yield return new TestCaseData("egru-threshold", seed).SetName($"LanguageModelEgruSmooth_Seed{seed}_GradientsMatchFiniteDifferences");
            yield return new TestCaseData("egru-output", seed).SetName($"LanguageModelEgruSmoothSubtractOutput_Seed{seed}_GradientsMatchFiniteDifferences");
        }
    }

    [TestCaseSource(nameof(LanguageModelCases))]
    public void LanguageModel_RandomSizes_GradientsMatchFiniteDifferences(string kind, int seed)
    {
        var rng = new Random(seed);
        int v = rng.Next(2, 7), e = rng.Next(1, 7), h = rng.Next(1, 7), t = rng.Next(1, 5), b = rng.Next(1, 3);
        var model = new ReferenceLanguageModel(v, e, [MakeCell(kind, e, h, rng), MakeCell(kind, h, e, rng)]);
        ReferenceMath.Uniform(rng, model.Embedding.Length, 1.0).CopyTo(model.Embedding, 0);
        ReferenceMath.Uniform(rng, v, 0.5).CopyTo(model.DecoderBias, 0);
        int[][] tokens = RandomTokens(rng, t, b, v), targets = RandomTokens(rng, t, b, v);

        ReferenceLmForward forward = model.Forward(tokens, targets);
        Dictionary<string, double[]> grads = model.Backward(forward.Cache);

        Assert.That(grads.Keys, Is.EquivalentTo(model.Parameters.Keys));
        foreach ((string name, double[] p) in model.Parameters)
        {
            AssertMatchesFiniteDifferences(name, p, grads[name], () => model.Forward(tokens, targets).Loss);
        }
    }

    private static IEnumerable<TestCaseData> ProjectedLanguageModelCases()
    {
        foreach (int seed in Seeds)
        {
            yield return new TestCaseData("lstm", seed).SetName($"ProjectedLanguageModelLstm_Seed{seed}_GradientsMatchFiniteDifferences");
            yield return new TestCaseData("egru-threshold", seed).SetName($"ProjectedLanguageModelEgruSmooth_Seed{seed}_GradientsMatchFiniteDifferences");
        }
    }

    [TestCaseSource(nameof(ProjectedLanguageModelCases))]
    public void ProjectedLanguageModel_RandomSizes_GradientsMatchFiniteDifferences(string kind, int seed)
    {
        // The last layer's width is drawn independently of E: the projection maps it to E.
        var rng = new Random(seed);
        int v = rng.Next(2, 7), e = rng.Next(1, 7), h = rng.Next(1, 7), top = rng.Next(1, 7), t = rng.Next(1, 5), b = rng.Next(1, 3);
        var model = new ReferenceLanguageModel(v, e, [MakeCell(kind, e, h, rng), MakeCell(kind, h, top, rng)], projection: true);
        ReferenceMath.Uniform(rng, model.Embedding.Length, 1.0).CopyTo(model.Embedding, 0);
        ReferenceMath.Uniform(rng, v, 0.5).CopyTo(model.DecoderBias, 0);
        ReferenceMath.Uniform(rng, model.ProjectionWeight!.Length, 1.0).CopyTo(model.ProjectionWeight, 0);
        ReferenceMath.Uniform(rng, e, 0.5).CopyTo(model.ProjectionBias!, 0);
        int[][] tokens = RandomTokens(rng, t, b, v), targets = RandomTokens(rng, t, b, v);

        ReferenceLmForward forward = model.Forward(tokens, targets);
        Dictionary<string, double[]> grads = model.Backward(forward.Cache);

        Assert.That(grads.Keys, Is.EquivalentTo(model.Parameters.Keys));
        Assert.That(grads.Keys, Does.Contain("projection.weight").And.Contain("projection.bias"));
        foreach ((string name, double[] p) in model.Parameters)
        {
            AssertMatchesFiniteDifferences(name, p, grads[name], () => model.Forward(tokens, targets).Loss);
        }
    }

    [Test]
    public void LanguageModel_UniformLogits_LossIsLogVocabulary()
    {
        var model = new ReferenceLanguageModel(5, 3, [new ReferenceLstm(3, 3)]);
        double loss = model.Forward([[0, 1], [2, 3]], [[4, 0], [1, 2]]).Loss;
        Assert.That(loss, Is.EqualTo(Math.Log(5)).Within(1e-12));
    }

    [Test]
    public void LogSumExp_HugeLogits_DoesNotOverflow()
    {
        Assert.That(ReferenceLanguageModel.LogSumExp([1000, 1000]), Is.EqualTo(1000 + Math.Log(2)).Within(1e-9));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void EgruHeaviside_RandomThresholds_OutputIsPreResetStateExactlyWhereEventFired(int seed)
    {
        var rng = new Random(seed);
        var cell = ReferenceEgru.CreateRandom(5, 6, rng);
        ReferenceForward f = cell.Forward(ReferenceMath.Uniform(rng, 4, 2, 5, 1.0), null);
        var cache = (EgruCache)f.Cache;
        int fired = 0, silent = 0;
        for (int t = 0; t < 4; t++)
        {
            for (int b = 0; b < 2; b++)
            {
                for (int j = 0; j < 6; j++)
                {
                    double cHat = cache.CHat[t][b][j];
                    double cNext = t + 1 < 4 ? cache.CPrev[t + 1][b][j] : f.Final.C[b][j];
                    if (cHat > cell.Theta[j])
                    {
                        fired++;
                        Assert.That(f.Y[t][b][j], Is.EqualTo(cHat));
                        Assert.That(cNext, Is.EqualTo(cHat - cell.Theta[j]));
                    }
                    else
                    {
                        silent++;
                        Assert.That(f.Y[t][b][j], Is.EqualTo(0.0));
                        Assert.That(cNext, Is.EqualTo(cHat));
                    }
                }
            }
        }

        Assert.That(fired, Is.GreaterThan(0), "no event fired: the test says nothing about the event path");
        Assert.That(silent, Is.GreaterThan(0), "every unit fired: the test says nothing about sparsity");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void EgruSurrogate_SilentUnitsOutsideSupport_ReceiveNothingFromDy(int seed)
    {
        var rng = new Random(seed);
        var cell = ReferenceEgru.CreateRandom(5, 6, rng);
        cell.Gamma = 3.6;
        cell.Beta = 3.6;
        double[][][] x = ReferenceMath.Uniform(rng, 4, 2, 5, 1.0);
        ReferenceForward f = cell.Forward(x, null);
        var cache = (EgruCache)f.Cache;
        double[][][] gy = ReferenceMath.Uniform(rng, 4, 2, 6, 1.0);
        var dFinal = new ReferenceState(ReferenceMath.Uniform(rng, 1, 2, 6, 1.0)[0], ReferenceMath.Uniform(rng, 1, 2, 6, 1.0)[0]);
        (_, double[][][] dcIn, double[][][] dcHat) = cell.BackwardWithTrace(f.Cache, gy, dFinal);

        int cut = 0, inside = 0;
        for (int t = 0; t < 4; t++)
        {
            for (int b = 0; b < 2; b++)
            {
                for (int j = 0; j < 6; j++)
                {
                    double s = cache.S[t][b][j];
                    if (cache.O[t][b][j] == 0 && cell.Beta * Math.Abs(s) >= 1)
                    {
                        // Sparse BPTT: only the carried dc passes; dy (from above and through R) is cut off.
                        cut++;
                        Assert.That(dcHat[t][b][j], Is.EqualTo(dcIn[t][b][j]));
                    }
                    else
                    {
                        inside++;
                    }
                }
            }
        }

        Assert.That(cut, Is.GreaterThan(0), "no silent unit outside the surrogate's support");
        Assert.That(inside, Is.GreaterThan(0), "the surrogate never passed a gradient");
    }

    private static int[][] RandomTokens(Random rng, int t, int b, int v) =>
        Enumerable.Range(0, t).Select(_ => Enumerable.Range(0, b).Select(_ => rng.Next(v)).ToArray()).ToArray();

    private static double Dot(double[][] a, double[][] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < a[i].Length; j++)
            {
                sum += a[i][j] * b[i][j];
            }
        }

        return sum;
    }

    private static double Dot(double[][][] a, double[][][] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Dot(a[i], b[i]);
        }

        return sum;
    }

    /// <summary>Central differences, one entry at a time, restoring each entry exactly afterwards.</summary>
    private static void AssertMatchesFiniteDifferences(string name, double[] values, double[] analytic, Func<double> loss)
    {
        Assert.That(analytic, Has.Length.EqualTo(values.Length), name);
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + Step;
            double plus = loss();
            values[i] = saved - Step;
            double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2 * Step);
            double tolerance = AbsoluteTolerance + (RelativeTolerance * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i])));
            if (Math.Abs(numeric - analytic[i]) > tolerance)
            {
                Assert.Fail($"{name}[{i}]: analytic {analytic[i]:R}, finite difference {numeric:R}");
            }
        }
    }
}
