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

    /// <summary>Multiply-accumulates the same forward products would need computed densely.</summary>
    public long DenseForwardMacs { get; set; }

    /// <summary>Fraction of outputs that were nonzero (1 for a dense-activated layer); NaN before any output.</summary>
    public double Activity => Outputs == 0 ? double.NaN : (double)NonZeroOutputs / Outputs;

    /// <summary>1 − <see cref="Activity"/>.</summary>
    public double ActivitySparsity => 1.0 - Activity;

    /// <summary>Fraction of surrogate values that were zero; NaN before any backward with events.</summary>
    public double BackwardSparsity => SurrogateEvaluations == 0 ? double.NaN : (double)ZeroSurrogates / SurrogateEvaluations;

    /// <summary>Sets every counter to zero.</summary>
    public void Reset()
    {
        Outputs = NonZeroOutputs = SurrogateEvaluations = ZeroSurrogates = ForwardMacs = DenseForwardMacs = 0;
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
    }
}
