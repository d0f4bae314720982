namespace Sparsity.Models.Layers;

/// <summary>
/// Counters a layer accumulates during forward and backward passes (egru.md §2, §6): outputs produced and how many
/// were nonzero, surrogate values evaluated and how many were zero, and the multiply-accumulates actually performed
/// against the count a dense computation would need. Reset by the caller (for example once per evaluation).
/// </summary>
public sealed class LayerStatistics
{
    /// <summary>Outputs produced by forward passes: (t, b, unit) triples.</summary>
    public long Outputs { get; set; }

    /// <summary>Of <see cref="Outputs"/>, those with y ≠ 0.</summary>
    public long NonZeroOutputs { get; set; }

    /// <summary>Surrogate derivatives evaluated by backward passes (0 for layers without events).</summary>
    public long SurrogateEvaluations { get; set; }

    /// <summary>Of <see cref="SurrogateEvaluations"/>, those that were exactly zero (no event and |s| ≥ 1/β).</summary>
    public long ZeroSurrogates { get; set; }

    /// <summary>Multiply-accumulates the forward products actually performed (nonzero weight × nonzero input).</summary>
    public long ForwardMacs { get; set; }

    /// <summary>
    /// Multiply-accumulates the kernels chosen actually executed: a dense product counts every weight (pruned zeros
    /// included), an event product over a dense weight copy counts every weight in the columns of nonzero inputs, a
    /// sparse (CSR/CSC) product only the stored nonzeros it touched. <see cref="ForwardMacs"/> is the operation count
    /// of egru.md §6 (the paper's measure); this is what the CPU did.
    /// </summary>
    public long ExecutedForwardMacs { get; set; }

    /// <summary>Multiply-accumulates the same forward products would need computed densely.</summary>
    public long DenseForwardMacs { get; set; }

    /// <summary>
    /// Per unit, the outputs of forward passes that were nonzero (event layers only; empty until one records). A unit whose
    /// count stays zero over an evaluation is <em>silent</em>: it sends nothing to the layers above.
    /// </summary>
    public long[] UnitFirings { get; private set; } = [];

    /// <summary>Internal-state values ĉ recorded by forward passes (event layers only).</summary>
    public long StateEntries { get; set; }

    /// <summary>Of <see cref="StateEntries"/>, those inside the surrogate's support: abs(ĉ − θ) &lt; 1/β, where a unit gets gradient.</summary>
    public long InSurrogateBand { get; set; }

    /// <summary>Σ abs(ĉ) over the <see cref="StateEntries"/> (saturation: near 1 means the candidate tanh is pinned).</summary>
    public double SumAbsState { get; set; }

    /// <summary>Fraction of units that never fired since the last reset; NaN for a layer without events or before any output.</summary>
    public double SilentUnitFraction
    {
        get
        {
            if (UnitFirings.Length == 0 || Outputs == 0)
            {
                return double.NaN;
            }

            return (double)UnitFirings.AsSpan().Count(0L) / UnitFirings.Length;
        }
    }

    /// <summary><see cref="InSurrogateBand"/> / <see cref="StateEntries"/>; NaN before any recorded state.</summary>
    public double SurrogateBandFraction => StateEntries == 0 ? double.NaN : (double)InSurrogateBand / StateEntries;

    /// <summary>Mean abs(ĉ); NaN before any recorded state.</summary>
    public double MeanAbsState => StateEntries == 0 ? double.NaN : SumAbsState / StateEntries;

    /// <summary>The per-unit firing counters for a layer of <paramref name="units"/> units (allocated once, then reused).</summary>
    internal long[] FiringsFor(int units)
    {
        if (UnitFirings.Length != units)
        {
            UnitFirings = new long[units];
        }

        return UnitFirings;
    }

    /// <summary>Fraction of outputs that were nonzero (1 for a dense-activated layer); NaN before any output.</summary>
    public double Activity => Outputs == 0 ? double.NaN : (double)NonZeroOutputs / Outputs;

    /// <summary>1 − <see cref="Activity"/>.</summary>
    public double ActivitySparsity => 1.0 - Activity;

    /// <summary>Fraction of surrogate values that were zero; NaN before any backward with events.</summary>
    public double BackwardSparsity => SurrogateEvaluations == 0 ? double.NaN : (double)ZeroSurrogates / SurrogateEvaluations;

    /// <summary>Sets every counter to zero.</summary>
    public void Reset()
    {
        Outputs = NonZeroOutputs = SurrogateEvaluations = ZeroSurrogates = ForwardMacs = DenseForwardMacs = ExecutedForwardMacs = 0;
        StateEntries = InSurrogateBand = 0;
        SumAbsState = 0;
        Array.Clear(UnitFirings);
    }

    /// <summary>Adds <paramref name="other"/>'s counters to this one's.</summary>
    public void Add(LayerStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Outputs += other.Outputs;
        NonZeroOutputs += other.NonZeroOutputs;
        SurrogateEvaluations += other.SurrogateEvaluations;
        ZeroSurrogates += other.ZeroSurrogates;
        ForwardMacs += other.ForwardMacs;
        DenseForwardMacs += other.DenseForwardMacs;
        ExecutedForwardMacs += other.ExecutedForwardMacs;
        StateEntries += other.StateEntries;
        InSurrogateBand += other.InSurrogateBand;
        SumAbsState += other.SumAbsState;
        if (other.UnitFirings.Length > 0)
        {
            if (UnitFirings.Length != 0 && UnitFirings.Length != other.UnitFirings.Length)
            {
                throw new ArgumentException($"Cannot add the unit counters of a layer of {other.UnitFirings.Length} units to those of {UnitFirings.Length}.", nameof(other));
            }

            long[] mine = FiringsFor(other.UnitFirings.Length);
            for (int j = 0; j < mine.Length; j++)
            {
                mine[j] += other.UnitFirings[j];
            }
        }
    }
}
