using Sparsity.Models.Parameters;
using Sparsity.Models.Checkpoints;

namespace Sparsity.Models.Optimization;

/// <summary>The bookkeeping AdamW and SGD share: slots, step count, argument checks and state export/import.</summary>
internal sealed class OptimizerSlots
{
    /// <summary>
    /// Elements per tile of a multi-pass update: 4096 floats = 16 KiB per stream, so value, gradient, two moments and
    /// the scratch tile (80 KiB) stay in L2 across the passes. Any length works (tested with tensors longer than a tile).
    /// </summary>
    public const int TileLength = 4096;

    private readonly string _algorithm;
    private readonly string[] _stateNames;

    /// <param name="parameters">The parameters (validated here).</param>
    /// <param name="algorithm">Algorithm name stored with the state.</param>
    /// <param name="stateNames">Prefix of each state buffer's tensor name (<c>m</c> gives <c>m.layers.0.W</c>).</param>
    public OptimizerSlots(IReadOnlyList<NamedParameter> parameters, string algorithm, params string[] stateNames)
    {
        NamedParameter.Validate(parameters, nameof(parameters));
        Parameters = [.. parameters];
        _algorithm = algorithm;
        _stateNames = stateNames;
        Slots = new ParameterSlot[parameters.Count];
        int longest = 0;
        for (int i = 0; i < Slots.Length; i++)
        {
            Slots[i] = new ParameterSlot(parameters[i], stateNames.Length);
            longest = Math.Max(longest, parameters[i].Parameter.Length);
        }

        Scratch = new float[Math.Min(longest, TileLength)];
    }

    public IReadOnlyList<NamedParameter> Parameters { get; }

    public ParameterSlot[] Slots { get; }

    /// <summary>Workspace of one tile (or the largest parameter, if shorter), allocated once.</summary>
    public float[] Scratch { get; }

    public long StepCount { get; set; }

    /// <summary>
    /// Checks the learning rate and every multiplier before anything changes (so a bad multiplier cannot leave a
    /// half-applied step), then counts the step.
    /// </summary>
    /// <returns>The new step count t (1 for the first step).</returns>
    public long BeginStep(float learningRate)
    {
        if (!(learningRate >= 0f) || !float.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and non-negative.");
        }

        foreach (ParameterSlot slot in Slots)
        {
            slot.LearningRate(learningRate);
        }

        return ++StepCount;
    }

    public OptimizerState Export()
    {
        var tensors = new List<NamedTensor>(Slots.Length * _stateNames.Length);
        for (int s = 0; s < _stateNames.Length; s++)
        {
            foreach (ParameterSlot slot in Slots)
            {
                tensors.Add(new NamedTensor(
                    $"{_stateNames[s]}.{slot.Name}", [slot.Parameter.Rows, slot.Parameter.Columns], (float[])slot.State[s].Clone()));
            }
        }

        var scalars = new ScalarRecord();
        scalars.Set(OptimizerState.AlgorithmKey, _algorithm);
        scalars.Set(OptimizerState.StepKey, StepCount);
        return new OptimizerState(tensors, scalars);
    }

    public void Import(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Scalars.TryGetString(OptimizerState.AlgorithmKey, out string? algorithm) || algorithm != _algorithm)
        {
            throw new ArgumentException($"The state belongs to optimiser '{algorithm ?? "(none)"}', not '{_algorithm}'.", nameof(state));
        }

        if (!state.Scalars.TryGetInt64(OptimizerState.StepKey, out long step) || step < 0)
        {
            throw new ArgumentException($"The state has no valid '{OptimizerState.StepKey}' count.", nameof(state));
        }

        if (state.Tensors.Count != Slots.Length * _stateNames.Length)
        {
            throw new ArgumentException(
                $"The state holds {state.Tensors.Count} tensors, but this optimiser needs {Slots.Length * _stateNames.Length}.", nameof(state));
        }

        // Check everything before copying anything, so a bad state leaves the optimiser as it was.
        var sources = new NamedTensor[Slots.Length, _stateNames.Length];
        for (int s = 0; s < _stateNames.Length; s++)
        {
            for (int i = 0; i < Slots.Length; i++)
            {
                string name = $"{_stateNames[s]}.{Slots[i].Name}";
                NamedTensor tensor = state.Find(name)
                    ?? throw new ArgumentException($"The state has no tensor '{name}'.", nameof(state));
                if (tensor.Values.Length != Slots[i].Parameter.Length)
                {
                    throw new ArgumentException(
                        $"State tensor '{name}' has {tensor.Values.Length} elements, but parameter '{Slots[i].Name}' has {Slots[i].Parameter.Length}.",
                        nameof(state));
                }

                sources[i, s] = tensor;
            }
        }

        for (int i = 0; i < Slots.Length; i++)
        {
            for (int s = 0; s < _stateNames.Length; s++)
            {
                sources[i, s].Values.CopyTo(Slots[i].State[s], 0);
            }

            Slots[i].InvalidateMask();
        }

        StepCount = step;
    }
}
