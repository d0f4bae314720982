using System.Diagnostics.CodeAnalysis;
using Sparsity.Core.Validation;
using Sparsity.Models.Layers;

namespace Sparsity.Models.LanguageModeling;

/// <summary>The streaming API: one token per batch row at a time, for text generation.</summary>
public sealed partial class LanguageModel
{
    private float[]? _stepInput;
    private float[][]? _stepOutputs;
    private Kernels.Events.EventBatch? _stepEvents;
    private float[]? _stepProjected;
    private Kernels.Events.EventBatch? _stepProjectionEvents;

    /// <summary>
    /// Advances the carried states by one token per row using the layers' <see cref="IRecurrentLayer.ForwardStep"/>
    /// and writes the next-token logits. No dropout. A sequence fed step by step gives the same logits as
    /// <see cref="Evaluate(ReadOnlySpan{int}, ReadOnlySpan{int}, int, int, Span{float})"/> over the whole window.
    /// </summary>
    /// <param name="tokens">The current token of each row <c>[B]</c>; B must match the carried states.</param>
    /// <param name="logits">Receives <c>[B, V]</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">B is 0, or an id is outside <c>[0, V)</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is not B·V long.</exception>
    /// <exception cref="InvalidOperationException">B differs from the carried states' batch.</exception>
    public void Step(ReadOnlySpan<int> tokens, Span<float> logits)
    {
        ThrowHelper.Length(logits.Length, (long)tokens.Length * Vocabulary, nameof(logits), "[B, V]");
        float[] top = StepLayers(tokens);
        if (_projection is not null)
        {
            // Part of the decoder head, so Advance skips it too.
            _projection.Forward(top, 1, tokens.Length, _execution, _stepProjectionEvents!, _stepProjected!, refresh: false);
            top = _stepProjected!;
        }

        ComputeLogits(top, tokens.Length, logits, _stepEvents!);
    }

    /// <summary>
    /// Advances the carried states by one token per row like <see cref="Step"/> but computes no logits: for feeding a
    /// prompt, where only the last token's prediction is wanted, the decoder (usually the largest product of a word-level
    /// model) is skipped.
    /// </summary>
    /// <param name="tokens">The current token of each row <c>[B]</c>; B must match the carried states.</param>
    /// <exception cref="ArgumentOutOfRangeException">B is 0, or an id is outside <c>[0, V)</c>.</exception>
    /// <exception cref="InvalidOperationException">B differs from the carried states' batch.</exception>
    public void Advance(ReadOnlySpan<int> tokens) => StepLayers(tokens);

    /// <summary>Embeds the tokens and steps every layer; returns the top layer's output <c>[B, H_top]</c>.</summary>
    private float[] StepLayers(ReadOnlySpan<int> tokens)
    {
        int batch = tokens.Length, e = EmbeddingSize;
        ThrowHelper.Positive(batch, nameof(tokens) + ".Length");
        ValidateIds(tokens, batch, nameof(tokens));
        RecurrentState[] states = StatesFor(batch);
        if (_stepInput is null || _stepInput.Length != batch * e)
        {
            AllocateStepBuffers(batch);
        }

        for (int b = 0; b < batch; b++)
        {
            _embedding.Value.AsSpan(tokens[b] * e, e).CopyTo(_stepInput.AsSpan(b * e, e));
        }

        float[] x = _stepInput;
        for (int l = 0; l < _layers.Length; l++)
        {
            float[] y = _stepOutputs![l];
            _layers[l].ForwardStep(x, states[l], y);
            x = y;
        }

        return x;
    }

    // A separate method: a lambda capturing `batch` inside Step would allocate its closure on every call.
    [MemberNotNull(nameof(_stepInput), nameof(_stepOutputs), nameof(_stepEvents))]
    private void AllocateStepBuffers(int batch)
    {
        _stepInput = new float[batch * EmbeddingSize];
        _stepOutputs = [.. _layers.Select(layer => new float[batch * layer.HiddenSize])];
        _stepEvents = new Kernels.Events.EventBatch(batch, EmbeddingSize);
        if (_projection is not null)
        {
            _stepProjected = new float[batch * EmbeddingSize];
            _stepProjectionEvents = new Kernels.Events.EventBatch(batch, _projection.InputSize);
        }
    }
}
