using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sparsity.Core.Validation;
using Sparsity.Models.Checkpoints;
using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;
using Sparsity.Models.Pruning;
using Sparsity.Models.Randomness;

namespace Sparsity.Models.Training;

/// <summary>
/// Trains a language model with truncated BPTT (egru.md §4): B parallel streams, AWD-style windows with the learning rate
/// scaled by length, AdamW (or SGD), global-norm clipping, constant-then-cosine learning rate, optional pruning, validation
/// after every epoch keeping the best model, and a final test evaluation of the best model.
/// </summary>
/// <remarks>
/// Every random draw is a pure function of the seed and the position (window lengths of epoch e, dropout masks of step s),
/// so a run interrupted and resumed from its checkpoint ends with bit-identical parameters to an uninterrupted one.
/// </remarks>
public sealed class Trainer
{
    private const ulong WindowStream = 1, DropoutStream = 2;
    private const string HistoryKey = "history", ProbesKey = "probes";

    private readonly LanguageModel _model;
    private readonly WordCorpus _corpus;
    private readonly TrainingOptions _options;
    private readonly IOptimizer _optimizer;
    private readonly TokenStreams _train;
    private readonly List<BpttWindow>[] _windows;
    private readonly LearningRateSchedule? _schedule;
    private readonly List<LearningCurvePoint> _curve = [];
    private readonly List<HealthProbe> _probes = [];
    private int _epoch;
    private int _window;
    private long _step;
    private double _bestValidLoss = double.PositiveInfinity;
    private double _secondsBefore;

    // The current epoch's (or curve interval's) train-loss sum and window count: kept in the checkpoint position, so that
    // a resumed run's curve point averages the windows before the interruption too, bit-identically.
    private double _curveLoss;
    private long _curveWindows;
    private float[][]? _best;
    private bool _decoderBiasInitialized;
    private Checkpoint? _pending;

    /// <summary>Prepares a run: batches the training split and creates the optimiser.</summary>
    /// <param name="model">The model to train (its configuration is stored in checkpoints).</param>
    /// <param name="corpus">Train/valid/test token ids and their vocabulary.</param>
    /// <param name="options">Hyper-parameters.</param>
    /// <exception cref="ArgumentException">
    /// An option is out of range; the corpus is too small for the batch size, or its validation or test split too small
    /// for its evaluation batch; or the checkpoint cannot be written (see <see cref="CheckpointTarget.EnsureWritable"/>).
    /// All of these are found here, before any training.
    /// </exception>
    public Trainer(LanguageModel model, WordCorpus corpus, TrainingOptions options)
    {
        ThrowHelper.NotNull(model, nameof(model));
        ThrowHelper.NotNull(corpus, nameof(corpus));
        ThrowHelper.NotNull(options, nameof(options));
        options.Validate();
        if (corpus.Vocabulary.Count != model.Vocabulary)
        {
            throw new ArgumentException($"The corpus has {corpus.Vocabulary.Count} words but the model's vocabulary is {model.Vocabulary}.", nameof(corpus));
        }

        _model = model;
        _corpus = corpus;
        _options = options;
        _train = TokenStreams.Batchify(corpus.Train, options.BatchSize, BatchLayout.TimeMajor);
        if (_train.Length < 2)
        {
            throw new ArgumentException($"{corpus.Train.Length} training tokens are too few for {options.BatchSize} streams.", nameof(corpus));
        }

        // Validation and the final test run after training: a split too short for its batch must not be found only then.
        RequireTwoPerStream(corpus.Valid.Length, options.EvaluationBatchSize, "validation", nameof(TrainingOptions.EvaluationBatchSize));
        RequireTwoPerStream(corpus.Test.Length, options.TestBatchSize, "test", nameof(TrainingOptions.TestBatchSize));
        if (options.CheckpointPath is string checkpointPath)
        {
            CheckpointTarget.EnsureWritable(checkpointPath);
        }

        _windows = new List<BpttWindow>[options.Epochs];
        long total = 0;
        for (int e = 0; e < options.Epochs; e++)
        {
            WindowSampler sampler = options.RandomBptt
                ? WindowSampler.RandomLength(RandomStreams.DeriveInt32Seed((ulong)options.Seed, WindowStream, (ulong)e), options.BpttLength)
                : WindowSampler.Fixed(options.BpttLength);
            _windows[e] = [.. sampler.Windows(_train.Length)];
            total += _windows[e].Count;
        }

        TotalSteps = options.MaxSteps is long max ? Math.Min(max, total) : total;
        if (TotalSteps > 0 && options.LearningRate > 0)
        {
            _schedule = new LearningRateSchedule(options.LearningRate, TotalSteps, options.CosineFraction);
        }

        // A fresh model (all-zero bias) whose configuration asks for the unigram prior gets it here, so every way of
        // starting a run applies it; a trained or loaded bias is never all zero and is left alone.
        if (model.Config?.DecoderBiasInit == DecoderBiasInitialization.LogUnigram && !model.DecoderBias.Value.AsSpan().ContainsAnyExcept(0f))
        {
            model.InitializeDecoderBias(corpus.Train);
            _decoderBiasInitialized = true;
        }

        _optimizer = options.Sgd
            ? new Sgd(model.Parameters, new SgdOptions { WeightDecay = options.WeightDecay, DecayBiases = options.DecayBiases })
            : new AdamW(model.Parameters, new AdamWOptions { Beta1 = options.Beta1, Beta2 = options.Beta2, WeightDecay = options.WeightDecay, DecayBiases = options.DecayBiases });
    }

    /// <summary>Optimiser steps the whole run takes (all epochs, or <see cref="TrainingOptions.MaxSteps"/>).</summary>
    public long TotalSteps { get; }

    /// <summary>Optimiser steps done so far.</summary>
    public long Step => _step;

    /// <summary>Receives one-line messages (validation results, checkpoints, pruning).</summary>
    public Action<string>? Log { get; set; }

    /// <summary>
    /// Continues from <paramref name="checkpoint"/> (written by this trainer with the same options): optimiser state,
    /// position, recurrent states, learning curve and best-validation bookkeeping. The model must already hold the
    /// checkpoint's parameters (see <see cref="ModelCheckpoint.Load"/>).
    /// </summary>
    /// <exception cref="CheckpointException">
    /// The checkpoint has no optimiser state or position, or was trained with another seed or other settings (batch, window
    /// length and sampling, learning rate, weight decay, optimiser, betas, clipping: whichever the checkpoint records;
    /// the message names each that differs). Nothing is changed then.
    /// </exception>
    public void Resume(Checkpoint checkpoint)
    {
        ThrowHelper.NotNull(checkpoint, nameof(checkpoint));
        OptimizerState state = checkpoint.Optimizer ?? throw new CheckpointException("The checkpoint holds no optimiser state: it cannot resume training.");
        ScalarRecord p = checkpoint.Position;
        if (!p.TryGetInt64(PositionKeys.Step, out long step) || !p.TryGetInt64(PositionKeys.Epoch, out long epoch) || !p.TryGetInt64(PositionKeys.Window, out long window))
        {
            throw new CheckpointException("The checkpoint holds no training position (epoch, window, step).");
        }

        if (p.TryGetInt64(PositionKeys.Seed, out long seed) && seed != _options.Seed)
        {
            throw new CheckpointException($"The checkpoint was trained with seed {seed}, not {_options.Seed}: resuming would not continue the same run.");
        }

        IReadOnlyList<string> differences = RunSettings.Differences(p, _options);
        if (differences.Count > 0)
        {
            throw new CheckpointException(
                $"The checkpoint was trained with other settings: {string.Join(", ", differences)}. Resuming would not continue the same run; resume with the run's settings (only the epoch count may grow).");
        }

        _optimizer.ImportState(state);
        _step = step;
        _epoch = (int)epoch;
        _window = (int)window;
        _bestValidLoss = p.TryGetDouble(PositionKeys.BestValidationLoss, out double best) ? best : double.PositiveInfinity;
        _secondsBefore = p.TryGetDouble("seconds", out double s) ? s : 0;
        _curveLoss = p.TryGetDouble(PositionKeys.CurveTrainLossSum, out double curveLoss) ? curveLoss : 0;
        _curveWindows = p.TryGetInt64(PositionKeys.CurveTrainWindows, out long curveWindows) ? curveWindows : 0;
        _curve.Clear();
        if (p.TryGetString(HistoryKey, out string? history))
        {
            _curve.AddRange(ParseHistory(history));
        }

        _probes.Clear();
        if (p.TryGetString(ProbesKey, out string? probes))
        {
            _probes.AddRange(ParseProbes(probes));
        }

        _model.ResetState(_options.BatchSize);
        ModelCheckpoint.RestoreStates(_model, checkpoint);
        _best = null;
        if (_options.CheckpointPath is string path && File.Exists(BestPath(path)))
        {
            Checkpoint stored = CheckpointReader.Read(BestPath(path));
            CheckpointCompatibility.EnsureCompatible(stored, _model.Parameters);
            _best = [.. _model.Parameters.Select(q => (float[])stored.FindParameter(q.Name)!.Values.Clone())];
        }
    }

    /// <summary>Test hook: behave as if cancelled right after this step.</summary>
    internal long? InterruptAfterStep { get; set; }

    /// <summary>Runs (or continues) training to the end, or until cancelled.</summary>
    /// <param name="progress">Receives a snapshot after every step.</param>
    /// <param name="cancellation">Cancelling finishes the current step, writes the checkpoint and returns with <see cref="TrainingResult.Completed"/> false.</param>
    /// <returns>The learning curve and the final evaluations.</returns>
    /// <exception cref="TrainingDivergedException">
    /// A loss, gradient or parameter (after the update) was not finite. A checkpoint due every N steps is written only
    /// after the next step's loss and gradient proved finite, so the last checkpoint holds the last good state.
    /// </exception>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var interval = Stopwatch.StartNew();
        long sessionTokens = 0, intervalTokens = 0;
        double intervalLoss = 0;
        int intervalWindows = 0;
        int batch = _options.BatchSize;
        long sessionStartStep = _step;
        ReadOnlySpan<int> data = _train.Data;
        if (_model.StateBatch != batch)
        {
            _model.ResetState(batch);
        }

        _model.Reserve(MaxWindow(), batch);
        _model.ResetStatistics();
        if (_decoderBiasInitialized)
        {
            Log?.Invoke("Decoder bias initialised to the training split's log-unigram (DecoderBiasInit = LogUnigram).");
            _decoderBiasInitialized = false;
        }

        while (_epoch < _options.Epochs && _step < TotalSteps)
        {
            List<BpttWindow> windows = _windows[_epoch];
            if (_window == 0)
            {
                _model.ResetState(batch);
            }

            while (_window < windows.Count && _step < TotalSteps)
            {
                BpttWindow w = windows[_window];
                float loss = TrainStep(data.Slice(w.Start * batch, w.Length * batch), data.Slice((w.Start + 1) * batch, w.Length * batch), w);
                _window++;
                _step++;
                sessionTokens += (long)w.Length * batch;
                intervalTokens += (long)w.Length * batch;
                intervalLoss += loss;
                _curveLoss += loss;
                intervalWindows++;
                _curveWindows++;

                if (progress is not null && (interval.Elapsed.TotalSeconds >= 0.5 || _window == windows.Count))
                {
                    ModelStatistics stats = _model.GetStatistics();
                    double rate = intervalTokens / Math.Max(1e-9, interval.Elapsed.TotalSeconds);
                    // Steps of this session so far predict the rest (validation time is not counted).
                    var remaining = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds * (TotalSteps - _step) / Math.Max(1, _step - sessionStartStep));
                    progress.Report(new TrainingProgress(
                        _epoch, _options.Epochs, _step, _window / (double)windows.Count, rate, intervalLoss / intervalWindows,
                        LearningRate(_step - 1, w), 1 - stats.MeanActivitySparsity, clock.Elapsed, remaining));
                    _model.ResetStatistics();
                    interval.Restart();
                    intervalTokens = 0;
                    intervalLoss = 0;
                    intervalWindows = 0;
                }

                if (_options.ProbeEverySteps > 0 && _step % _options.ProbeEverySteps == 0)
                {
                    Probe();
                }

                bool due = _options.CheckpointEverySteps > 0 && _step % _options.CheckpointEverySteps == 0;
                if (cancellation.IsCancellationRequested || _step == InterruptAfterStep)
                {
                    SaveCheckpoint(clock);
                    Log?.Invoke($"Interrupted at step {_step}; checkpoint written to {_options.CheckpointPath ?? "(none: no checkpoint path)"}.");
                    return Result(false, clock, sessionTokens, null);
                }

                if (due && _options.CheckpointPath is not null)
                {
                    // Written once the next step's loss and gradient prove this state sound (see WritePending): a
                    // checkpoint taken here and written at once could hold weights that only the next step finds diverged.
                    _pending = CaptureCheckpoint(clock);
                }

                if (_options.TimeBudget is TimeSpan budget && clock.Elapsed >= budget)
                {
                    Log?.Invoke($"Time budget {budget} reached at step {_step}.");
                    break;
                }
            }

            bool epochDone = _window >= windows.Count;
            double trainLoss = _curveWindows == 0 ? double.NaN : _curveLoss / _curveWindows;
            _curveLoss = 0;
            _curveWindows = 0;
            double validLoss = Validate(epochDone ? _epoch + 1 : _epoch + (_window / (double)windows.Count), trainLoss, clock);
            if (!double.IsFinite(validLoss))
            {
                // Finite weights that score the validation split as NaN or ∞ are no state to checkpoint either.
                throw new TrainingDivergedException(_step, $"the validation loss is {validLoss}", stepApplied: true);
            }

            if (epochDone)
            {
                _epoch++;
                _window = 0;
            }

            SaveCheckpoint(clock);
            if (_options.TimeBudget is TimeSpan b && clock.Elapsed >= b)
            {
                break;
            }
        }

        return Result(true, clock, sessionTokens, FinalTest(cancellation));
    }

    private float TrainStep(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, BpttWindow w)
    {
        _model.ZeroGradients();
        Random random = RandomStreams.Create((ulong)_options.Seed, DropoutStream, (ulong)_step);
        float loss = _model.ForwardBackward(tokens, targets, w.Length, _options.BatchSize, random);
        if (!float.IsFinite(loss))
        {
            throw new TrainingDivergedException(_step, $"the loss is {loss}");
        }

        if (GradientClipping.FindNonFinite(_model.Parameters) is (string name, int index))
        {
            throw new TrainingDivergedException(_step, $"the gradient of '{name}' at index {index} is not finite");
        }

        WritePending();

        if (_options.ClipNorm > 0)
        {
            GradientClipping.ClipGlobalNorm(_model.Parameters, _options.ClipNorm);
        }

        _optimizer.Update(LearningRate(_step, w));
        if (FindNonFiniteValue() is (string parameter, int at))
        {
            throw new TrainingDivergedException(_step, $"the update made parameter '{parameter}' non-finite at index {at}", stepApplied: true);
        }

        if (_options.Pruning?.TargetAt(_step) is double target)
        {
            Parameter[] kernels = MagnitudePruner.Kernels(_model.Parameters);
            IReadOnlyList<double> achieved = MagnitudePruner.Prune(kernels, target, _options.PruningScope, _options.PruningStructure);
            _model.NotifyParametersChanged();
            Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"Step {_step}: pruned recurrent kernels to {target:P1} ({_options.PruningStructure}, {_options.PruningScope}); achieved {achieved.Average():P1} on average."));
        }

        return loss;
    }

    private float LearningRate(long step, BpttWindow w) =>
        _schedule is null ? 0f : (float)(_schedule.RateAt(Math.Max(0, step)) * w.LearningRateScale);

    private int MaxWindow() => _windows.Length == 0 ? 1 : Math.Max(1, _windows.Max(ws => ws.Count == 0 ? 1 : ws.Max(w => w.Length)));

    private double Validate(double epoch, double trainLoss, Stopwatch clock)
    {
        EvaluationSummary valid = Evaluator.Evaluate(_model, _corpus.Valid, _options.EvaluationBatchSize, _options.EvaluationBpttLength, _options.EvaluationTokenLimit);
        double seconds = _secondsBefore + clock.Elapsed.TotalSeconds;
        IReadOnlyList<LayerHealth> health = LayerHealth.Of(valid.Statistics);
        _curve.Add(new LearningCurvePoint(epoch, _step, trainLoss, valid.Loss, 1 - valid.Statistics.MeanActivitySparsity, seconds) { Health = health });
        bool better = valid.Loss < _bestValidLoss;
        string healthText = LayerHealth.Format(health);
        Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch:F2} step {_step}: train ppl {Math.Exp(trainLoss):F2}, valid ppl {valid.Perplexity:F2}, activity {1 - valid.Statistics.MeanActivitySparsity:P1}{(healthText.Length == 0 ? string.Empty : ", " + healthText)}{(better ? " (best)" : string.Empty)}"));
        if (LayerHealth.Warning(health) is string warning)
        {
            Log?.Invoke(warning);
        }
        if (better)
        {
            _bestValidLoss = valid.Loss;
            _best = [.. _model.Parameters.Select(p => (float[])p.Parameter.Value.Clone())];
            if (_options.CheckpointPath is string path)
            {
                ModelCheckpoint.Save(BestPath(path), _model, _corpus.Vocabulary, position: Position(clock));
            }
        }

        return valid.Loss;
    }

    /// <summary>Scores the first <see cref="TrainingOptions.ProbeTokens"/> validation tokens and logs the layers' health.</summary>
    private void Probe()
    {
        // One stream: split into B streams of a few hundred tokens, each starting from a zero state, the probe would
        // weigh cold starts (every stream begins from a zero state) more than the whole-split validation does.
        ReadOnlySpan<int> valid = _corpus.Valid;
        EvaluationSummary probe = Evaluator.Evaluate(_model, valid[..Math.Min(valid.Length, _options.ProbeTokens + 1)], 1, _options.EvaluationBpttLength);
        _model.ResetStatistics(); // the evaluation's counters must not leak into the progress line's training activity
        double epoch = _epoch + (_window / (double)Math.Max(1, _windows[_epoch].Count));
        var point = new HealthProbe(epoch, _step, probe.Loss, probe.Tokens, LayerHealth.Of(probe.Statistics));
        _probes.Add(point);
        string health = LayerHealth.Format(point.Layers);
        Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"probe step {_step}: valid ppl {probe.Perplexity:F1} ({probe.Tokens:N0} tokens), activity {1 - probe.Statistics.MeanActivitySparsity:P1}{(health.Length == 0 ? string.Empty : ", " + health)}"));
        if (LayerHealth.Warning(point.Layers) is string warning)
        {
            Log?.Invoke(warning);
        }
    }

    /// <summary>
    /// The most recent layer health a checkpoint's history holds (the later of the last probe and the last epoch
    /// validation), with a phrase saying where it was measured; null when the history has none.
    /// </summary>
    /// <param name="checkpoint">A checkpoint written by a trainer.</param>
    /// <exception cref="CheckpointException">The history is malformed.</exception>
    public static (string Where, IReadOnlyList<LayerHealth> Layers)? LastHealth(Checkpoint checkpoint)
    {
        ThrowHelper.NotNull(checkpoint, nameof(checkpoint));
        ScalarRecord p = checkpoint.Position;
        LearningCurvePoint? epoch = p.TryGetString(HistoryKey, out string? h) ? ParseHistory(h).LastOrDefault(c => c.Health.Count > 0) : null;
        HealthProbe? probe = p.TryGetString(ProbesKey, out string? q) ? ParseProbes(q).LastOrDefault() : null;
        if (probe is not null && (epoch is null || probe.Step > epoch.Step))
        {
            return (string.Create(CultureInfo.InvariantCulture, $"probe at step {probe.Step}, {probe.Tokens:N0} validation tokens"), probe.Layers);
        }

        return epoch is null ? null : (string.Create(CultureInfo.InvariantCulture, $"validation at step {epoch.Step}"), epoch.Health);
    }

    /// <summary>The file the best-validation model is kept in, next to <paramref name="checkpointPath"/>.</summary>
    public static string BestPath(string checkpointPath) => checkpointPath + ".best";

    private EvaluationSummary? FinalTest(CancellationToken cancellation)
    {
        if (_best is not null)
        {
            for (int i = 0; i < _best.Length; i++)
            {
                _best[i].CopyTo(_model.Parameters[i].Parameter.Value, 0);
            }

            _model.NotifyParametersChanged();
        }

        EvaluationSummary test = Evaluator.Evaluate(_model, _corpus.Test, _options.TestBatchSize, _options.EvaluationBpttLength, _options.EvaluationTokenLimit, cancellation);
        Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"test ppl {test.Perplexity:F2} (best-validation model), activity {1 - test.Statistics.MeanActivitySparsity:P1}"));
        return test;
    }

    private TrainingResult Result(bool completed, Stopwatch clock, long tokens, EvaluationSummary? test)
    {
        EvaluationSummary? bestValid = null;
        if (test is not null && _curve.Count > 0)
        {
            bestValid = Evaluator.Evaluate(_model, _corpus.Valid, _options.EvaluationBatchSize, _options.EvaluationBpttLength, _options.EvaluationTokenLimit);
        }

        return new TrainingResult(completed, _step, [.. _curve], bestValid, test, _secondsBefore + clock.Elapsed.TotalSeconds, tokens / Math.Max(1e-9, clock.Elapsed.TotalSeconds))
        {
            Probes = [.. _probes],
        };
    }

    private ScalarRecord Position(Stopwatch clock)
    {
        var p = new ScalarRecord();
        p.Set(PositionKeys.Epoch, _epoch);
        p.Set(PositionKeys.Window, _window);
        p.Set(PositionKeys.Step, _step);
        p.Set(PositionKeys.Seed, _options.Seed);
        RunSettings.Store(p, _options);
        p.Set(PositionKeys.BestValidationLoss, _bestValidLoss);
        p.Set(PositionKeys.CurveTrainLossSum, _curveLoss);
        p.Set(PositionKeys.CurveTrainWindows, _curveWindows);
        p.Set("seconds", _secondsBefore + clock.Elapsed.TotalSeconds);
        p.Set(HistoryKey, FormatHistory(_curve));
        if (_probes.Count > 0)
        {
            p.Set(ProbesKey, FormatProbes(_probes));
        }

        return p;
    }

    /// <summary>Writes the current state now (epoch end, interruption), superseding a pending one.</summary>
    private void SaveCheckpoint(Stopwatch clock)
    {
        _pending = null;
        if (_options.CheckpointPath is string path)
        {
            CheckpointWriter.Write(path, CaptureCheckpoint(clock));
        }
    }

    /// <summary>The current state as a checkpoint in memory; refuses non-finite parameters, which no checkpoint may hold.</summary>
    private Checkpoint CaptureCheckpoint(Stopwatch clock)
    {
        if (FindNonFiniteValue() is (string name, int index))
        {
            throw new TrainingDivergedException(_step, $"parameter '{name}' is not finite at index {index}, so no checkpoint was written", stepApplied: true);
        }

        return ModelCheckpoint.Capture(_model, _corpus.Vocabulary, _optimizer, Position(clock), includeStates: true);
    }

    /// <summary>Writes the checkpoint taken after the previous step, now that this step's loss and gradient proved its state sound.</summary>
    private void WritePending()
    {
        if (_pending is not null && _options.CheckpointPath is string path)
        {
            CheckpointWriter.Write(path, _pending);
        }

        _pending = null;
    }

    private (string Name, int Index)? FindNonFiniteValue()
    {
        foreach (NamedParameter entry in _model.Parameters)
        {
            int index = NonFinite.IndexOf(entry.Parameter.Value);
            if (index >= 0)
            {
                return (entry.Name, index);
            }
        }

        return null;
    }

    private static void RequireTwoPerStream(int tokens, int batch, string split, string option)
    {
        if (tokens / batch < 2)
        {
            throw new ArgumentException(
                $"The {split} split's {tokens} tokens leave fewer than 2 per stream for its batch of {batch} ({option}): its evaluation after training would fail.",
                option);
        }
    }

    private static string FormatHistory(IEnumerable<LearningCurvePoint> curve)
    {
        var sb = new StringBuilder();
        foreach (LearningCurvePoint c in curve)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{c.Epoch:R},{c.Step},{c.TrainLoss:R},{c.ValidLoss:R},{c.Activity:R},{c.Seconds:R},{LayerHealth.Encode(c.Health)}\n");
        }

        return sb.ToString();
    }

    private static IEnumerable<LearningCurvePoint> ParseHistory(string text)
    {
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(',');
            if (f.Length is not (6 or 7))
            {
                throw new CheckpointException($"The checkpoint's learning-curve history has a malformed line: '{line}'.");
            }

            CultureInfo c = CultureInfo.InvariantCulture;
            yield return new LearningCurvePoint(double.Parse(f[0], c), long.Parse(f[1], c), double.Parse(f[2], c), double.Parse(f[3], c), double.Parse(f[4], c), double.Parse(f[5], c))
            {
                Health = f.Length == 7 ? DecodeHealth(f[6], line) : [],
            };
        }
    }

    private static string FormatProbes(IEnumerable<HealthProbe> probes)
    {
        var sb = new StringBuilder();
        foreach (HealthProbe p in probes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{p.Epoch:R},{p.Step},{p.ValidLoss:R},{p.Tokens},{LayerHealth.Encode(p.Layers)}\n");
        }

        return sb.ToString();
    }

    private static IEnumerable<HealthProbe> ParseProbes(string text)
    {
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(',');
            if (f.Length != 5)
            {
                throw new CheckpointException($"The checkpoint's health-probe history has a malformed line: '{line}'.");
            }

            CultureInfo c = CultureInfo.InvariantCulture;
            yield return new HealthProbe(double.Parse(f[0], c), long.Parse(f[1], c), double.Parse(f[2], c), long.Parse(f[3], c), DecodeHealth(f[4], line));
        }
    }

    private static IReadOnlyList<LayerHealth> DecodeHealth(string text, string line)
    {
        try
        {
            return LayerHealth.Decode(text);
        }
        catch (FormatException e)
        {
            throw new CheckpointException($"The checkpoint's history has a malformed health record in '{line}': {e.Message}", e);
        }
    }
}
