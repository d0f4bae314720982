using Sparsity.Kernels.Events;

namespace Sparsity.Models.Layers;

/// <summary>
/// What <see cref="Egru.Forward"/> saves for <see cref="Egru.Backward"/> (egru.md §2), preallocated for windows of up
/// to <see cref="RecurrentCache.MaxSteps"/> = Tm steps of <see cref="RecurrentCache.Batch"/> = B rows so training
/// allocates nothing per step or per window. Shapes (N = Tm·B rows, time-major, row-major):
/// <list type="bullet">
/// <item><c>X [N, I]</c>: the layer inputs x_t (dense; their zeros are skipped by the sparse outer product).</item>
/// <item><c>Gates [N, 3H]</c>: z | r | g per row, after their sigmoid / tanh.</item>
/// <item><c>Qg [N, H]</c>: the candidate block of the recurrent product, (R y_{t−1} + br)_g.</item>
/// <item><c>CHat [N, H]</c>: the pre-reset state ĉ (s = ĉ − θ and o = H(s) are recomputed bit-exactly from it).</item>
/// <item><c>C [(Tm + 1)·B, H]</c>, <c>Y [(Tm + 1)·B, H]</c>: slot 0 is the state the window started from, slot t + 1
/// the state after step t; so slots 0..T−1 are exactly c_{t−1} and y_{t−1} for every step.</item>
/// </list>
/// Working buffers: the input projection <c>[N, 3H]</c> (reused as dp in backward), dq <c>[N, 3H]</c>, per-step
/// products and carries <c>[B, 3H]</c> / <c>[B, H]</c>, and per-step event lists.
/// </summary>
public sealed class EgruCache : RecurrentCache
{
    internal EgruCache(Egru owner, int maxSteps, int batch)
        : base(maxSteps, batch)
    {
        Owner = owner;
        int i = owner.InputSize, h = owner.HiddenSize, g = 3 * h;
        long n = (long)maxSteps * batch;
        X = new float[checked(n * i)];
        Gates = new float[checked(n * g)];
        Qg = new float[checked(n * h)];
        CHat = new float[Qg.Length];
        C = new float[checked((n + batch) * h)];
        Y = new float[C.Length];
        Projection = new float[Gates.Length];
        DQ = new float[Gates.Length];
        StepProduct = new float[checked(batch * g)];
        DyRecurrent = new float[checked(batch * h)];
        DcCarry = new float[DyRecurrent.Length];
        DTheta = new float[h];
        InputEvents = new EventBatch(batch, i);
        StateEvents = new EventBatch(batch, h);
        GateEvents = new EventBatch(batch, g);
    }

    /// <summary>The layer that created this cache (a cache serves one layer only).</summary>
    internal Egru Owner { get; }

    internal float[] X { get; }

    internal float[] Gates { get; }

    internal float[] Qg { get; }

    internal float[] CHat { get; }

    internal float[] C { get; }

    internal float[] Y { get; }

    /// <summary>Forward: a = W x + bx for every row. Backward: dp.</summary>
    internal float[] Projection { get; }

    internal float[] DQ { get; }

    /// <summary>Forward: q = R y_{t−1} + br of the current step <c>[B, 3H]</c>.</summary>
    internal float[] StepProduct { get; }

    internal float[] DyRecurrent { get; }

    internal float[] DcCarry { get; }

    internal float[] DTheta { get; }

    internal EventBatch InputEvents { get; }

    internal EventBatch StateEvents { get; }

    internal EventBatch GateEvents { get; }

    /// <summary>Which working copy of the weights the recorded forward used; backward must see the same one.</summary>
    internal long Generation { get; set; } = -1;

    /// <summary>The execution mode of the recorded forward (backward follows it).</summary>
    internal LayerExecution Execution { get; set; }

    /// <summary>Whether the window's input was sparse enough (nonzeros ≤ the event density) for backward to build dW from its nonzero entries.</summary>
    internal bool InputWasSparse { get; set; }

    /// <summary>Whether a forward has been recorded.</summary>
    internal bool HasForward { get; set; }
}
