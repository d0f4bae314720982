using System.Globalization;

namespace Sparsity.Benchmarks.Study;

/// <summary>One line of the "target / measured / met?" table.</summary>
/// <param name="Claim">What is claimed.</param>
/// <param name="Target">The target.</param>
/// <param name="Measured">What was measured (or "not measured").</param>
/// <param name="Met">Whether the target is met; null when a cell is missing.</param>
public sealed record StudyTargetRow(string Claim, string Target, string Measured, bool? Met);

/// <summary>
/// The targets of the kernels issue, evaluated on a run's results. All at one thread. Where the issue gives a range or
/// "≈", the rule used is stated in the target column.
/// </summary>
public static class StudyTargets
{
    private const WeightStructure U = WeightStructure.Unstructured;
    private static readonly (int M, int K) Paper = (4050, 1350);

    /// <summary>Evaluates every target.</summary>
    /// <param name="r">The results.</param>
    /// <returns>The table rows.</returns>
    public static IEnumerable<StudyTargetRow> Evaluate(StudyResults r)
    {
        ArgumentNullException.ThrowIfNull(r);
        foreach (var (shape, us) in (((int, int), double)[])[((4050, 1350), 470), ((1024, 3072), 171), ((1536, 512), 42)])
        {
            yield return AtMost(r, Inv($"dense GEMV {Shape(shape)}, hot"), Cell(StudyKernel.Dense, shape, 1, 0, U, 0, CacheState.Hot), us);
        }

        foreach (var shape in ((int, int)[])[(4050, 1350), (1024, 3072)])
        {
            StudyResult? cold = r.Find(Cell(StudyKernel.Dense, shape, 1, 0, U, 0, CacheState.Cold));
            double gbs = cold?.Work is StudyWork w ? StudyMath.GigaBytesPerSecond(w.Bytes, cold.MedianNs) : double.NaN;
            yield return new StudyTargetRow(Inv($"dense GEMV {Shape(shape)}, cold"), "≈ 30 GB/s (met: ≥ 27)", Gbs(gbs), Check(gbs, v => v >= 27));
        }

        foreach (var shape in StudyPlan.Shapes)
        {
            StudyResult? gemm = r.Find(Cell(StudyKernel.Dense, shape, 32, 0, U, 0, CacheState.Hot));
            double gf = Flops(gemm);
            yield return new StudyTargetRow(Inv($"dense GEMM B = 32 {Shape(shape)}, hot"), "≥ 59–92 GFLOP/s (met: ≥ 59)", Gf(gf), Check(gf, v => v >= 59));
        }

        StudyCase csr = Cell(StudyKernel.Csr, Paper, 1, 90, U, 0, CacheState.Hot);
        double csrGf = Flops(r.Find(csr));
        yield return new StudyTargetRow("CSR SpMV 90 % 4050×1350, hot", "≥ 6 GFLOP/s", Gf(csrGf), Check(csrGf, v => v >= 6));
        foreach (var (shape, us) in (((int, int), double)[])[((4050, 1350), 244), ((1024, 3072), 96), ((1536, 512), 32)])
        {
            yield return AtMost(r, Inv($"CSR SpMV 90 % {Shape(shape)}, hot (MKL)"), Cell(StudyKernel.Csr, shape, 1, 90, U, 0, CacheState.Hot), us);
        }

        foreach (CacheState cache in (CacheState[])[CacheState.Hot, CacheState.Cold])
        {
            StudyResult? fwd = r.Find(csr with { Cache = cache });
            StudyResult? ofT = r.Find(Cell(StudyKernel.CsrOfT, Paper, 1, 90, U, 0, cache));
            StudyResult? scatter = r.Find(Cell(StudyKernel.CsrTScatter, Paper, 1, 90, U, 0, cache));
            double best = Math.Min(ofT?.MedianNs ?? double.PositiveInfinity, scatter?.MedianNs ?? double.PositiveInfinity);
            double ratio = fwd is null || double.IsInfinity(best) ? double.NaN : best / fwd.MedianNs;
            yield return new StudyTargetRow(Inv($"transposed CSR 90 % 4050×1350, {cache.ToString().ToLowerInvariant()}"), "as fast as forward (met: best transposed ≤ 1.1 × forward)",
                Inv($"stored transpose {StudyReport.Time(ofT?.MedianNs ?? double.NaN)}, scatter {StudyReport.Time(scatter?.MedianNs ?? double.NaN)}, forward {StudyReport.Time(fwd?.MedianNs ?? double.NaN)} ({StudyReport.Num(ratio)}×)"),
                Check(ratio, v => v <= 1.1));
        }

        foreach (var shape in ((int, int)[])[(4050, 1350), (768, 256)])
        {
            StudyResult? ours = r.Find(Cell(StudyKernel.Csr, shape, 1, 90, U, 0, CacheState.Hot));
            StudyResult? mn = r.Find(Cell(StudyKernel.MathNet, shape, 1, 90, U, 0, CacheState.Hot));
            double ratio = ours is null || mn is null ? double.NaN : mn.MedianNs / ours.MedianNs;
            yield return new StudyTargetRow(Inv($"CSR SpMV 90 % {Shape(shape)} vs MathNet, hot"), "≥ 10×", X(ratio), Check(ratio, v => v >= 10));
        }

        yield return Faster(r, "event CSC 90 % W × 90 % A, 4050×1350 B = 1, hot", Cell(StudyKernel.EventCsc, Paper, 1, 90, U, 90, CacheState.Hot), 12);
        yield return Faster(r, "event CSC 90 % W × 90 % A, 4050×1350 B = 1, cold", Cell(StudyKernel.EventCsc, Paper, 1, 90, U, 90, CacheState.Cold), 7);
        foreach (WeightStructure st in (WeightStructure[])[WeightStructure.Block8, WeightStructure.Block16])
        {
            string name = st == WeightStructure.Block8 ? "8×1" : "16×1";
            yield return Faster(r, Inv($"event {name} blocks 90 % × 90 %, 4050×1350 B = 1, hot"), Cell(StudyKernel.EventBlock, Paper, 1, 90, st, 90, CacheState.Hot), 50);
            yield return Faster(r, Inv($"event {name} blocks 90 % × 90 %, 4050×1350 B = 1, cold"), Cell(StudyKernel.EventBlock, Paper, 1, 90, st, 90, CacheState.Cold), 20);
        }

        yield return Faster(r, "activity only (dense W) 90 % A, 4050×1350 B = 1, hot", Cell(StudyKernel.EventDenseW, Paper, 1, 0, U, 90, CacheState.Hot), 8);
        StudyCase spmm = Cell(StudyKernel.Csr, Paper, 32, 90, U, 0, CacheState.Hot);
        double spmmGf = Flops(r.Find(spmm));
        yield return new StudyTargetRow("SpMM CSR 90 % 4050×1350 B = 32, hot", "≥ 45 GFLOP/s useful", Gf(spmmGf), Check(spmmGf, v => v >= 45));
        yield return Faster(r, "SpMM CSR 90 % 4050×1350 B = 32 vs dense GEMM, hot", spmm, 5);
        yield return Faster(r, "event SpMM CSC 90 % × 90 % 4050×1350 B = 32 vs dense GEMM, hot (reference)", Cell(StudyKernel.EventCsc, Paper, 32, 90, U, 90, CacheState.Hot), 5);
    }

    private static StudyCase Cell(StudyKernel k, (int M, int K) s, int b, int w, WeightStructure st, int a, CacheState cache) =>
        new(k, s.M, s.K, b, w, st, a, cache, 1);

    private static StudyTargetRow AtMost(StudyResults r, string claim, StudyCase c, double targetUs)
    {
        double us = (r.Find(c)?.MedianNs ?? double.NaN) / 1000;
        return new StudyTargetRow(claim, Inv($"≤ {targetUs} µs"), double.IsNaN(us) ? "not measured" : StudyReport.Time(us * 1000), Check(us, v => v <= targetUs));
    }

    private static StudyTargetRow Faster(StudyResults r, string claim, StudyCase c, double factor)
    {
        StudyResult? row = r.Find(c);
        double s = row is null ? double.NaN : r.SpeedUp(row);
        string measured = row is null || double.IsNaN(s) ? "not measured" : Inv($"{X(s)} ({StudyReport.Time(row.MedianNs)})");
        return new StudyTargetRow(claim, Inv($"≥ {factor}× dense"), measured, Check(s, v => v >= factor));
    }

    private static double Flops(StudyResult? row) =>
        row?.Work is StudyWork w ? StudyMath.GigaFlops(w.UsefulMacs, row.MedianNs) : double.NaN;

    private static bool? Check(double v, Func<double, bool> ok) => double.IsNaN(v) ? null : ok(v);

    private static string Shape((int M, int K) s) => Inv($"{s.M}×{s.K}");

    private static string Gf(double v) => double.IsNaN(v) ? "not measured" : StudyReport.Num(v) + " GFLOP/s";

    private static string Gbs(double v) => double.IsNaN(v) ? "not measured" : StudyReport.Num(v) + " GB/s";

    private static string X(double v) => double.IsNaN(v) ? "not measured" : StudyReport.Num(v) + "×";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
