using System.Globalization;

namespace Sparsity.Benchmarks.Study;

/// <summary>One measured cell, as read back from a <c>*.study.tsv</c> file.</summary>
/// <param name="Class">The benchmark class.</param>
/// <param name="Case">The case.</param>
/// <param name="MedianNs">Median time per call (ns).</param>
/// <param name="StdDevNs">Standard deviation (ns).</param>
/// <param name="AllocatedBytes">Bytes allocated per call, when measured.</param>
/// <param name="Work">The recorded work, when known.</param>
public sealed record StudyResult(string Class, StudyCase Case, double MedianNs, double StdDevNs, long? AllocatedBytes, StudyWork? Work);

/// <summary>The results of a run, read from every <c>*.study.tsv</c> under a folder, with baseline lookup.</summary>
public sealed class StudyResults
{
    private readonly Dictionary<string, StudyResult> _byClassAndCase = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StudyResult> _byCase = new(StringComparer.Ordinal);

    /// <summary>Builds the set from rows (later rows replace earlier ones of the same class and case).</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="host">Host description lines.</param>
    public StudyResults(IEnumerable<StudyResult> rows, IReadOnlyList<string> host)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Host = host;
        foreach (StudyResult r in rows)
        {
            _byClassAndCase[r.Class + "/" + r.Case] = r;
            _byCase[r.Case.ToString()] = r;
        }

        Rows = [.. _byClassAndCase.Values];
    }

    /// <summary>All rows, one per class and case.</summary>
    public IReadOnlyList<StudyResult> Rows { get; }

    /// <summary>Host description ('#' lines of the first file).</summary>
    public IReadOnlyList<string> Host { get; }

    /// <summary>Reads every <c>*.study.tsv</c> under the folders (recursively); rows of later folders replace earlier ones.</summary>
    /// <param name="folders">Usually <c>BenchmarkDotNet.Artifacts/results</c>.</param>
    /// <returns>The results.</returns>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    public static StudyResults Load(IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var rows = new List<StudyResult>();
        var host = new List<string>();
        foreach (string folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"No results folder '{folder}'.");
            }

            foreach (string file in Directory.EnumerateFiles(folder, "*.study.tsv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string[] lines = File.ReadAllLines(file);
                if (host.Count == 0)
                {
                    host.AddRange(lines.Where(l => l.StartsWith('#')).Select(l => l.TrimStart('#', ' ')));
                }

                rows.AddRange(Parse(lines));
            }
        }

        return new StudyResults(rows, host);
    }

    /// <summary>Parses the lines of one exported file.</summary>
    /// <param name="lines">The lines ('#' lines and the header are skipped).</param>
    /// <returns>The rows.</returns>
    /// <exception cref="FormatException">A data line is malformed.</exception>
    public static IEnumerable<StudyResult> Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (string line in lines)
        {
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("Class\t", StringComparison.Ordinal))
            {
                continue;
            }

            string[] f = line.Split('\t');
            if (f.Length != 12)
            {
                throw new FormatException($"A study row has 12 tab-separated fields; got {f.Length}: '{line}'.");
            }

            StudyWork? work = null;
            if (f[7] != "NA" && f[9] != "NA")
            {
                work = new StudyWork(D(f[7]), D(f[8]), D(f[9]), f[10] == "NA" ? 1 : (int)D(f[10]), f[11] == "NA" ? 0 : D(f[11]));
            }

            long? allocated = f[6] == "NA" ? null : long.Parse(f[6], CultureInfo.InvariantCulture);
            yield return new StudyResult(f[0], StudyCase.Parse(f[1]), D(f[2]), D(f[4]), allocated, work);
        }
    }

    /// <summary>Finds a case: in the given class first, else in any class.</summary>
    /// <param name="c">The case.</param>
    /// <param name="preferredClass">The class to look in first (null: any).</param>
    /// <returns>The row, or null.</returns>
    public StudyResult? Find(StudyCase c, string? preferredClass = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (preferredClass is not null && _byClassAndCase.TryGetValue(preferredClass + "/" + c, out StudyResult? r))
        {
            return r;
        }

        return _byCase.GetValueOrDefault(c.ToString());
    }

    /// <summary>Speed-up of a row over its dense baseline (same class preferred); NaN when the baseline is missing.</summary>
    /// <param name="r">The row.</param>
    /// <returns>Baseline median ÷ median.</returns>
    public double SpeedUp(StudyResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        StudyResult? b = Find(r.Case.Baseline, r.Class);
        return b is null ? double.NaN : StudyMath.SpeedUp(b.MedianNs, r.MedianNs);
    }

    private static double D(string s) => s == "NA" ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
