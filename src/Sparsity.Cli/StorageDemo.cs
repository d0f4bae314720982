using System.Diagnostics;
using Sparsity.Core.Dense;
using Sparsity.Core.Serialization;
using Sparsity.Core.Sparse;
using Sparsity.Kernels;
using Sparsity.Kernels.Dense;

namespace Sparsity.Cli;

/// <summary>
/// The main job until training lands: builds a recurrent weight matrix of the EGRU's shape, prunes it by
/// magnitude, stores it in every format, checks the formats agree and that serialisation round-trips, and
/// times the dense product. Everything printed is computed or measured in this run.
/// </summary>
internal static class StorageDemo
{
    public static System.CommandLine.Command Create()
    {
        var hidden = new System.CommandLine.Option<int>("--hidden") { Description = "Hidden units H of the demonstrated recurrent matrix R: [3H, H]", DefaultValueFactory = _ => 512 };
        var sparsity = new System.CommandLine.Option<double>("--sparsity") { Description = "Fraction of weights pruned by magnitude, in [0, 1)", DefaultValueFactory = _ => 0.9 };
        var seed = new System.CommandLine.Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var command = new System.CommandLine.Command("storage-demo", "Prune a recurrent matrix, store it in every sparse format, check they agree and time the dense product.")
        {
            hidden, sparsity, seed,
        };
        command.SetAction(p => Run(p.GetValue(hidden), p.GetValue(sparsity), p.GetValue(seed), Console.Out));
        return command;
    }

    public static int Run(int hidden, double sparsity, int seed, TextWriter output)
    {
        if (hidden < 1 || !(sparsity >= 0 && sparsity < 1))
        {
            Console.Error.WriteLine("--hidden must be ≥ 1 and --sparsity in [0, 1).");
            return 2;
        }

        int m = 3 * hidden, k = hidden;
        var rng = new Random(seed);
        var w = new DenseMatrix(m, k);
        double scale = Math.Sqrt(2.0 / (m + k));
        Span<float> a = w.AsSpan();
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)(scale * NormalSample(rng));
        }

        float threshold = MagnitudeThreshold(a, sparsity);
        var mask = SparsityMask.FromMagnitude(w, threshold);
        var csr = CsrMatrix.FromDense(w, mask);
        var csc = csr.ToCsc();
        var bsr = csr.ToBsr(16, 1);
        var pruned = csr.ToDense();

        output.WriteLine($"Recurrent kernel R: [{m}, {k}] (H = {hidden}), magnitude-pruned to {mask.Sparsity:P1} sparsity (|w| > {threshold:G4}); kernels: {KernelCatalog.DenseGemv.Selected.Name}");
        output.WriteLine();
        output.WriteLine($"{"format",-12} {"stored",12} {"density",9} {"bytes",12} {"agrees with dense",18}");
        output.WriteLine($"{"dense",-12} {w.Count,12:N0} {1.0,9:P1} {w.MemoryBytes,12:N0} {"-",18}");
        output.WriteLine($"{"CSR",-12} {csr.Nnz,12:N0} {csr.Density,9:P1} {csr.MemoryBytes,12:N0} {Agrees(pruned, csr.ToDense()),18}");
        output.WriteLine($"{"CSC",-12} {csc.Nnz,12:N0} {csc.Density,9:P1} {csc.MemoryBytes,12:N0} {Agrees(pruned, csc.ToDense()),18}");
        output.WriteLine($"{"BSR 16×1",-12} {bsr.Nnz,12:N0} {bsr.Density,9:P1} {bsr.MemoryBytes,12:N0} {Agrees(pruned, bsr.ToDense()),18}");

        using var stream = new MemoryStream();
        SparseSerializer.Write(stream, csr);
        stream.Position = 0;
        bool roundTrip = SparseSerializer.ReadCsr(stream).ToDense().BitwiseEquals(pruned);
        output.WriteLine();
        output.WriteLine($"CSR serialised to {stream.Length:N0} bytes (checksummed); read back identical: {roundTrip}");

        var x = new float[k];
        var y = new float[m];
        for (int i = 0; i < k; i++)
        {
            x[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        double micros = TimeMedian(() => DenseGemv.Multiply(pruned, x, y));
        double gflops = 2.0 * m * k / (micros * 1e3);
        output.WriteLine($"Dense GEMV y = R x: median {micros:F1} µs over 41 calls ({gflops:F1} GFLOP/s). Sparse and event-driven kernels: see docs/benchmarks.md.");
        return roundTrip ? 0 : 1;
    }

    private static string Agrees(DenseMatrix expected, DenseMatrix actual) => expected.BitwiseEquals(actual) ? "yes" : "NO";

    private static float MagnitudeThreshold(ReadOnlySpan<float> values, double sparsity)
    {
        float[] magnitudes = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            magnitudes[i] = MathF.Abs(values[i]);
        }

        Array.Sort(magnitudes);
        int drop = (int)Math.Floor(sparsity * magnitudes.Length);
        return drop == 0 ? 0f : magnitudes[drop - 1];
    }

    private static double TimeMedian(Action action)
    {
        for (int i = 0; i < 5; i++)
        {
            action();
        }

        var samples = new double[41];
        for (int i = 0; i < samples.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }

    private static double NormalSample(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
}
