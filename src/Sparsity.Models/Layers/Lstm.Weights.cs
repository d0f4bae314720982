// Shape letters: B batch, T time, I input width, H hidden units; N = T·B rows of a window; G = 4H.
using System.Numerics.Tensors;
using Sparsity.Core.Sparse;
using Sparsity.Kernels.Backward;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.Layers;

/// <summary>
/// The LSTM's working copies of its weights (DropConnect'ed R, transposed copies for the backward products, CSR views
/// of pruned kernels), its weight-gradient accumulation, initialisation, validation and statistics.
/// </summary>
public sealed partial class Lstm
{
    private readonly CsrWeightView _wView = new();
    private readonly CsrWeightView _rView = new();
    private readonly CsrWeightView _wTView = new(transposed: true);
    private readonly CsrWeightView _rTView = new(transposed: true);

    // Dense transposed copies Wᵀ [I, 4H] and Rᵀ [H, 4H] for dx = dP·W and dh = dP·R through DenseGemm (which computes
    // X·Mᵀ). Refreshed at the start of every backward rather than of every forward: the weights cannot change between
    // a forward and its backward, evaluation-only forwards then pay nothing, and a layer may hold several recorded
    // caches (each with its own DropConnect'ed R) at once. Allocated on first use.
    private float[] _wT = [];
    private float[] _rT = [];

    // Backward scratch, allocated on first use: dR of the DropConnect'ed kernel [4H, H] and the stored-entry gradient
    // of a pruned kernel [NNZ].
    private float[] _dKernel = [];
    private float[] _dValues = [];

    private static void XavierNormal(Parameter p, Random rng)
    {
        double std = Math.Sqrt(2.0 / (p.Rows + p.Columns));
        float[] v = p.Value;
        for (int k = 0; k < v.Length; k++)
        {
            v[k] = (float)(std * RandomDraws.Normal(rng));
        }

        p.ApplyMask();
    }

    private LstmCache OwnCache(RecurrentCache cache, string paramName)
    {
        ArgumentNullException.ThrowIfNull(cache, paramName);
        if (cache is not LstmCache c || !ReferenceEquals(c.Owner, this))
        {
            throw new ArgumentException("The cache was not created by this layer's CreateCache.", paramName);
        }

        return c;
    }

    private void CheckState(RecurrentState state, int batch)
    {
        if (state.Batch != batch || state.Hidden != HiddenSize)
        {
            throw new ArgumentException(
                $"The state is [{state.Batch}, {state.Hidden}] but this call needs [{batch}, {HiddenSize}] ([B, H]).", nameof(state));
        }
    }

    /// <summary>R for this window: R itself, or R ⊙ mask / (1 − p) with a fresh DropConnect mask saved in the cache.</summary>
    private ReadOnlySpan<float> EffectiveRecurrentKernel(LstmCache c, Random? random)
    {
        if (_dropConnect <= 0f || random is null)
        {
            c.DropConnectApplied = false;
            return _r.Value;
        }

        (float[] scale, float[] effective) = c.DropConnectBuffers(_r.Length);
        float p = _dropConnect, keep = 1f / (1f - p);
        for (int k = 0; k < scale.Length; k++)
        {
            scale[k] = random.NextSingle() < p ? 0f : keep;
        }

        TensorPrimitives.Multiply(_r.Value, scale, effective);
        c.DropConnectApplied = true;
        return effective;
    }

    /// <summary>Writes the transpose <c>[cols, rows]</c> of row-major <paramref name="a"/> <c>[rows, cols]</c> into <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<float> TransposeInto(ReadOnlySpan<float> a, int rows, int cols, ref float[] buffer)
    {
        if (buffer.Length != a.Length)
        {
            buffer = new float[a.Length];
        }

        Span<float> at = buffer;
        Kernels.Dense.DenseTranspose.Transpose(a, rows, cols, at);
        return at;
    }

    /// <summary>
    /// <c>p.Gradient += (dPᵀ · inputs) ⊙ scale</c> (scale empty: 1) over N rows, leaving pruned entries at 0. A pruned
    /// kernel in sparse execution forms only its stored entries (masked outer product); otherwise the dense weight
    /// gradient runs and the pruned entries are cleared afterwards.
    /// </summary>
    private void AccumulateKernelGradient(Parameter p, CsrWeightView view, bool sparse, ReadOnlySpan<float> dPre,
                                          ReadOnlySpan<float> inputs, int n, ReadOnlySpan<float> scale)
    {
        int g = p.Rows, k = p.Columns;
        float[] grad = p.Gradient;
        SparsityMask? mask = p.Mask;
        if (sparse && mask is not null)
        {
            CsrMatrix pattern = view.Structure(mask);
            if (_dValues.Length < pattern.Nnz)
            {
                _dValues = new float[pattern.Nnz];
            }

            Span<float> dValues = _dValues.AsSpan(0, pattern.Nnz);
            dValues.Clear();
            MaskedOuterProduct.Accumulate(pattern, dPre, inputs, n, dValues);
            ReadOnlySpan<int> index = view.DenseIndex;
            for (int q = 0; q < dValues.Length; q++)
            {
                int e = index[q];
                grad[e] += scale.IsEmpty ? dValues[q] : dValues[q] * scale[e];
            }

            return;
        }

        if (scale.IsEmpty)
        {
            WeightGradient.Accumulate(dPre, n, g, inputs, k, grad);
        }
        else
        {
            if (_dKernel.Length != grad.Length)
            {
                _dKernel = new float[grad.Length];
            }

            WeightGradient.Accumulate(dPre, n, g, inputs, k, _dKernel, accumulate: false);
            TensorPrimitives.MultiplyAdd(_dKernel, scale, grad, grad);
        }

        if (mask is not null)
        {
            ReadOnlySpan<bool> kept = mask.AsSpan();
            for (int e = 0; e < kept.Length; e++)
            {
                if (!kept[e])
                {
                    grad[e] = 0f;
                }
            }
        }
    }

    private void CountForward(ReadOnlySpan<float> outputs, int rows)
    {
        long nonZero = 0;
        foreach (float v in outputs)
        {
            if (v != 0f)
            {
                nonZero++;
            }
        }

        long keptW = _w.Mask?.KeptCount ?? _w.Length, keptR = _r.Mask?.KeptCount ?? _r.Length;
        LayerStatistics s = Statistics;
        s.Outputs += outputs.Length;
        s.NonZeroOutputs += nonZero;
        s.ForwardMacs += rows * (keptW + keptR);
        s.ExecutedForwardMacs += rows * ((UsesCsr(_w) ? keptW : _w.Length) + (UsesCsr(_r) ? keptR : _r.Length));
        s.DenseForwardMacs += rows * ((long)_w.Length + _r.Length);
    }
}
