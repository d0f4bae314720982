using Sparsity.Core.Dense;
using Sparsity.Core.Validation;
using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// The recurrent language model of egru.md §4: embedding <c>[V, E]</c> → L recurrent layers (EGRU or LSTM, the last of
/// width E) → tied decoder (the embedding matrix) + bias <c>[V]</c> → log-softmax cross-entropy, mean over the T·B
/// tokens of a window. Optionally a <see cref="DecoderProjection"/> maps the last layer's output (then of any width
/// H_L) to E before the decoder. Token tensors are time-major <c>[T, B]</c> (token (t, b) at index <c>t·B + b</c>); activations
/// <c>[T, B, K]</c>.
/// </summary>
/// <remarks>
/// The model owns one <see cref="RecurrentState"/> per layer for a batch size and carries it from window to window
/// (truncated BPTT: no gradient crosses a window boundary); <see cref="ResetState()"/> zeroes it and
/// <see cref="ResetState(int)"/> changes the batch size. Buffers are allocated once per (longest window, batch) and
/// reused. Not thread-safe: one window at a time.
/// </remarks>
public sealed partial class LanguageModel
{
    private readonly IRecurrentLayer[] _layers;
    private readonly Parameter _embedding;
    private readonly Parameter _decoderBias;
    private readonly DecoderProjection? _projection;
    private readonly NamedParameter[] _parameters;
    private readonly Dictionary<string, Parameter> _byName;
    private readonly EmbeddingDropout _embeddingDropout;
    private readonly float[] _embeddingTransposed;
    private readonly DenseMatrix _embeddingTransposedMatrix;
    private DropoutRates _dropout = DropoutRates.None;
    private LayerExecution _execution;
    private RecurrentState[]? _states;
    private LanguageModelWorkspace? _workspace;

    /// <summary>Builds a model around existing layers, with a fresh embedding U(−0.1, 0.1) and a zero decoder bias.</summary>
    /// <param name="vocabulary">V (≥ 1).</param>
    /// <param name="embeddingSize">E (≥ 1): layer 0's input width and, without a projection, the last layer's width.</param>
    /// <param name="layers">The recurrent layers, bottom to top; layer l+1 reads layer l's width. The model uses (does not copy) them.</param>
    /// <param name="dropout">The regularisers applied by training windows; null for none.</param>
    /// <param name="seed">Seed of the embedding initialisation.</param>
    /// <param name="projection">
    /// A projection from the last layer's width to E before the decoder (the model uses, does not copy, it); null ties
    /// the last layer straight to the decoder.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="layers"/> or one of them is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">V or E is not positive.</exception>
    /// <exception cref="ArgumentException">
    /// There are no layers, their widths do not chain from E to E (or, with a projection, to its input width), or the
    /// projection does not write E.
    /// </exception>
    public LanguageModel(
        int vocabulary, int embeddingSize, IReadOnlyList<IRecurrentLayer> layers, DropoutRates? dropout = null, int seed = 0, DecoderProjection? projection = null)
    {
        ThrowHelper.Positive(vocabulary, nameof(vocabulary));
        ThrowHelper.Positive(embeddingSize, nameof(embeddingSize));
        ThrowHelper.NotNull(layers, nameof(layers));
        if (layers.Count == 0)
        {
            ThrowHelper.Argument(nameof(layers), "A language model needs at least one recurrent layer.");
        }

        int width = embeddingSize;
        for (int l = 0; l < layers.Count; l++)
        {
            ThrowHelper.NotNull(layers[l], $"{nameof(layers)}[{l}]");
            if (layers[l].InputSize != width)
            {
                ThrowHelper.Argument(nameof(layers), $"Layer {l} reads width {layers[l].InputSize}, but its input has width {width}.");
            }

            width = layers[l].HiddenSize;
        }

        if (projection is not null)
        {
            if (projection.InputSize != width || projection.OutputSize != embeddingSize)
            {
                ThrowHelper.Argument(
                    nameof(projection), $"The projection maps {projection.InputSize} to {projection.OutputSize}, but the last layer's width is {width} and E = {embeddingSize}.");
            }
        }
        else if (width != embeddingSize)
        {
            ThrowHelper.Argument(nameof(layers), $"The last layer's width ({width}) must equal E = {embeddingSize}: the decoder is tied to the embedding.");
        }

        Vocabulary = vocabulary;
        EmbeddingSize = embeddingSize;
        _layers = [.. layers];
        _embedding = new Parameter("embedding", ParameterKind.Embedding, vocabulary, embeddingSize);
        _decoderBias = new Parameter("decoder.bias", ParameterKind.Bias, vocabulary);
        var rng = new Random(seed);
        for (int i = 0; i < _embedding.Value.Length; i++)
        {
            _embedding.Value[i] = (float)((rng.NextDouble() * 0.2) - 0.1);
        }

        var all = new List<NamedParameter> { new("embedding", _embedding), new("decoder.bias", _decoderBias) };
        for (int l = 0; l < _layers.Length; l++)
        {
            foreach (Parameter p in _layers[l].Parameters)
            {
                all.Add(new NamedParameter($"layers.{l}.{p.Name}", p));
            }
        }

        if (projection is not null)
        {
            // Last, so a model without a projection lists exactly what it did before the option existed.
            _projection = projection;
            all.Add(new NamedParameter(DecoderProjection.WeightName, projection.Weight));
            all.Add(new NamedParameter(DecoderProjection.BiasName, projection.Bias));
        }

        _parameters = [.. all];
        _byName = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        foreach (NamedParameter p in _parameters)
        {
            if (!_byName.TryAdd(p.Name, p.Parameter))
            {
                ThrowHelper.Argument(nameof(layers), $"Two parameters are named '{p.Name}'.");
            }
        }

        _embeddingDropout = new EmbeddingDropout(vocabulary);
        _embeddingTransposed = new float[checked(vocabulary * embeddingSize)];
        _embeddingTransposedMatrix = new DenseMatrix(embeddingSize, vocabulary, _embeddingTransposed);
        _execution = _layers[0].Execution;
        Dropout = dropout ?? DropoutRates.None;
    }

    /// <summary>V: vocabulary size.</summary>
    public int Vocabulary { get; }

    /// <summary>E: embedding width.</summary>
    public int EmbeddingSize { get; }

    /// <summary>The recurrent layers, bottom to top.</summary>
    public IReadOnlyList<IRecurrentLayer> Layers => _layers;

    /// <summary>The configuration the model was built from by <see cref="LanguageModelFactory"/>; null for a model built from layers.</summary>
    public LanguageModelConfig? Config { get; init; }

    /// <summary>
    /// Every parameter under its global name, in a fixed order: <c>embedding</c>, <c>decoder.bias</c>, then
    /// <c>layers.{l}.{local}</c>, then (with a projection) <c>projection.weight</c> and <c>projection.bias</c>.
    /// </summary>
    public IReadOnlyList<NamedParameter> Parameters => _parameters;

    /// <summary>The embedding <c>[V, E]</c>, also the decoder weight.</summary>
    public Parameter Embedding => _embedding;

    /// <summary>The decoder bias <c>[V]</c>.</summary>
    public Parameter DecoderBias => _decoderBias;

    /// <summary>The projection from the last layer's output to E before the decoder, or null when the last layer feeds the decoder directly.</summary>
    public DecoderProjection? Projection => _projection;

    /// <summary>
    /// Sets the decoder bias to the centred, smoothed log-unigram of <paramref name="trainingTokens"/>
    /// (<see cref="UnigramPrior.LogUnigram"/>); the bias's optimiser moments are not touched, so call it before training.
    /// </summary>
    /// <param name="trainingTokens">Token ids of the training split, each in <c>[0, V)</c>.</param>
    /// <exception cref="ArgumentException">A token id is outside the vocabulary.</exception>
    public void InitializeDecoderBias(ReadOnlySpan<int> trainingTokens)
    {
        UnigramPrior.LogUnigram(trainingTokens, _decoderBias.Value);
        NotifyParametersChanged();
    }

    /// <summary>The regularisers training windows apply. Setting it also sets every layer's <see cref="IRecurrentLayer.RecurrentDropConnect"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rate is outside [0, 1).</exception>
    public DropoutRates Dropout
    {
        get => _dropout;
        set
        {
            ThrowHelper.NotNull(value, nameof(value));
            value.Validate();
            _dropout = value;
            foreach (IRecurrentLayer layer in _layers)
            {
                layer.RecurrentDropConnect = value.RecurrentDropConnect;
            }
        }
    }

    /// <summary>
    /// How the recurrent layers and the decoder compute their products (set on every layer; the decoder goes
    /// event-driven on sparse inputs only in Sparse). Results agree to float rounding.
    /// </summary>
    public LayerExecution Execution
    {
        get => _execution;
        set
        {
            _execution = value;
            foreach (IRecurrentLayer layer in _layers)
            {
                layer.Execution = value;
            }
        }
    }

    /// <summary>B of the states the model carries (0 before any window or <see cref="ResetState(int)"/>).</summary>
    public int StateBatch => _states?[0].Batch ?? 0;

    /// <summary>Bound on the decoder's logits chunk in floats (tests lower it to exercise chunking); applies to workspaces created after it is set.</summary>
    internal int DecoderChunkFloats { get; set; } = LanguageModelWorkspace.DefaultDecoderChunkFloats;

    /// <summary>The current workspace (tests read the masks and activations of the last window).</summary>
    internal LanguageModelWorkspace? Workspace => _workspace;

    /// <summary>The embedding-dropout rows of the last window (tests).</summary>
    internal EmbeddingDropout EmbeddingRowDropout => _embeddingDropout;

    /// <summary>The parameter with global name <paramref name="name"/>.</summary>
    /// <param name="name">E.g. <c>layers.0.W</c>.</param>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public Parameter GetParameter(string name) =>
        _byName.TryGetValue(name, out Parameter? p) ? p : throw new KeyNotFoundException($"The model has no parameter named '{name}'.");

    /// <summary>Sets every parameter's gradient to zero (gradients accumulate across <see cref="ForwardBackward"/> calls).</summary>
    public void ZeroGradients()
    {
        foreach (NamedParameter p in _parameters)
        {
            p.Parameter.ZeroGradient();
        }
    }

    /// <summary>
    /// Tells the layers their parameter values changed outside a training window (a checkpoint load, pruning, an
    /// optimiser step followed by <see cref="Step"/> rather than a window), so layers that keep working copies of their
    /// weights for the step API refresh them.
    /// </summary>
    public void NotifyParametersChanged()
    {
        _transposedFresh = false;
        _projection?.Invalidate();
        foreach (IRecurrentLayer layer in _layers)
        {
            if (layer is Egru egru)
            {
                egru.InvalidateWeightCopies();
            }
            else if (layer is Lstm lstm)
            {
                lstm.InvalidateWeightCopies();
            }
        }
    }

    /// <summary>Zeroes the carried state of every layer (start of a new stream or epoch).</summary>
    public void ResetState()
    {
        if (_states is null)
        {
            return;
        }

        foreach (RecurrentState state in _states)
        {
            state.Reset();
        }
    }

    /// <summary>Replaces the carried states by zero states of <paramref name="batch"/> rows (e.g. batch 1 for testing).</summary>
    /// <param name="batch">B (≥ 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is not positive.</exception>
    public void ResetState(int batch)
    {
        ThrowHelper.Positive(batch, nameof(batch));
        var states = new RecurrentState[_layers.Length];
        for (int l = 0; l < states.Length; l++)
        {
            states[l] = new RecurrentState(batch, _layers[l].HiddenSize);
        }

        _states = states;
    }

    /// <summary>A deep copy of the carried states (bottom to top), e.g. to resume a stream later; empty before any window.</summary>
    public IReadOnlyList<RecurrentState> CloneState() => _states is null ? [] : [.. _states.Select(s => s.Clone())];

    /// <summary>Restores states produced by <see cref="CloneState"/> (copied, not aliased).</summary>
    /// <param name="states">One state per layer, of a common batch size.</param>
    /// <exception cref="ArgumentException">The count or shapes do not match the layers.</exception>
    public void RestoreState(IReadOnlyList<RecurrentState> states)
    {
        ThrowHelper.NotNull(states, nameof(states));
        ThrowHelper.Length(states.Count, _layers.Length, nameof(states), "one state per layer");
        ResetState(states[0].Batch);
        for (int l = 0; l < _layers.Length; l++)
        {
            _states![l].CopyFrom(states[l]);
        }
    }

    /// <summary>The states for <paramref name="batch"/> rows: created on first use, an error if the batch changed silently.</summary>
    private RecurrentState[] StatesFor(int batch)
    {
        if (_states is null)
        {
            ResetState(batch);
        }
        else if (_states[0].Batch != batch)
        {
            throw new InvalidOperationException(
                $"The model carries states for batch {_states[0].Batch}, but {batch} rows were given; call ResetState({batch}) to start a stream of that batch size.");
        }

        return _states!;
    }

    /// <summary>The workspace for windows of <paramref name="steps"/> steps of <paramref name="batch"/> rows (reused while it fits).</summary>
    private LanguageModelWorkspace WorkspaceFor(int steps, int batch)
    {
        LanguageModelWorkspace? ws = _workspace;
        if (ws is null || ws.Batch != batch || ws.MaxSteps < steps)
        {
            int maxSteps = ws is not null && ws.Batch == batch ? Math.Max(steps, ws.MaxSteps) : steps;
            ws = _workspace = new LanguageModelWorkspace(_layers, Vocabulary, EmbeddingSize, maxSteps, batch, DecoderChunkFloats, _projection);
        }

        return ws;
    }

    /// <summary>Allocates the buffers for windows of up to <paramref name="maxSteps"/> steps of <paramref name="batch"/> rows now, rather than at the first window.</summary>
    /// <param name="maxSteps">The longest window (≥ 1).</param>
    /// <param name="batch">B (≥ 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public void Reserve(int maxSteps, int batch)
    {
        ThrowHelper.Positive(maxSteps, nameof(maxSteps));
        ThrowHelper.Positive(batch, nameof(batch));
        WorkspaceFor(maxSteps, batch);
    }

    /// <summary>Throws unless every id is in <c>[0, V)</c>.</summary>
    private void ValidateIds(ReadOnlySpan<int> ids, int batch, string paramName)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)Vocabulary)
            {
                throw new ArgumentOutOfRangeException(
                    paramName, ids[i], $"{paramName}[{i}] (t = {i / batch}, b = {i % batch}) = {ids[i]} is outside the vocabulary [0, {Vocabulary}).");
            }
        }
    }

    private void ValidateWindow(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, int steps, int batch)
    {
        ThrowHelper.Positive(steps, nameof(steps));
        ThrowHelper.Positive(batch, nameof(batch));
        ThrowHelper.Length(tokens.Length, (long)steps * batch, nameof(tokens), "[T, B]");
        ThrowHelper.Length(targets.Length, (long)steps * batch, nameof(targets), "[T, B]");
        ValidateIds(tokens, batch, nameof(tokens));
        ValidateIds(targets, batch, nameof(targets));
    }
}
