using System.Numerics.Tensors;
using Sparsity.Core.Validation;
using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.LanguageModeling;

/// <summary>The sequence API: a training window (forward, loss, backward) and an evaluation window (forward, loss).</summary>
public sealed partial class LanguageModel
{
    /// <summary>
    /// Runs one training window: forward from the carried states (which advance to the window's end), mean
    /// cross-entropy over the T·B tokens, and backward, <b>adding</b> every gradient to its parameter's
    /// <see cref="Parameter.Gradient"/> (the embedding receives both its decoder and its input gradient).
    /// </summary>
    /// <param name="tokens">Input ids <c>[T, B]</c>, time-major.</param>
    /// <param name="targets">Target ids <c>[T, B]</c> (the next tokens).</param>
    /// <param name="steps">T (≥ 1).</param>
    /// <param name="batch">B (≥ 1); must match the carried states (see <see cref="ResetState(int)"/>).</param>
    /// <param name="random">
    /// Draws this window's regularisation masks (<see cref="Dropout"/>: embedding rows, variational masks, DropConnect);
    /// null runs the window without any dropout.
    /// </param>
    /// <returns>The mean loss over the window's tokens, in nats.</returns>
    /// <exception cref="ArgumentOutOfRangeException">T or B is not positive, or an id is outside <c>[0, V)</c>.</exception>
    /// <exception cref="ArgumentException">A span's length is not T·B.</exception>
    /// <exception cref="InvalidOperationException">B differs from the carried states' batch.</exception>
    public float ForwardBackward(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, int steps, int batch, Random? random = null)
    {
        ValidateWindow(tokens, targets, steps, batch);
        RecurrentState[] states = StatesFor(batch);
        LanguageModelWorkspace ws = WorkspaceFor(steps, batch);
        float[] top = ForwardLayers(tokens, steps, batch, random, states, ws);
        int n = steps * batch;
        double total = Decode(top.AsSpan(0, n * EmbeddingSize), targets, ws, backward: true, logits: default);
        BackwardLayers(tokens, steps, batch, ws);
        return (float)(total / n);
    }

    /// <summary>
    /// Runs one evaluation window (no dropout, no backward) from the carried states, which advance to its end.
    /// </summary>
    /// <param name="tokens">Input ids <c>[T, B]</c>.</param>
    /// <param name="targets">Target ids <c>[T, B]</c>.</param>
    /// <param name="steps">T (≥ 1).</param>
    /// <param name="batch">B (≥ 1); must match the carried states.</param>
    /// <returns>The summed NLL and the token count T·B.</returns>
    /// <exception cref="ArgumentOutOfRangeException">T or B is not positive, or an id is outside <c>[0, V)</c>.</exception>
    /// <exception cref="ArgumentException">A span's length is not T·B.</exception>
    /// <exception cref="InvalidOperationException">B differs from the carried states' batch.</exception>
    public EvaluationResult Evaluate(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, int steps, int batch) =>
        Evaluate(tokens, targets, steps, batch, default);

    /// <summary>As <see cref="Evaluate(ReadOnlySpan{int}, ReadOnlySpan{int}, int, int)"/>, also writing the logits.</summary>
    /// <param name="tokens">Input ids <c>[T, B]</c>.</param>
    /// <param name="targets">Target ids <c>[T, B]</c>.</param>
    /// <param name="steps">T (≥ 1).</param>
    /// <param name="batch">B (≥ 1); must match the carried states.</param>
    /// <param name="logits">Receives the decoder outputs <c>[T, B, V]</c>; empty to skip them.</param>
    /// <returns>The summed NLL and the token count T·B.</returns>
    /// <exception cref="ArgumentOutOfRangeException">T or B is not positive, or an id is outside <c>[0, V)</c>.</exception>
    /// <exception cref="ArgumentException">A span's length does not match its shape.</exception>
    /// <exception cref="InvalidOperationException">B differs from the carried states' batch.</exception>
    public EvaluationResult Evaluate(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, int steps, int batch, Span<float> logits)
    {
        ValidateWindow(tokens, targets, steps, batch);
        int n = steps * batch;
        if (!logits.IsEmpty)
        {
            ThrowHelper.Length(logits.Length, (long)n * Vocabulary, nameof(logits), "[T, B, V]");
        }

        RecurrentState[] states = StatesFor(batch);
        LanguageModelWorkspace ws = WorkspaceFor(steps, batch);
        float[] top = ForwardLayers(tokens, steps, batch, null, states, ws);
        double total = Decode(top.AsSpan(0, n * EmbeddingSize), targets, ws, backward: false, logits);
        return new EvaluationResult(total, n);
    }

    /// <summary>
    /// Embedding → dropout → layers (→ dropout between them) → dropout on the top (→ projection); returns the buffer
    /// holding the decoder input <c>[T, B, E]</c>. Masks are drawn here, once per window, only when
    /// <paramref name="random"/> is set.
    /// </summary>
    private float[] ForwardLayers(ReadOnlySpan<int> tokens, int steps, int batch, Random? random, RecurrentState[] states, LanguageModelWorkspace ws)
    {
        int n = steps * batch, e = EmbeddingSize;
        DrawMasks(random, ws);

        Span<float> x = ws.Embedded.AsSpan(0, n * e);
        float[] table = _embedding.Value;
        for (int i = 0; i < n; i++)
        {
            int token = tokens[i];
            ReadOnlySpan<float> row = table.AsSpan(token * e, e);
            Span<float> destination = x.Slice(i * e, e);
            float scale = _embeddingDropout.Scale(token);
            if (scale == 1f)
            {
                row.CopyTo(destination);
            }
            else
            {
                TensorPrimitives.Multiply(row, scale, destination);
            }
        }

        ws.InputMask.Apply(x, x, steps);

        float[] input = ws.Embedded;
        for (int l = 0; l < _layers.Length; l++)
        {
            IRecurrentLayer layer = _layers[l];
            int h = layer.HiddenSize;
            layer.Forward(input.AsSpan(0, n * layer.InputSize), steps, states[l], ws.Outputs[l].AsSpan(0, n * h), ws.Caches[l], random);
            LockedDropoutMask mask = ws.HiddenMasks[l];
            if (mask.IsActive)
            {
                mask.Apply(ws.Outputs[l], ws.Dropped[l], steps);
                input = ws.Dropped[l];
            }
            else
            {
                input = ws.Outputs[l];
            }
        }

        if (_projection is null)
        {
            return input;
        }

        // The output dropout sits before the projection, as in EvNN (its decoder projects the dropped-out hiddens).
        _projection.Forward(
            input.AsSpan(0, n * _projection.InputSize), steps, batch, _execution, ws.ProjectionEvents!, ws.Projected!.AsSpan(0, n * e), refresh: true);
        return ws.Projected!;
    }

    private void DrawMasks(Random? random, LanguageModelWorkspace ws)
    {
        // Fixed draw order (embedding rows, input mask, layer masks bottom to top, then the layers' DropConnect) so a
        // seed reproduces a window.
        _embeddingDropout.Draw(random, _dropout.Embedding);
        ws.InputMask.Draw(random, _dropout.Input);
        for (int l = 0; l < _layers.Length; l++)
        {
            ws.HiddenMasks[l].Draw(random, l == _layers.Length - 1 ? _dropout.Output : _dropout.Hidden);
        }
    }

    /// <summary>
    /// Back-propagates <see cref="LanguageModelWorkspace.TopGradient"/> (written by the decoder) through the projection,
    /// the dropout masks and the layers, then scatter-adds the embedded input's gradient into the embedding rows of the
    /// tokens.
    /// </summary>
    private void BackwardLayers(ReadOnlySpan<int> tokens, int steps, int batch, LanguageModelWorkspace ws)
    {
        int n = steps * batch, e = EmbeddingSize;
        float[] dy = ws.TopGradient;
        if (_projection is not null)
        {
            int top = _layers.Length - 1, h = _projection.InputSize;
            float[] y = ws.HiddenMasks[top].IsActive ? ws.Dropped[top] : ws.Outputs[top];
            dy = ws.ProjectionInputGradient!;
            _projection.Backward(y.AsSpan(0, n * h), ws.TopGradient.AsSpan(0, n * e), n, _execution, dy.AsSpan(0, n * h));
        }

        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            IRecurrentLayer layer = _layers[l];
            Span<float> dOut = dy.AsSpan(0, n * layer.HiddenSize);
            ws.HiddenMasks[l].ApplyIfActive(dOut, steps);
            float[] dx = ws.InputGradients[l];
            layer.Backward(ws.Caches[l], dOut, dx.AsSpan(0, n * layer.InputSize));
            dy = dx;
        }

        Span<float> dEmbedded = dy.AsSpan(0, n * e);
        ws.InputMask.ApplyIfActive(dEmbedded, steps);
        float[] grad = _embedding.Gradient;
        for (int i = 0; i < n; i++)
        {
            int token = tokens[i];
            float scale = _embeddingDropout.Scale(token);
            if (scale != 0f)
            {
                Span<float> row = grad.AsSpan(token * e, e);
                TensorPrimitives.MultiplyAdd(dEmbedded.Slice(i * e, e), scale, row, row);
            }
        }
    }
}
