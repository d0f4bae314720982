using Sparsity.Kernels.Events;
using Sparsity.Models.Layers;

namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// Every buffer a window of up to <see cref="MaxSteps"/> steps of <see cref="Batch"/> rows needs, allocated once and
/// reused window after window (training allocates nothing per step). Activations are time-major <c>[T, B, K]</c>.
/// The decoder works on row chunks of <see cref="DecoderRows"/> tokens so its logits buffer stays bounded
/// (T·B·V floats would be ~180 MB at PTB's V = 10⁴, B = 64, T = 70) while each GEMM still covers hundreds of rows.
/// </summary>
internal sealed class LanguageModelWorkspace
{
    /// <summary>Default upper bound on the floats of the logits chunk (16 MiB).</summary>
    internal const int DefaultDecoderChunkFloats = 1 << 22;

    public LanguageModelWorkspace(
        IReadOnlyList<IRecurrentLayer> layers, int vocabulary, int embedding, int maxSteps, int batch, int decoderChunkFloats, DecoderProjection? projection = null)
    {
        MaxSteps = maxSteps;
        Batch = batch;
        int tokens = checked(maxSteps * batch);
        int count = layers.Count;
        Embedded = new float[checked(tokens * embedding)];
        Outputs = new float[count][];
        Dropped = new float[count][];
        InputGradients = new float[count][];
        Caches = new RecurrentCache[count];
        HiddenMasks = new LockedDropoutMask[count];
        for (int l = 0; l < count; l++)
        {
            IRecurrentLayer layer = layers[l];
            Outputs[l] = new float[checked(tokens * layer.HiddenSize)];
            Dropped[l] = new float[Outputs[l].Length];
            InputGradients[l] = new float[checked(tokens * layer.InputSize)];
            Caches[l] = layer.CreateCache(maxSteps, batch);
            HiddenMasks[l] = new LockedDropoutMask(batch, layer.HiddenSize);
        }

        TopGradient = new float[checked(tokens * embedding)];
        DecoderRows = Math.Max(1, Math.Min(tokens, decoderChunkFloats / Math.Max(1, vocabulary)));
        Logits = new float[checked(DecoderRows * vocabulary)];
        DecoderEvents = new EventBatch(DecoderRows, embedding);
        InputMask = new LockedDropoutMask(batch, embedding);
        if (projection is not null)
        {
            Projected = new float[checked(tokens * embedding)];
            ProjectionInputGradient = new float[checked(tokens * projection.InputSize)];
            ProjectionEvents = new EventBatch(batch, projection.InputSize);
        }
    }

    public int MaxSteps { get; }

    public int Batch { get; }

    /// <summary>The embedded input <c>[T, B, E]</c> after embedding and input dropout: layer 0's input.</summary>
    public float[] Embedded { get; }

    /// <summary>Layer l's raw output <c>[T, B, H_l]</c>.</summary>
    public float[][] Outputs { get; }

    /// <summary>Layer l's output after its dropout mask <c>[T, B, H_l]</c>: layer l+1's input, or the decoder's for the last.</summary>
    public float[][] Dropped { get; }

    /// <summary>Gradient of layer l's input <c>[T, B, I_l]</c>.</summary>
    public float[][] InputGradients { get; }

    /// <summary>Gradient of the decoder input <c>[T, B, E]</c>.</summary>
    public float[] TopGradient { get; }

    /// <summary>The projection's output, the decoder input <c>[T, B, E]</c>; null without a projection.</summary>
    public float[]? Projected { get; }

    /// <summary>Gradient of the projection's input, the top layer's dropped-out output <c>[T, B, H_L]</c>; null without a projection.</summary>
    public float[]? ProjectionInputGradient { get; }

    /// <summary>Events of one step's projection input <c>[B, H_L]</c>; null without a projection.</summary>
    public EventBatch? ProjectionEvents { get; }

    /// <summary>Tokens per decoder chunk.</summary>
    public int DecoderRows { get; }

    /// <summary>Logits, then their gradient, for one chunk <c>[DecoderRows, V]</c>.</summary>
    public float[] Logits { get; }

    /// <summary>Events of one decoder chunk's input (event-driven decoder).</summary>
    public EventBatch DecoderEvents { get; }

    public RecurrentCache[] Caches { get; }

    /// <summary>Variational mask on the embedded input <c>[B, E]</c>.</summary>
    public LockedDropoutMask InputMask { get; }

    /// <summary>Variational mask on layer l's output <c>[B, H_l]</c> (between layers; before the decoder for the last).</summary>
    public LockedDropoutMask[] HiddenMasks { get; }
}
