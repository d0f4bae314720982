using System.Globalization;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary>The health CSV of <c>train --health</c>: one row per probe and per epoch validation, per-layer columns.</summary>
internal static class HealthCsv
{
    /// <summary>Column names after the per-layer prefix <c>l{index}_</c>.</summary>
    private static readonly string[] LayerColumns = ["activity", "silent", "band", "abs_c"];

    private static readonly string[] RowColumns = ["kind", "epoch", "step", "valid_ppl"];

    /// <summary>Writes the probes and the curve's validation points, ordered by step (probes first at equal steps).</summary>
    public static void Write(string path, IReadOnlyList<HealthProbe> probes, IReadOnlyList<LearningCurvePoint> curve)
    {
        var rows = probes.Select(p => (Kind: "probe", p.Epoch, p.Step, p.ValidLoss, p.Layers))
            .Concat(curve.Where(c => c.Health.Count > 0).Select(c => (Kind: "epoch", c.Epoch, c.Step, c.ValidLoss, Layers: c.Health)))
            .OrderBy(r => r.Step).ThenBy(r => r.Kind == "epoch" ? 1 : 0)
            .ToList();
        int layers = rows.Count == 0 ? 0 : rows.Max(r => r.Layers.Count);
        using var w = new StreamWriter(path);
        w.WriteLine(string.Join(',', RowColumns.Concat(
            Enumerable.Range(0, layers).SelectMany(l => LayerColumns.Select(c => $"l{l}_{c}")))));
        CultureInfo ci = CultureInfo.InvariantCulture;
        foreach (var r in rows)
        {
            IEnumerable<string> cells = [r.Kind, r.Epoch.ToString("F3", ci), r.Step.ToString(ci), Math.Exp(r.ValidLoss).ToString("F3", ci)];
            cells = cells.Concat(r.Layers.SelectMany(l => new[] { l.Activity, l.SilentUnits, l.InSurrogateBand, l.MeanAbsState }.Select(v => v.ToString("F5", ci))));
            w.WriteLine(string.Join(',', cells));
        }
    }

    /// <summary>Reads a file written by <see cref="Write"/>: kind, step, valid perplexity and per-layer silent fractions per row.</summary>
    /// <exception cref="InvalidDataException">The file is not a health CSV.</exception>
    public static IReadOnlyList<(string Kind, long Step, double ValidPerplexity, double[] Silent)> Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines.Length == 0 ? [] : lines[0].Split(',');
        if (header.Length < 4 || header[0] != "kind" || (header.Length - 4) % LayerColumns.Length != 0)
        {
            throw new InvalidDataException($"{path} is not a health CSV written by train --health.");
        }

        int layers = (header.Length - 4) / LayerColumns.Length;
        var result = new List<(string, long, double, double[])>();
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] f = line.Split(',');
            if (f.Length != header.Length)
            {
                throw new InvalidDataException($"{path}: the row '{line}' has {f.Length} cells, the header {header.Length}.");
            }

            CultureInfo ci = CultureInfo.InvariantCulture;
            result.Add((f[0], long.Parse(f[2], ci), double.Parse(f[3], ci),
                [.. Enumerable.Range(0, layers).Select(l => double.Parse(f[4 + (l * LayerColumns.Length) + 1], ci))]));
        }

        return result;
    }
}
