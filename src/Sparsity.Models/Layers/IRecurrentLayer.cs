using Sparsity.Models.Parameters;

namespace Sparsity.Models.Layers;

/// <summary>
/// A recurrent layer with a sequence API for training (forward over a window, saving what backward needs in an explicit
/// cache; backward accumulating every parameter gradient) and a step API for streaming inference.
/// Tensors are time-major and row-major: a window of T steps of B rows of width K is <c>[T, B, K]</c>, so step t's rows
/// are the contiguous block <c>[t·B·K, (t + 1)·B·K)</c>.
/// </summary>
public interface IRecurrentLayer
{
    /// <summary>I: input width.</summary>
    int InputSize { get; }

    /// <summary>H: hidden width (also the output width).</summary>
    int HiddenSize { get; }

    /// <summary>The parameter tensors, with layer-local names (e.g. <c>W</c>, <c>R</c>, <c>bx</c>, <c>br</c>, <c>theta</c>).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>How products are computed (never changes results beyond float rounding).</summary>
    LayerExecution Execution { get; set; }

    /// <summary>DropConnect probability on the recurrent kernel during training (one mask per window, rescaled by 1/(1−p)); 0 disables.</summary>
    float RecurrentDropConnect { get; set; }

    /// <summary>Counters of activity, backward sparsity and multiply-accumulates, accumulated by every pass.</summary>
    LayerStatistics Statistics { get; }

    /// <summary>Creates a cache for windows of up to <paramref name="maxSteps"/> steps of <paramref name="batch"/> rows.</summary>
    RecurrentCache CreateCache(int maxSteps, int batch);

    /// <summary>
    /// Runs a window: reads <paramref name="x"/> <c>[T, B, I]</c> and <paramref name="state"/> (updated in place to the state
    /// after the last step), writes <paramref name="y"/> <c>[T, B, H]</c> and records what backward needs in <paramref name="cache"/>.
    /// </summary>
    /// <param name="x">Inputs <c>[T, B, I]</c>.</param>
    /// <param name="steps">T (≤ the cache's <see cref="RecurrentCache.MaxSteps"/>).</param>
    /// <param name="state">State of B = the cache's batch rows, updated in place.</param>
    /// <param name="y">Outputs <c>[T, B, H]</c>.</param>
    /// <param name="cache">A cache from <see cref="CreateCache"/> of this layer.</param>
    /// <param name="random">Source of the DropConnect mask when training with <see cref="RecurrentDropConnect"/> &gt; 0; null means no DropConnect (evaluation).</param>
    void Forward(ReadOnlySpan<float> x, int steps, RecurrentState state, Span<float> y, RecurrentCache cache, Random? random = null);

    /// <summary>
    /// Back-propagates through the window recorded in <paramref name="cache"/>: <paramref name="dy"/> <c>[T, B, H]</c> is the
    /// gradient into every output; gradients of the parameters are <b>added</b> to their <see cref="Parameter.Gradient"/>;
    /// <paramref name="dx"/> <c>[T, B, I]</c> is overwritten with the gradient of the inputs. No gradient flows into the
    /// state the window started from (truncated BPTT).
    /// </summary>
    void Backward(RecurrentCache cache, ReadOnlySpan<float> dy, Span<float> dx);

    /// <summary>One step of streaming inference: reads <paramref name="x"/> <c>[B, I]</c>, updates <paramref name="state"/>, writes <paramref name="y"/> <c>[B, H]</c>.</summary>
    void ForwardStep(ReadOnlySpan<float> x, RecurrentState state, Span<float> y);
}
