using Sparsity.Models.Pruning;

namespace Sparsity.Models.Training;

/// <summary>
/// Hyper-parameters of a training run. Defaults follow the published recipe (egru.md §4) where it transfers to a CPU:
/// AdamW with betas (0, 0.999), decoupled weight decay 0.1, global-norm clipping 0.1, AWD-style random windows of base
/// 70 with the learning rate scaled by length/base, constant learning rate then cosine decay over the last part.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training tokens.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>B: parallel streams during training.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Base truncated-BPTT window length.</summary>
    public int BpttLength { get; init; } = 70;

    /// <summary>AWD-style random window lengths (egru.md §4); false uses fixed windows.</summary>
    public bool RandomBptt { get; init; } = true;

    /// <summary>Peak learning rate (PTB recipe 1.2e-3).</summary>
    public float LearningRate { get; init; } = 1.2e-3f;

    /// <summary>Decoupled weight decay (PTB recipe 0.1); the knob that raises EGRU activity sparsity.</summary>
    public float WeightDecay { get; init; } = 0.1f;

    /// <summary>Apply the weight decay to biases too (the recipe's single group; default). False exempts them (see <see cref="Optimization.AdamWOptions.DecayBiases"/>).</summary>
    public bool DecayBiases { get; init; } = true;

    /// <summary>AdamW β₁ (recipe 0).</summary>
    public float Beta1 { get; init; }

    /// <summary>AdamW β₂ (recipe 0.999).</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Use plain SGD instead of AdamW.</summary>
    public bool Sgd { get; init; }

    /// <summary>Global-norm gradient clipping threshold; 0 disables.</summary>
    public float ClipNorm { get; init; } = 0.1f;

    /// <summary>Fraction of the total steps, at the end, over which the learning rate decays along a cosine to zero.</summary>
    public double CosineFraction { get; init; } = 0.5;

    /// <summary>Batch size for validation.</summary>
    public int EvaluationBatchSize { get; init; } = 10;

    /// <summary>Batch size for the final test evaluation (1 in the recipe).</summary>
    public int TestBatchSize { get; init; } = 1;

    /// <summary>Window length for evaluation.</summary>
    public int EvaluationBpttLength { get; init; } = 70;

    /// <summary>Seed of every random draw (windows, dropout); the same seed gives the same numbers.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Checkpoint file (written atomically); null keeps no checkpoint.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Write the checkpoint every this many optimiser steps (and at each epoch end); 0 only at epoch ends. A step's
    /// checkpoint is written once the next step's loss and gradient have proven finite, so that it never holds weights
    /// that only the next step finds diverged.
    /// </summary>
    public int CheckpointEverySteps { get; init; } = 200;

    /// <summary>Stop after this many optimiser steps in total (null: run all epochs).</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Stop (after finishing the current step, with a checkpoint) once this much wall time has passed.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Limit each validation pass to this many tokens per stream (null: the whole split); for quick runs.</summary>
    public int? EvaluationTokenLimit { get; init; }

    /// <summary>Every this many optimiser steps, score the first <see cref="ProbeTokens"/> validation tokens and log per-layer
    /// health (<see cref="LayerHealth"/>); 0: only at the epoch ends. Costs about one forward pass over those tokens.</summary>
    public int ProbeEverySteps { get; init; }

    /// <summary>Validation tokens a health probe scores, from the start of the split, as one stream.</summary>
    public int ProbeTokens { get; init; } = 2000;

    /// <summary>Weight pruning schedule for the recurrent kernels; null trains dense.</summary>
    public IPruningSchedule? Pruning { get; init; }

    /// <summary>Pruning scope.</summary>
    public PruningScope PruningScope { get; init; } = PruningScope.PerMatrix;

    /// <summary>Pruning unit.</summary>
    public PruningStructure PruningStructure { get; init; } = PruningStructure.Unstructured;

    /// <summary>Checks every value, naming the first bad one.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Require(Epochs >= 0, $"Epochs must be ≥ 0 (got {Epochs}).");
        Require(BatchSize >= 1, $"Batch size must be ≥ 1 (got {BatchSize}).");
        Require(BpttLength >= 1, $"BPTT length must be ≥ 1 (got {BpttLength}).");
        Require(float.IsFinite(LearningRate) && LearningRate >= 0, $"Learning rate must be finite and ≥ 0 (got {LearningRate}).");
        Require(float.IsFinite(WeightDecay) && WeightDecay >= 0, $"Weight decay must be finite and ≥ 0 (got {WeightDecay}).");
        Require(Beta1 >= 0 && Beta1 < 1 && Beta2 >= 0 && Beta2 < 1, $"Betas must be in [0, 1) (got {Beta1}, {Beta2}).");
        Require(float.IsFinite(ClipNorm) && ClipNorm >= 0, $"Clip norm must be finite and ≥ 0 (got {ClipNorm}).");
        Require(CosineFraction >= 0 && CosineFraction <= 1, $"Cosine fraction must be in [0, 1] (got {CosineFraction}).");
        Require(EvaluationBatchSize >= 1 && TestBatchSize >= 1, "Evaluation batch sizes must be ≥ 1.");
        Require(EvaluationBpttLength >= 1, "Evaluation window length must be ≥ 1.");
        Require(CheckpointEverySteps >= 0, "Checkpoint interval must be ≥ 0.");
        Require(MaxSteps is null or >= 0, "Max steps must be ≥ 0.");
        Require(EvaluationTokenLimit is null or >= 2, "Evaluation token limit must be ≥ 2.");
        Require(ProbeEverySteps >= 0, $"Probe interval must be ≥ 0 (got {ProbeEverySteps}).");
        Require(ProbeTokens >= 1, $"A probe needs at least one token to predict (got {ProbeTokens}).");
    }
}
