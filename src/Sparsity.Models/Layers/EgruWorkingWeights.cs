using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels.Dense;
using Sparsity.Models.Parameters;
using Sparsity.Models.Pruning;

namespace Sparsity.Models.Layers;

/// <summary>
/// The compute-oriented copies of an EGRU's kernels that one forward (and its backward) runs on, refreshed from the
/// parameters at the start of every <see cref="Egru.Forward"/>: the transposed input kernel <c>Wt [I, 3H]</c> and
/// recurrent kernel <c>Rt [H, 3H]</c> (so each event is one contiguous AXPY), the effective recurrent kernel
/// <c>R_eff = R ⊙ m / (1 − p)</c> under DropConnect, CSC copies of pruned kernels for the combined
/// weight × activity-sparse product, and per-column nonzero counts for the operation count.
/// </summary>
internal sealed class EgruWorkingWeights
{
    /// <summary>
    /// A CSC copy of a pruned kernel is used for batches of more than one row when its mask keeps at most this fraction.
    /// Measured (I = H = 256, B = 64, T = 35, 90 % zero input, activity 0.13–0.22, best of 8, 2 shared cores): the
    /// scalar CSC scatter beat the dense transposed AXPY over zero-filled weights only at ≈ 5 % density (forward 51 vs
    /// 67 ms); at 10 % they were within noise (64 vs 56 ms), at 20 % and 50 % the dense-transposed path won (55 vs
    /// 70 ms, 55 vs 131 ms). Settable for benchmarks.
    /// </summary>
    internal static double CscMaxDensity { get; set; } = 0.1;

    /// <summary>
    /// The same for single-row steps (streaming inference), where the alternative is a GEMV that reads every weight:
    /// measured at batch 1 on [768, 128], [768, 256] and [384, 256], the event-driven CSC product beat the dense GEMV
    /// whenever the multiply-adds left were at most ≈ 15 % of the dense product's (density 0.1 × all inputs: 1.4–1.6×;
    /// 0.2 × 40 %: 1.7–2.2×; 0.3 × 40 %: 1.2–1.3×; 0.2 × all: 0.75–0.8×), so copies are kept up to 30 % density and
    /// <see cref="Egru"/> decides per step from the work left.
    /// </summary>
    internal static double SingleRowCscMaxDensity { get; set; } = 0.3;

    private readonly int _input;
    private readonly int _hidden;
    private readonly float[] _rDropped;
    private readonly float[] _sigmoidTheta;
    private float[]? _dropScale;
    private bool _dropActive;
    private DenseMatrix? _rView;
    private DenseMatrix? _rDroppedView;
    private MaskedCsc? _wCsc;
    private MaskedCsc? _rCsc;

    public EgruWorkingWeights(int input, int hidden)
    {
        _input = input;
        _hidden = hidden;
        int g = 3 * hidden;
        Wt = new DenseMatrix(input, g);
        Rt = new DenseMatrix(hidden, g);
        _rDropped = new float[checked(g * hidden)];
        _sigmoidTheta = new float[hidden];
        WColumnNonZeros = new int[input];
        RColumnNonZeros = new int[hidden];
    }

    /// <summary>Incremented by every refresh; a cache records the generation its forward ran on.</summary>
    public long Generation { get; private set; }

    /// <summary><c>Wt [I, 3H]</c> = Wᵀ.</summary>
    public DenseMatrix Wt { get; }

    /// <summary><c>Rt [H, 3H]</c> = R_effᵀ.</summary>
    public DenseMatrix Rt { get; }

    /// <summary>W itself, <c>[3H, I]</c> (a view of the parameter).</summary>
    public DenseMatrix W { get; private set; } = null!;

    /// <summary>R_eff <c>[3H, H]</c>: R, or R ⊙ m/(1 − p) while DropConnect is active.</summary>
    public DenseMatrix REffective { get; private set; } = null!;

    /// <summary>Per-element DropConnect factor <c>[3H, H]</c> (0 or 1/(1 − p)); null when DropConnect is off.</summary>
    public float[]? DropScale => _dropActive ? _dropScale : null;

    /// <summary>The pruned W as CSC when the combined kernel applies to <paramref name="batch"/> rows; else null.</summary>
    public CscMatrix? WCscFor(int batch) => Usable(_wCsc, batch);

    /// <summary>The pruned R_eff as CSC when the combined kernel applies to <paramref name="batch"/> rows; else null.</summary>
    public CscMatrix? RCscFor(int batch) => Usable(_rCsc, batch);

    private static CscMatrix? Usable(MaskedCsc? csc, int batch) =>
        csc is not null && (batch == 1 || csc.Mask.Density <= CscMaxDensity + MagnitudePruner.DensityRoundingTolerance) ? csc.Matrix : null;

    /// <summary>The thresholds θ <c>[H]</c> the step compares against: the parameter itself, or sigmoid(θ_raw).</summary>
    public float[] Theta { get; private set; } = [];

    /// <summary>Nonzero weights per input column of W <c>[I]</c> (operation counting).</summary>
    public int[] WColumnNonZeros { get; }

    /// <summary>Nonzero weights per column of R_eff <c>[H]</c>.</summary>
    public int[] RColumnNonZeros { get; }

    /// <summary>Rebuilds every copy from the current parameter values.</summary>
    /// <param name="w">The input kernel <c>[3H, I]</c>.</param>
    /// <param name="r">The recurrent kernel <c>[3H, H]</c>.</param>
    /// <param name="dropConnect">DropConnect probability p in [0, 1).</param>
    /// <param name="random">Source of the DropConnect mask; null (or p = 0) disables DropConnect.</param>
    /// <param name="theta">The threshold parameter <c>[H]</c>.</param>
    /// <param name="sigmoidTheta">Whether it holds θ_raw (θ = sigmoid(θ_raw)) rather than θ.</param>
    public void Refresh(Parameter w, Parameter r, float dropConnect, Random? random, Parameter theta, bool sigmoidTheta)
    {
        if (sigmoidTheta)
        {
            Sparsity.Kernels.Pointwise.Pointwise.Sigmoid(theta.Value, _sigmoidTheta);
            Theta = _sigmoidTheta;
        }
        else
        {
            Theta = theta.Value;
        }

        int g = 3 * _hidden;
        // Views are cached so a refresh allocates nothing once the buffers exist.
        if (!ReferenceEquals(W?.Data, w.Value))
        {
            W = w.AsMatrix();
        }

        if (dropConnect > 0f && random is not null)
        {
            float[] scale = _dropScale ??= new float[_rDropped.Length];
            _dropActive = true;
            float keep = 1f / (1f - dropConnect);
            float[] rv = r.Value;
            for (int i = 0; i < scale.Length; i++)
            {
                scale[i] = random.NextDouble() < dropConnect ? 0f : keep;
                _rDropped[i] = rv[i] * scale[i];
            }

            REffective = _rDroppedView ??= new DenseMatrix(g, _hidden, _rDropped);
        }
        else
        {
            _dropActive = false;
            if (!ReferenceEquals(_rView?.Data, r.Value))
            {
                _rView = r.AsMatrix();
            }

            REffective = _rView;
        }

        DenseTranspose.Transpose(w.Value, g, _input, Wt.Data);
        DenseTranspose.Transpose(REffective.Data, g, _hidden, Rt.Data);
        CountRows(Wt.Data, _input, g, WColumnNonZeros);
        CountRows(Rt.Data, _hidden, g, RColumnNonZeros);
        _wCsc = MaskedCsc.Update(_wCsc, w.Mask, W);
        _rCsc = MaskedCsc.Update(_rCsc, r.Mask, REffective);
        Generation++;
    }

    /// <summary>Nonzeros of each row of <paramref name="a"/> <c>[rows, columns]</c> (the transposed copy: row j is W's column j).</summary>
    private static void CountRows(ReadOnlySpan<float> a, int rows, int columns, Span<int> counts)
    {
        for (int j = 0; j < rows; j++)
        {
            counts[j] = columns - a.Slice(j * columns, columns).Count(0f); // ±0 count as zero, NaN as nonzero
        }
    }

    /// <summary>A CSC copy whose structure is a pruning mask (built once per mask) and whose values are refreshed each forward.</summary>
    private sealed class MaskedCsc
    {
        private MaskedCsc(SparsityMask mask, CscMatrix matrix, int[] sourceOf)
        {
            Mask = mask;
            Matrix = matrix;
            SourceOf = sourceOf;
        }

        public SparsityMask Mask { get; }

        public CscMatrix Matrix { get; }

        /// <summary>Row-major dense index of every stored entry.</summary>
        public int[] SourceOf { get; }

        public static MaskedCsc? Update(MaskedCsc? current, SparsityMask? mask, DenseMatrix values)
        {
            if (mask is null || mask.Density > Math.Max(CscMaxDensity, SingleRowCscMaxDensity) + MagnitudePruner.DensityRoundingTolerance)
            {
                return null;
            }

            if (current is null || !ReferenceEquals(current.Mask, mask))
            {
                // A new mask: build the structure once (allocates); later forwards only copy values.
                CscMatrix csc = CscMatrix.FromDense(values, mask);
                var sourceOf = new int[csc.Nnz];
                ReadOnlySpan<int> cp = csc.ColumnPointers, ri = csc.RowIndices;
                for (int c = 0; c < csc.Columns; c++)
                {
                    for (int p = cp[c]; p < cp[c + 1]; p++)
                    {
                        sourceOf[p] = (ri[p] * csc.Columns) + c;
                    }
                }

                current = new MaskedCsc(mask, csc, sourceOf);
            }

            Span<float> v = current.Matrix.Values;
            ReadOnlySpan<float> src = values.AsSpan();
            int[] s = current.SourceOf;
            for (int p = 0; p < s.Length; p++)
            {
                v[p] = src[s[p]];
            }

            return current;
        }
    }
}
