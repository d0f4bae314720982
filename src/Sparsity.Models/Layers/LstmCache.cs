namespace Sparsity.Models.Layers;

/// <summary>
/// What <see cref="Lstm.Forward"/> saves for <see cref="Lstm.Backward"/>, plus the backward's working buffers, all
/// preallocated for windows of up to <see cref="RecurrentCache.MaxSteps"/> steps of <see cref="RecurrentCache.Batch"/>
/// rows so that a training step allocates nothing (the DropConnect buffers are allocated on the first window that uses
/// DropConnect, the sparse-kernel workspace on the first window that runs a weight-sparse kernel).
/// Shapes (N = T·B rows): inputs <c>X [T, B, I]</c>; gate activations <c>Gates [T, B, 4H]</c> in blocks
/// <c>[i | f | g | o]</c>; <c>HSeq, CSeq [T + 1, B, H]</c> holding the state the window started from followed by the
/// state after each step; <c>TanhC [T, B, H]</c> = tanh(c_t).
/// </summary>
public sealed class LstmCache : RecurrentCache
{
    internal LstmCache(Lstm owner, int maxSteps, int batch)
        : base(maxSteps, batch)
    {
        Owner = owner;
        int h = owner.HiddenSize, i = owner.InputSize, g = 4 * h;
        long rows = (long)maxSteps * batch;
        X = new float[checked((int)(rows * i))];
        Gates = new float[checked((int)(rows * g))];
        HSeq = new float[checked((int)((rows + batch) * h))];
        CSeq = new float[HSeq.Length];
        TanhC = new float[checked((int)(rows * h))];
        DPre = new float[Gates.Length];
        DhCarry = new float[batch * h];
        DcCarry = new float[batch * h];
        Scratch = new float[h];
        DBias = new float[g];
    }

    /// <summary>The layer that created this cache (a cache is not transferable between layers).</summary>
    internal Lstm Owner { get; }

    /// <summary>Whether a forward has been recorded (a window of T = 0 counts).</summary>
    internal bool HasForward { get; set; }

    /// <summary>Inputs <c>[T, B, I]</c> (copied: backward needs them for dW and the caller may reuse its buffer).</summary>
    internal float[] X { get; }

    /// <summary>Gate activations <c>[T, B, 4H]</c>: σ(i), σ(f), tanh(g), σ(o). Holds pre-activations transiently.</summary>
    internal float[] Gates { get; }

    /// <summary><c>[T + 1, B, H]</c>: h₀ then h₁ … h_T. The first T blocks are the h_{t−1} rows dR needs.</summary>
    internal float[] HSeq { get; }

    /// <summary><c>[T + 1, B, H]</c>: c₀ then c₁ … c_T.</summary>
    internal float[] CSeq { get; }

    /// <summary><c>[T, B, H]</c>: tanh(c_t).</summary>
    internal float[] TanhC { get; }

    /// <summary>Backward: gradient of the gate pre-activations <c>[T, B, 4H]</c> (the same for the W and R products).</summary>
    internal float[] DPre { get; }

    /// <summary>Backward: gradient into h_t arriving through R from step t + 1 <c>[B, H]</c>.</summary>
    internal float[] DhCarry { get; }

    /// <summary>Backward: gradient into c_t arriving from step t + 1 <c>[B, H]</c>.</summary>
    internal float[] DcCarry { get; }

    /// <summary>Backward: one row of temporaries <c>[H]</c>.</summary>
    internal float[] Scratch { get; }

    /// <summary>Backward: the bias gradient of the window <c>[4H]</c>.</summary>
    internal float[] DBias { get; }

    /// <summary>Whether the last forward applied a DropConnect mask to R.</summary>
    public bool DropConnectApplied { get; internal set; }

    /// <summary>
    /// The element-wise DropConnect factor the last forward applied to R <c>[4H, H]</c>: 0 for a dropped weight,
    /// 1/(1 − p) for a kept one. Empty when <see cref="DropConnectApplied"/> is false.
    /// </summary>
    public ReadOnlySpan<float> DropConnectScale => DropConnectApplied ? _dropScale : [];

    /// <summary>The recurrent kernel the last forward used, R ⊙ <see cref="DropConnectScale"/> <c>[4H, H]</c>; valid while <see cref="DropConnectApplied"/>.</summary>
    internal float[] REffective => _rEffective;

    private float[] _dropScale = [];
    private float[] _rEffective = [];
    private float[] _sparseWorkspace = [];

    /// <summary>Allocates the DropConnect buffers on first use.</summary>
    internal (float[] Scale, float[] Effective) DropConnectBuffers(int length)
    {
        if (_dropScale.Length != length)
        {
            _dropScale = new float[length];
            _rEffective = new float[length];
        }

        return (_dropScale, _rEffective);
    }

    /// <summary>
    /// Scratch for the weight-sparse kernels (they pack their input feature-major), grown on first use to the largest
    /// packing a window of this cache needs: max(I, 4H) · T · B floats.
    /// </summary>
    internal float[] SparseWorkspace()
    {
        if (_sparseWorkspace.Length == 0)
        {
            long n = (long)Math.Max(Owner.InputSize, 4 * Owner.HiddenSize) * MaxSteps * Batch;
            _sparseWorkspace = new float[checked((int)Math.Max(n, 1))];
        }

        return _sparseWorkspace;
    }
}
