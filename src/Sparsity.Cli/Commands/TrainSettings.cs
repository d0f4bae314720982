using System.CommandLine;
using System.Globalization;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;
using Sparsity.Models.Pruning;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary>
/// The options of <c>train</c> (and of <c>prune</c>'s fine-tuning), with defaults from egru.md §4 scaled to a CPU:
/// the CPU-sized 256/256/128 model, E = 128, batch 64, AWD windows of 70, AdamW (0, 0.999), lr 1.2e-3, weight decay 0.1,
/// clipping 0.1, cosine decay over the last half.
/// </summary>
internal sealed class TrainSettings
{
    public Option<string> Model { get; } = new("--model") { Description = "Recurrent cell: egru or lstm", DefaultValueFactory = _ => "egru" };
    public Option<string?> Data { get; } = new("--data") { Description = "Directory with train.txt, valid.txt, test.txt (default: the embedded synthetic corpus)" };
    public Option<string> Hidden { get; } = new Option<string>("--hidden") { Description = "Layer widths, comma-separated; the last must equal --embedding unless --projection", DefaultValueFactory = _ => "256,256,128" }.WholeNumbers(1);
    public Option<int> Embedding { get; } = new Option<int>("--embedding") { Description = "Embedding width E (tied decoder)", DefaultValueFactory = _ => 128 }.AtLeast(1);
    public Option<bool> Projection { get; } = new("--projection") { Description = "A dense projection [E, last width] with bias before the tied decoder, so the last layer may differ from --embedding (EvNN's --projection)" };
    public Option<int> Epochs { get; } = new Option<int>("--epochs") { Description = "Passes over the training split", DefaultValueFactory = _ => 10 }.AtLeast(0);
    public Option<int> Batch { get; } = new Option<int>("--batch") { Description = "Parallel streams B", DefaultValueFactory = _ => 64 }.AtLeast(1);
    public Option<int> Bptt { get; } = new Option<int>("--bptt") { Description = "Base truncated-BPTT window", DefaultValueFactory = _ => 70 }.AtLeast(1);
    public Option<bool> FixedBptt { get; } = new("--fixed-bptt") { Description = "Fixed windows instead of AWD-style random lengths" };
    public Option<float> LearningRate { get; } = new Option<float>("--lr") { Description = "Peak learning rate", DefaultValueFactory = _ => 1.2e-3f }.FiniteAtLeast(0);
    public Option<float> WeightDecay { get; } = new Option<float>("--wd") { Description = "Decoupled weight decay (raises EGRU activity sparsity)", DefaultValueFactory = _ => 0.1f }.FiniteAtLeast(0);
    public Option<bool> NoBiasDecay { get; } = new("--no-bias-decay") { Description = "No weight decay on biases (layer, decoder and projection biases); thresholds are never decayed, the embedding always" };
    public Option<float> Beta1 { get; } = new("--beta1") { Description = "AdamW beta1", DefaultValueFactory = _ => 0f };
    public Option<float> Beta2 { get; } = new("--beta2") { Description = "AdamW beta2", DefaultValueFactory = _ => 0.999f };
    public Option<bool> Sgd { get; } = new("--sgd") { Description = "Plain SGD instead of AdamW" };
    public Option<float> Clip { get; } = new Option<float>("--clip") { Description = "Global gradient-norm clipping (0: off)", DefaultValueFactory = _ => 0.1f }.FiniteAtLeast(0);
    public Option<double> Cosine { get; } = new Option<double>("--cosine") { Description = "Fraction of the run, at its end, with cosine learning-rate decay", DefaultValueFactory = _ => 0.5 }.Within(0, 1);
    public Option<string> Dropout { get; } = new("--dropout") { Description = "Dropouts embedding,input,hidden,output,dropconnect (e.g. 0.1,0.4,0.25,0.4,0.5)", DefaultValueFactory = _ => "0,0.1,0.1,0.1,0" };
    public Option<float> ThresholdMean { get; } = new("--threshold-mean") { Description = "EGRU: mean of the Beta-initialised thresholds", DefaultValueFactory = _ => 0.01f };
    public Option<float> ThresholdLr { get; } = new("--threshold-lr") { Description = "EGRU: learning-rate multiplier of the thresholds (0 freezes them)", DefaultValueFactory = _ => 0f };
    public Option<string> ThresholdParam { get; } = new("--threshold-param") { Description = "EGRU: direct (theta ~ Beta(--threshold-mean), clamped to [0, 1]) or sigmoid (theta = sigmoid(theta_raw), theta_raw ~ N(-3.77, sqrt 2): the older variant)", DefaultValueFactory = _ => "direct" };
    public Option<string> DecoderBias { get; } = new("--decoder-bias") { Description = "Decoder bias at the start: unigram (the training split's log-unigram) or zero (as the reference code)", DefaultValueFactory = _ => "unigram" };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of everything random", DefaultValueFactory = _ => 1 };
    public Option<string?> Checkpoint { get; } = new("--checkpoint") { Description = "Checkpoint file (written atomically; the best-validation model goes to FILE.best)" };
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue from --checkpoint" };
    public Option<bool> Force { get; } = new("--force") { Description = "Start a new run even though --checkpoint (or its .best) exists: the old .best is deleted at the start, the checkpoint replaced by the first one written" };
    public Option<int> CheckpointEvery { get; } = new Option<int>("--checkpoint-every") { Description = "Checkpoint every N steps (and at each epoch end)", DefaultValueFactory = _ => 200 }.AtLeast(0);
    public Option<long?> MaxSteps { get; } = new Option<long?>("--max-steps") { Description = "Stop after this many optimiser steps" }.AtLeast(0);
    public Option<double?> Minutes { get; } = new Option<double?>("--minutes") { Description = "Stop after this many minutes of training (then validate and test)" }.Minutes();
    public Option<int?> EvalTokens { get; } = new Option<int?>("--eval-tokens") { Description = "Limit validation/test to this many positions per stream (quick runs)" }.AtLeast(2);
    public Option<int> TestBatch { get; } = new Option<int>("--test-batch") { Description = "Batch size of the final test evaluation", DefaultValueFactory = _ => 1 }.AtLeast(1);
    public Option<string?> PruneLevels { get; } = new Option<string?>("--prune-levels") { Description = "Iterative magnitude pruning of W and R, e.g. 0.5,0.7,0.8,0.9 (one level per --prune-interval steps)" }.Levels(allowEmpty: false);
    public Option<long> PruneInterval { get; } = new Option<long>("--prune-interval") { Description = "Steps of fine-tuning between pruning levels", DefaultValueFactory = _ => 500 }.AtLeast(1);
    public Option<long> PruneStart { get; } = new Option<long>("--prune-start") { Description = "Step of the first pruning", DefaultValueFactory = _ => 0 }.AtLeast(0);
    public Option<string> PruneStructure { get; } = new("--prune-structure") { Description = "unstructured, 8x1 or 16x1 (vertical blocks)", DefaultValueFactory = _ => "unstructured" };
    public Option<bool> PruneGlobal { get; } = new("--prune-global") { Description = "One magnitude threshold across all kernels instead of per matrix" };
    public Option<string?> Curve { get; } = new("--curve") { Description = "Write the learning curve as CSV to this file" };
    public Option<int> ProbeEvery { get; } = new Option<int>("--probe-every") { Description = "Every N steps, score the first --probe-tokens validation tokens and log each layer's silent units, surrogate-band share and mean |c| (0: only at epoch ends)", DefaultValueFactory = _ => 100 }.AtLeast(0);
    public Option<int> ProbeTokens { get; } = new Option<int>("--probe-tokens") { Description = "Validation tokens a health probe scores", DefaultValueFactory = _ => 2000 }.AtLeast(1);
    public Option<string?> Health { get; } = new("--health") { Description = "Write the health probes and per-epoch layer health as CSV to this file (plot with plot-health)" };

    public IEnumerable<Option> All => [Model, Data, Hidden, Embedding, Projection, Epochs, Batch, Bptt, FixedBptt, LearningRate, WeightDecay, NoBiasDecay, Beta1, Beta2, Sgd, Clip, Cosine,
        Dropout, ThresholdMean, ThresholdLr, ThresholdParam, DecoderBias, Seed, Checkpoint, Resume, Force, CheckpointEvery, MaxSteps, Minutes, EvalTokens, TestBatch,
        PruneLevels, PruneInterval, PruneStart, PruneStructure, PruneGlobal, Curve, ProbeEvery, ProbeTokens, Health];

    public LanguageModelConfig ModelConfig(ParseResult p, int vocabulary)
    {
        string cell = p.GetValue(Model)!.Trim().ToLowerInvariant();
        float[] d = ParseFloats(p.GetValue(Dropout)!, "--dropout");
        if (d.Length != 5)
        {
            throw new ArgumentException("--dropout takes five comma-separated rates: embedding,input,hidden,output,dropconnect.");
        }

        return new LanguageModelConfig
        {
            CellType = cell switch
            {
                "egru" => RecurrentCellType.Egru,
                "lstm" => RecurrentCellType.Lstm,
                _ => throw new ArgumentException($"--model must be egru or lstm, not '{cell}'."),
            },
            Vocabulary = vocabulary,
            EmbeddingSize = p.GetValue(Embedding),
            HiddenSizes = OptionRules.ParseWholeNumbers(p.GetValue(Hidden)!, "--hidden", 1),
            Projection = p.GetValue(Projection),
            Dropout = new DropoutRates { Embedding = d[0], Input = d[1], Hidden = d[2], Output = d[3], RecurrentDropConnect = d[4] },
            Egru = p.GetValue(ThresholdParam)!.Trim().ToLowerInvariant() switch
            {
                "direct" => new EgruOptions { ThresholdMean = p.GetValue(ThresholdMean), ThresholdLearningRateMultiplier = p.GetValue(ThresholdLr) },
                "sigmoid" => new EgruOptions
                {
                    ThresholdParameterization = EgruThresholdParameterization.Sigmoid,
                    ThresholdInitialization = EgruThresholdInitialization.SigmoidNormal,
                    ThresholdLearningRateMultiplier = p.GetValue(ThresholdLr),
                },
                string other => throw new ArgumentException($"--threshold-param must be direct or sigmoid, not '{other}'."),
            },
            Seed = p.GetValue(Seed),
            DecoderBiasInit = p.GetValue(DecoderBias)!.Trim().ToLowerInvariant() switch
            {
                "unigram" => DecoderBiasInitialization.LogUnigram,
                "zero" => DecoderBiasInitialization.Zero,
                string other => throw new ArgumentException($"--decoder-bias must be unigram or zero, not '{other}'."),
            },
        };
    }

    public TrainingOptions TrainingOptions(ParseResult p)
    {
        IPruningSchedule? pruning = p.GetValue(PruneLevels) is string levels
            ? new IterativeSchedule(OptionRules.ParseLevels(levels, "--prune-levels", allowEmpty: false), p.GetValue(PruneInterval), p.GetValue(PruneStart))
            : null;
        return new TrainingOptions
        {
            Epochs = p.GetValue(Epochs),
            BatchSize = p.GetValue(Batch),
            BpttLength = p.GetValue(Bptt),
            RandomBptt = !p.GetValue(FixedBptt),
            LearningRate = p.GetValue(LearningRate),
            WeightDecay = p.GetValue(WeightDecay),
            DecayBiases = !p.GetValue(NoBiasDecay),
            Beta1 = p.GetValue(Beta1),
            Beta2 = p.GetValue(Beta2),
            Sgd = p.GetValue(Sgd),
            ClipNorm = p.GetValue(Clip),
            CosineFraction = p.GetValue(Cosine),
            Seed = p.GetValue(Seed),
            CheckpointPath = p.GetValue(Checkpoint),
            CheckpointEverySteps = p.GetValue(CheckpointEvery),
            MaxSteps = p.GetValue(MaxSteps),
            TimeBudget = p.GetValue(Minutes) is double m ? TimeSpan.FromMinutes(m) : null,
            EvaluationTokenLimit = p.GetValue(EvalTokens),
            TestBatchSize = p.GetValue(TestBatch),
            ProbeEverySteps = p.GetValue(ProbeEvery),
            ProbeTokens = p.GetValue(ProbeTokens),
            Pruning = pruning,
            PruningStructure = PruningStructure.Parse(p.GetValue(PruneStructure)!),
            PruningScope = p.GetValue(PruneGlobal) ? PruningScope.Global : PruningScope.PerMatrix,
        };
    }

    public static float[] ParseFloats(string text, string option)
    {
        try
        {
            return [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture))];
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{option} expects comma-separated numbers, not '{text}'.");
        }
    }
}
