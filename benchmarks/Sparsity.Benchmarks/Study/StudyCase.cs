using System.Globalization;

namespace Sparsity.Benchmarks.Study;

/// <summary>The kernels the study times; the concrete entry point also depends on the batch (see <see cref="StudyCase.KernelName"/>).</summary>
public enum StudyKernel
{
    /// <summary>Our dense product: <c>DenseGemv</c> (B = 1) or <c>DenseGemm</c> (B &gt; 1). The forward baseline.</summary>
    Dense,

    /// <summary>One <c>TensorPrimitives.Dot</c> per output element: the library dense reference.</summary>
    TpDot,

    /// <summary><c>DenseGemvTransposed</c>: <c>y = Wᵀ x</c>. The transposed baseline.</summary>
    DenseT,

    /// <summary><c>SpmvCsr</c> (B = 1) or <c>SpmmCsr</c> (B &gt; 1): weight-sparse, dense x.</summary>
    Csr,

    /// <summary><c>SpmvBsr</c> on h×1 blocks (h from the structure).</summary>
    Bsr,

    /// <summary>MathNet.Numerics <c>SparseMatrix × Vector</c>.</summary>
    MathNet,

    /// <summary><c>SpmvCsrTransposed</c>: <c>Wᵀ x</c> by scatter from the CSR of W.</summary>
    CsrTScatter,

    /// <summary><c>SpmvCsr</c> on the stored CSR of Wᵀ.</summary>
    CsrOfT,

    /// <summary>MathNet.Numerics <c>TransposeThisAndMultiply</c>.</summary>
    MathNetT,

    /// <summary>Event extraction + <c>EventGemvDense</c> (B = 1) or <c>EventGemmDense</c> (B &gt; 1) over dense Wᵀ.</summary>
    EventDenseW,

    /// <summary>Event extraction + <c>EventSpmvCsc</c> (B = 1) or <c>EventSpmmCsc</c> (B &gt; 1).</summary>
    EventCsc,

    /// <summary>Event extraction + <c>EventSpmvBlock</c> on h×1 blocks (B = 1 only).</summary>
    EventBlock,

    /// <summary><c>WeightGradient.Accumulate</c>: dense <c>dW += dYᵀ X</c>. The backward baseline.</summary>
    DenseWGrad,

    /// <summary><c>MaskedOuterProduct</c> over a CSR pattern.</summary>
    MaskedCsr,

    /// <summary><c>MaskedOuterProduct</c> over an h×1 BSR pattern.</summary>
    MaskedBsr,
}

/// <summary>How the pruned weights are laid out.</summary>
public enum WeightStructure
{
    /// <summary>Each weight pruned independently.</summary>
    Unstructured,

    /// <summary>Whole vertical 8×1 blocks pruned.</summary>
    Block8,

    /// <summary>Whole vertical 16×1 blocks pruned.</summary>
    Block16,
}

/// <summary>Cache state of the operands at each call.</summary>
public enum CacheState
{
    /// <summary>The same operands every call (they stay in cache when they fit).</summary>
    Hot,

    /// <summary>Calls rotate over independent copies whose combined traffic exceeds the last-level cache.</summary>
    Cold,
}

/// <summary>What a kernel computes, for grouping with its baseline.</summary>
public enum StudyFamily
{
    /// <summary><c>y = W x</c> (or <c>Y = X Wᵀ</c>).</summary>
    Forward,

    /// <summary><c>y = Wᵀ x</c>.</summary>
    Transposed,

    /// <summary><c>dW += dYᵀ X</c>.</summary>
    Backward,
}

/// <summary>
/// One cell of the study: kernel, weight shape <c>[M, K]</c>, batch, weight sparsity (percent) and structure,
/// activity sparsity (percent of zero inputs; for the backward, of zero output gradients), cache state and threads.
/// Its text form (<see cref="ToString"/>) is the key used by the columns, the exporter and the report, and it parses back
/// with <see cref="Parse"/>.
/// </summary>
/// <param name="Kernel">The kernel.</param>
/// <param name="M">Rows of W (outputs).</param>
/// <param name="K">Columns of W (inputs).</param>
/// <param name="Batch">B (samples N for the backward).</param>
/// <param name="WeightSparsity">Percent of W pruned.</param>
/// <param name="Structure">Pruning structure.</param>
/// <param name="ActivitySparsity">Percent of zero inputs (backward: zero output gradients).</param>
/// <param name="Cache">Hot or cold.</param>
/// <param name="Threads">KernelThreads.MaxThreads for the call.</param>
public sealed record StudyCase(StudyKernel Kernel, int M, int K, int Batch, int WeightSparsity, WeightStructure Structure,
                               int ActivitySparsity, CacheState Cache, int Threads) : IComparable<StudyCase>, IComparable
{
    /// <summary>Position in the plan (table order); not part of the identity.</summary>
    public int Order { get; init; }

    /// <summary>The family this kernel belongs to.</summary>
    public StudyFamily Family => Kernel switch
    {
        StudyKernel.DenseT or StudyKernel.CsrTScatter or StudyKernel.CsrOfT or StudyKernel.MathNetT => StudyFamily.Transposed,
        StudyKernel.DenseWGrad or StudyKernel.MaskedCsr or StudyKernel.MaskedBsr => StudyFamily.Backward,
        _ => StudyFamily.Forward,
    };

    /// <summary>Whether this is the dense baseline of its group.</summary>
    public bool IsBaseline => Kernel is StudyKernel.Dense or StudyKernel.DenseT or StudyKernel.DenseWGrad;

    /// <summary>Block height h (1 for unstructured).</summary>
    public int BlockHeight => Structure switch { WeightStructure.Block8 => 8, WeightStructure.Block16 => 16, _ => 1 };

    /// <summary>The dense baseline of this case's group: same family, shape, batch, cache and threads, no sparsity.</summary>
    public StudyCase Baseline => new(Family switch
    {
        StudyFamily.Transposed => StudyKernel.DenseT,
        StudyFamily.Backward => StudyKernel.DenseWGrad,
        _ => StudyKernel.Dense,
    }, M, K, Batch, 0, WeightStructure.Unstructured, 0, Cache, Threads);

    /// <summary>The same case at one thread (for the scaling table).</summary>
    public StudyCase OneThread => this with { Threads = 1, Order = 0 };

    /// <summary>The entry point's name (depends on the batch).</summary>
    public string KernelName => NameOf(Kernel, Batch);

    /// <summary>Multiply-adds of the dense product of the same shape and batch.</summary>
    public double DenseMacs => (double)M * K * Batch;

    private static readonly (StudyKernel Kernel, string One, string Many)[] Names =
    [
        (StudyKernel.Dense, "DenseGemv", "DenseGemm"),
        (StudyKernel.TpDot, "TpDotGemv", "TpDotGemm"),
        (StudyKernel.DenseT, "DenseGemvT", "DenseGemvT"),
        (StudyKernel.Csr, "SpmvCsr", "SpmmCsr"),
        (StudyKernel.Bsr, "SpmvBsr", "SpmvBsr"),
        (StudyKernel.MathNet, "MathNetSpmv", "MathNetSpmv"),
        (StudyKernel.CsrTScatter, "SpmvCsrTScatter", "SpmvCsrTScatter"),
        (StudyKernel.CsrOfT, "SpmvCsrOfT", "SpmvCsrOfT"),
        (StudyKernel.MathNetT, "MathNetSpmvT", "MathNetSpmvT"),
        (StudyKernel.EventDenseW, "EventGemvDense", "EventGemmDense"),
        (StudyKernel.EventCsc, "EventSpmvCsc", "EventSpmmCsc"),
        (StudyKernel.EventBlock, "EventSpmvBlock", "EventSpmvBlock"),
        (StudyKernel.DenseWGrad, "WeightGradient", "WeightGradient"),
        (StudyKernel.MaskedCsr, "MaskedOuterCsr", "MaskedOuterCsr"),
        (StudyKernel.MaskedBsr, "MaskedOuterBsr", "MaskedOuterBsr"),
    ];

    /// <summary>The entry point's name for a kernel at a batch.</summary>
    /// <param name="kernel">The kernel.</param>
    /// <param name="batch">B.</param>
    /// <returns>For example <c>SpmvCsr</c> at B = 1 and <c>SpmmCsr</c> above.</returns>
    public static string NameOf(StudyKernel kernel, int batch)
    {
        foreach (var n in Names)
        {
            if (n.Kernel == kernel)
            {
                return batch == 1 ? n.One : n.Many;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown kernel.");
    }

    /// <summary>Weight sparsity with its structure, e.g. <c>W90</c>, <c>W90b16</c>.</summary>
    public string WeightText => "W" + WeightSparsity.ToString(CultureInfo.InvariantCulture) + Structure switch
    {
        WeightStructure.Block8 => "b8",
        WeightStructure.Block16 => "b16",
        _ => string.Empty,
    };

    /// <summary>The shape as <c>MxK</c>.</summary>
    public string ShapeText => string.Create(CultureInfo.InvariantCulture, $"{M}x{K}");

    /// <summary>E.g. <c>EventSpmvBlock 4050x1350 B1 W90b16 A90 Cold T1</c>.</summary>
    /// <returns>The case's text form.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{KernelName} {ShapeText} B{Batch} {WeightText} A{ActivitySparsity} {Cache} T{Threads}");

    /// <summary>Parses the text form written by <see cref="ToString"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The case (with <see cref="Order"/> 0).</returns>
    /// <exception cref="FormatException">The text is not a case.</exception>
    public static StudyCase Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] p = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length != 7)
        {
            throw new FormatException($"A study case has 7 fields; got '{text}'.");
        }

        string[] shape = p[1].Split('x');
        if (shape.Length != 2 || !p[2].StartsWith('B') || !p[3].StartsWith('W') || !p[4].StartsWith('A') || !p[6].StartsWith('T'))
        {
            throw new FormatException($"Not a study case: '{text}'.");
        }

        int batch = Int(p[2][1..], text);
        string w = p[3][1..];
        WeightStructure structure = WeightStructure.Unstructured;
        if (w.EndsWith("b16", StringComparison.Ordinal))
        {
            structure = WeightStructure.Block16;
            w = w[..^3];
        }
        else if (w.EndsWith("b8", StringComparison.Ordinal))
        {
            structure = WeightStructure.Block8;
            w = w[..^2];
        }

        StudyKernel? kernel = null;
        foreach (var n in Names)
        {
            if ((batch == 1 ? n.One : n.Many) == p[0])
            {
                kernel = n.Kernel;
            }
        }

        if (kernel is null || !Enum.TryParse(p[5], out CacheState cache))
        {
            throw new FormatException($"Unknown kernel or cache state in '{text}'.");
        }

        return new StudyCase(kernel.Value, Int(shape[0], text), Int(shape[1], text), batch, Int(w, text), structure,
                             Int(p[4][1..], text), cache, Int(p[6][1..], text));
    }

    /// <inheritdoc/>
    public bool Equals(StudyCase? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <inheritdoc/>
    public int CompareTo(StudyCase? other) => other is null ? 1 : Order != other.Order ? Order.CompareTo(other.Order) : string.CompareOrdinal(ToString(), other.ToString());

    /// <inheritdoc/>
    public int CompareTo(object? obj) => CompareTo(obj as StudyCase);

    /// <summary>Plan order comparison.</summary>
    /// <param name="left">Left case.</param>
    /// <param name="right">Right case.</param>
    /// <returns>Whether left sorts before right.</returns>
    public static bool operator <(StudyCase? left, StudyCase? right) => Compare(left, right) < 0;

    /// <summary>Plan order comparison.</summary>
    /// <param name="left">Left case.</param>
    /// <param name="right">Right case.</param>
    /// <returns>Whether left sorts before or equal to right.</returns>
    public static bool operator <=(StudyCase? left, StudyCase? right) => Compare(left, right) <= 0;

    /// <summary>Plan order comparison.</summary>
    /// <param name="left">Left case.</param>
    /// <param name="right">Right case.</param>
    /// <returns>Whether left sorts after right.</returns>
    public static bool operator >(StudyCase? left, StudyCase? right) => Compare(left, right) > 0;

    /// <summary>Plan order comparison.</summary>
    /// <param name="left">Left case.</param>
    /// <param name="right">Right case.</param>
    /// <returns>Whether left sorts after or equal to right.</returns>
    public static bool operator >=(StudyCase? left, StudyCase? right) => Compare(left, right) >= 0;

    private static int Compare(StudyCase? left, StudyCase? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static int Int(string s, string text) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw new FormatException($"Bad number '{s}' in '{text}'.");
}
