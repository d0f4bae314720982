using System.CommandLine;
using System.Globalization;
using Sparsity.Cli.Study;
using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;
using Sparsity.Models.Pruning;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary>
/// <c>sparsity sweep</c>: the study of issue 6. For EGRU and LSTM of one layout, trains (or takes) a dense base model, then
/// prunes it iteratively through the weight-sparsity levels with fine-tuning between them, and measures every point:
/// perplexity, activity sparsity, effective MACs and batch-1 wall time per token with sparse and dense kernels. Each
/// point is a checkpoint plus a JSON file, so an interrupted sweep continues where it stopped.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Directory with train/valid/test.txt (default: the embedded corpus)" };
        var output = new Option<string>("--out") { Description = "Output directory (points, CSV/JSON, plots)", DefaultValueFactory = _ => "sweep" };
        var quick = new Option<bool>("--quick") { Description = "A few-minute run on the embedded corpus with a small model (overrides sizes and lengths)" };
        var models = new Option<string>("--models") { Description = "Cells to sweep", DefaultValueFactory = _ => "egru,lstm" };
        var levels = new Option<string>("--levels") { Description = "Unstructured sparsity levels, pruned in order with fine-tuning", DefaultValueFactory = _ => "0.5,0.7,0.8,0.9,0.95" }.Levels(allowEmpty: true);
        var blocks = new Option<string>("--blocks") { Description = "Block structures swept for EGRU (empty: none)", DefaultValueFactory = _ => "8x1,16x1" };
        var blockLevels = new Option<string>("--block-levels") { Description = "Levels of the block-structured sweeps", DefaultValueFactory = _ => "0.8,0.9,0.95" }.Levels(allowEmpty: true);
        var seeds = new Option<string>("--seeds") { Description = "Seeds; extra seeds run the dense point and the 90% unstructured point", DefaultValueFactory = _ => "1,2" }.WholeNumbers(0);
        var decays = new Option<string>("--weight-decays") { Description = "Weight decays; extra values train extra dense EGRUs (the activity-sparsity knob)", DefaultValueFactory = _ => "0.1,0.03,0.3" }.Numbers(0);
        var hidden = new Option<string>("--hidden") { Description = "Layer widths", DefaultValueFactory = _ => "256,256,128" }.WholeNumbers(1);
        var embedding = new Option<int>("--embedding") { Description = "Embedding width", DefaultValueFactory = _ => 128 }.AtLeast(1);
        var baseEpochs = new Option<int>("--base-epochs") { Description = "Epochs of each dense base model", DefaultValueFactory = _ => 4 }.AtLeast(0);
        var finetune = new Option<int>("--finetune-steps") { Description = "Fine-tuning steps after each pruning", DefaultValueFactory = _ => 150 }.AtLeast(0);
        var batch = new Option<int>("--batch") { Description = "Training batch", DefaultValueFactory = _ => 64 }.AtLeast(1);
        var bptt = new Option<int>("--bptt") { Description = "Training window", DefaultValueFactory = _ => 70 }.AtLeast(1);
        var lr = new Option<float>("--lr") { Description = "Learning rate of base training (fine-tuning uses half)", DefaultValueFactory = _ => 2e-3f }.FiniteAtLeast(0);
        var clip = new Option<float>("--clip") { Description = "Global gradient-norm clipping of base training and fine-tuning (0: off); 0.25 is the PTB recipe of docs/training.md", DefaultValueFactory = _ => 0.25f }.FiniteAtLeast(0);
        var evalTokens = new Option<int?>("--eval-tokens") { Description = "Positions per stream scored by the validation passes during fine-tuning (batch 10); every point is measured on the whole valid and test sets", DefaultValueFactory = _ => 2000 }.AtLeast(2);
        var timingTokens = new Option<int>("--timing-tokens") { Description = "Tokens of batch-1 streaming timed per point", DefaultValueFactory = _ => 300 }.AtLeast(1);
        var baseEgru = new Option<string?>("--base-egru") { Description = "Use this trained dense EGRU checkpoint as the seed-1 base" };
        var baseLstm = new Option<string?>("--base-lstm") { Description = "Use this trained dense LSTM checkpoint as the seed-1 base" };
        var retime = new Option<bool>("--retime") { Description = "Time every finished point again at batch 1 and keep its stored perplexities and counts: for timings on a quiet machine when the points were trained side by side (seconds per point instead of a whole-set evaluation)" };
        var collect = new Option<bool>("--collect") { Description = "Train and measure nothing: gather every finished point under OUT/points (from any number of runs that shared OUT) into the CSV/JSON/Markdown results and plots" };
        var remeasure = new Option<bool>("--remeasure") { Description = "Measure every finished point again (perplexities, sparsity, timings) instead of reading its stored result: for timings on a quiet machine, or after a code change" };
        var command = new Command("sweep", "The sparsity study: EGRU vs LSTM across weight sparsity, with measured speed-ups (resumable).")
        {
            data, output, quick, models, levels, blocks, blockLevels, seeds, decays, hidden, embedding, baseEpochs, finetune, batch, bptt, lr, clip, evalTokens,
            timingTokens, baseEgru, baseLstm, remeasure, retime, collect,
        };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            bool q = p.GetValue(quick);
            var plan = new SweepPlan
            {
                Data = q ? null : p.GetValue(data),
                Output = p.GetValue(output)!,
                Models = [.. p.GetValue(models)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ParseCell)],
                Levels = Levels(p.GetValue(levels)!, "--levels"),
                Blocks = [.. p.GetValue(blocks)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(PruningStructure.Parse)],
                BlockLevels = Levels(p.GetValue(blockLevels)!, "--block-levels"),
                Seeds = OptionRules.ParseWholeNumbers(p.GetValue(seeds)!, "--seeds", 0),
                WeightDecays = [.. OptionRules.ParseNumbers(p.GetValue(decays)!, "--weight-decays", 0).Select(d => Math.Round(d, 4))],
                Hidden = q ? [128, 64] : OptionRules.ParseWholeNumbers(p.GetValue(hidden)!, "--hidden", 1),
                Embedding = q ? 64 : p.GetValue(embedding),
                BaseEpochs = q ? 1 : p.GetValue(baseEpochs),
                FinetuneSteps = q ? 40 : p.GetValue(finetune),
                Batch = q ? 32 : p.GetValue(batch),
                Bptt = q ? 35 : p.GetValue(bptt),
                LearningRate = q ? 3e-3f : p.GetValue(lr),
                // The quick sweep keeps the clipping its published table was measured with.
                ClipNorm = q ? 0.1f : p.GetValue(clip),
                EvalTokens = q ? 300 : p.GetValue(evalTokens),
                TimingTokens = q ? 100 : p.GetValue(timingTokens),
                BaseCheckpoints = new Dictionary<RecurrentCellType, string?> { [RecurrentCellType.Egru] = p.GetValue(baseEgru), [RecurrentCellType.Lstm] = p.GetValue(baseLstm) },
                Remeasure = p.GetValue(remeasure),
                Retime = p.GetValue(retime),
                Collect = p.GetValue(collect),
            };
            new SweepRunner(plan).Run();
            return 0;
        }));
        return command;
    }

    private static RecurrentCellType ParseCell(string s) => s.ToLowerInvariant() switch
    {
        "egru" => RecurrentCellType.Egru,
        "lstm" => RecurrentCellType.Lstm,
        _ => throw new ArgumentException($"--models takes egru and/or lstm, not '{s}'."),
    };

    /// <summary>Pruning levels, rounded to 4 decimals as the point names and keys are.</summary>
    private static double[] Levels(string text, string option) => [.. OptionRules.ParseLevels(text, option, allowEmpty: true).Select(l => Math.Round(l, 4))];
}

/// <summary>Everything a sweep needs to know.</summary>
internal sealed record SweepPlan
{
    public string? Data { get; init; }
    public required string Output { get; init; }
    public required RecurrentCellType[] Models { get; init; }
    public required double[] Levels { get; init; }
    public required PruningStructure[] Blocks { get; init; }
    public required double[] BlockLevels { get; init; }
    public required int[] Seeds { get; init; }
    public required double[] WeightDecays { get; init; }
    public required int[] Hidden { get; init; }
    public required int Embedding { get; init; }
    public required int BaseEpochs { get; init; }
    public required int FinetuneSteps { get; init; }
    public required int Batch { get; init; }
    public required int Bptt { get; init; }
    public required float LearningRate { get; init; }
    public required float ClipNorm { get; init; }
    public required int? EvalTokens { get; init; }
    public required int TimingTokens { get; init; }
    public required IReadOnlyDictionary<RecurrentCellType, string?> BaseCheckpoints { get; init; }
    public bool Remeasure { get; init; }
    public bool Retime { get; init; }
    public bool Collect { get; init; }

    /// <summary>How long each timing case runs before it is timed (<see cref="Study.InferenceTimer.DefaultWarmUp"/>; tests shorten it).</summary>
    public TimeSpan TimingWarmUp { get; init; } = Study.InferenceTimer.DefaultWarmUp;
}

/// <summary>Runs a <see cref="SweepPlan"/>, skipping every point whose result file already exists.</summary>
internal sealed class SweepRunner(SweepPlan plan)
{
    private readonly List<StudyPoint> _points = [];
    private WordCorpus _corpus = null!;

    private string PointsDirectory => Path.Combine(plan.Output, "points");

    public void Run()
    {
        if (plan.Collect)
        {
            CollectFinishedPoints();
            return;
        }

        Directory.CreateDirectory(PointsDirectory);

        _corpus = CorpusSource.Load(plan.Data, seed: 1, Console.Out);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double firstDecay = plan.WeightDecays[0];
        foreach (RecurrentCellType cell in plan.Models)
        {
            foreach (int seed in plan.Seeds)
            {
                bool main = seed == plan.Seeds[0];
                string basePath = EnsureBase(cell, seed, firstDecay);
                Chain(cell, seed, firstDecay, basePath, PruningStructure.Unstructured, main ? plan.Levels : [.. plan.Levels.Where(l => l <= 0.9)], onlyLast: !main);
                if (main && cell == RecurrentCellType.Egru)
                {
                    foreach (PruningStructure block in plan.Blocks)
                    {
                        Chain(cell, seed, firstDecay, basePath, block, plan.BlockLevels, onlyLast: false);
                    }
                }
            }

            if (cell == RecurrentCellType.Egru)
            {
                foreach (double decay in plan.WeightDecays.Skip(1))
                {
                    Chain(cell, plan.Seeds[0], decay, EnsureBase(cell, plan.Seeds[0], decay), PruningStructure.Unstructured, [], onlyLast: false);
                }
            }
        }

        WriteResults();
        Console.WriteLine($"Sweep finished in {clock.Elapsed.TotalMinutes:F1} min (this session); results in {plan.Output}.");
    }

    private LanguageModelConfig Config(RecurrentCellType cell, int seed) => new()
    {
        CellType = cell,
        Vocabulary = _corpus.Vocabulary.Count,
        EmbeddingSize = plan.Embedding,
        HiddenSizes = plan.Hidden,
        Dropout = new DropoutRates { Input = 0.1f, Hidden = 0.1f, Output = 0.1f },
        Seed = seed,
    };

    private TrainingOptions Training(int seed, double decay) => new()
    {
        BatchSize = plan.Batch,
        BpttLength = plan.Bptt,
        LearningRate = plan.LearningRate,
        ClipNorm = plan.ClipNorm,
        WeightDecay = (float)decay,
        Seed = seed,
        EvaluationBatchSize = 10,
        TestBatchSize = 10,
        EvaluationTokenLimit = plan.EvalTokens,
        CheckpointEverySteps = 100,
    };

    /// <summary>The dense base model's checkpoint for (cell, seed, decay): given, already trained, or trained now (resumable).</summary>
    private string EnsureBase(RecurrentCellType cell, int seed, double decay)
    {
        string name = $"{cell}-base-s{seed}-wd{decay.ToString("0.###", CultureInfo.InvariantCulture)}";
        string final = Path.Combine(PointsDirectory, name + ".ckpt");
        if (File.Exists(final))
        {
            return final;
        }

        if (seed == plan.Seeds[0] && decay == plan.WeightDecays[0] && plan.BaseCheckpoints[cell] is string given)
        {
            File.Copy(given, final);
            Console.WriteLine($"Base {name}: using {given}.");
            return final;
        }

        string training = Path.Combine(PointsDirectory, name + ".training.ckpt");
        TrainingOptions options = Training(seed, decay) with { Epochs = plan.BaseEpochs, CheckpointPath = training };
        LanguageModel model;
        Trainer trainer;
        if (File.Exists(training))
        {
            LoadedModel loaded = ModelCheckpoint.Load(training);
            model = loaded.Model;
            trainer = new Trainer(model, _corpus, options) { Log = Console.WriteLine };
            trainer.Resume(loaded.Checkpoint);
        }
        else
        {
            model = LanguageModelFactory.Create(Config(cell, seed));
            trainer = new Trainer(model, _corpus, options) { Log = Console.WriteLine };
        }

        Console.WriteLine($"Training base {name}: {trainer.TotalSteps} steps.");
        Terminal.ProgressView.Run(name, progress => trainer.Run(progress));
        ModelCheckpoint.Save(final, model, _corpus.Vocabulary); // the trainer left the best-validation parameters in the model
        return final;
    }

    /// <summary>Measures the dense point, then prunes through <paramref name="levels"/> in order, fine-tuning after each.</summary>
    private void Chain(RecurrentCellType cell, int seed, double decay, string basePath, PruningStructure structure, double[] levels, bool onlyLast)
    {
        string previous = basePath;
        Measure(cell, seed, decay, structure == PruningStructure.Unstructured ? "unstructured" : structure.ToString(), 0, basePath, skipIfBlock: structure != PruningStructure.Unstructured);
        foreach (double level in levels)
        {
            string key = $"{cell}-{structure}-{level.ToString("0.00", CultureInfo.InvariantCulture)}-s{seed}-wd{decay.ToString("0.###", CultureInfo.InvariantCulture)}";
            string path = Path.Combine(PointsDirectory, key + ".ckpt");
            if (!File.Exists(path))
            {
                LoadedModel loaded = ModelCheckpoint.Load(previous);
                Parameter[] kernels = MagnitudePruner.Kernels(loaded.Model.Parameters);
                MagnitudePruner.Prune(kernels, level, PruningScope.PerMatrix, structure);
                loaded.Model.NotifyParametersChanged();
                var trainer = new Trainer(loaded.Model, _corpus, Training(seed, decay) with
                {
                    Epochs = 1,
                    MaxSteps = plan.FinetuneSteps,
                    LearningRate = plan.LearningRate / 2,
                }) { Log = Console.WriteLine };
                Console.WriteLine($"Pruned {key}; fine-tuning {trainer.TotalSteps} steps.");
                Terminal.ProgressView.Run(key, progress => trainer.Run(progress));
                ModelCheckpoint.Save(path, loaded.Model, _corpus.Vocabulary);
            }

            if (!onlyLast || level == levels[^1])
            {
                Measure(cell, seed, decay, structure.ToString(), level, path, skipIfBlock: false);
            }

            previous = path;
        }
    }

    private void Measure(RecurrentCellType cell, int seed, double decay, string structure, double level, string checkpoint, bool skipIfBlock)
    {
        if (skipIfBlock)
        {
            return; // the dense point is measured once, by the unstructured chain
        }

        string name = $"{cell}-{structure}-{level.ToString("0.00", CultureInfo.InvariantCulture)}-s{seed}-wd{decay.ToString("0.###", CultureInfo.InvariantCulture)}";
        string json = Path.Combine(PointsDirectory, name + ".json");
        if (!plan.Remeasure && File.Exists(json) && StudyPoint.TryFromJson(File.ReadAllText(json)) is { } stored)
        {
            if (plan.Retime)
            {
                stored = Retime(stored, checkpoint);
                File.WriteAllText(json, stored.ToJson());
            }

            _points.Add(stored);
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        LoadedModel loaded = ModelCheckpoint.Load(checkpoint);
        LanguageModel model = loaded.Model;
        // The whole validation and test sets: --eval-tokens only shortens the validation passes during fine-tuning.
        EvaluationSummary valid = Evaluator.Evaluate(model, _corpus.Valid, 10, 70);
        EvaluationSummary test = Evaluator.Evaluate(model, _corpus.Test, 10, 70);
        InferenceTiming time = TimeBatchOne(model);
        Parameter[] kernels = MagnitudePruner.Kernels(model.Parameters);
        long total = kernels.Sum(k => (long)k.Length), kept = kernels.Sum(k => (long)(k.Mask?.KeptCount ?? k.Length));
        ModelStatistics s = test.Statistics;
        var point = new StudyPoint
        {
            Model = cell.ToString(),
            Structure = structure,
            TargetSparsity = level,
            Seed = seed,
            WeightDecay = decay,
            WeightSparsity = 1 - ((double)kept / total),
            ValidPerplexity = valid.Perplexity,
            TestPerplexity = test.Perplexity,
            LayerActivitySparsity = string.Join('/', s.Layers.Select(l => l.ActivitySparsity.ToString("F3", CultureInfo.InvariantCulture))),
            MeanActivitySparsity = s.MeanActivitySparsity,
            MacsPerToken = s.EffectiveMacsPerToken,
            ExecutedMacsPerToken = s.ExecutedMacsPerToken,
            MacsPerTokenWithDecoder = s.EffectiveMacsPerTokenWithDecoder,
            DenseLstmMacsPerToken = s.DenseLstmMacsPerToken,
            DenseLstmMacsPerTokenWithDecoder = s.DenseLstmMacsPerTokenWithDecoder,
            MicrosecondsPerTokenSparse = time.FullSparse,
            MicrosecondsPerTokenDense = time.FullDense,
            MicrosecondsPerTokenRecurrentSparse = time.RecurrentSparse,
            MicrosecondsPerTokenRecurrentDense = time.RecurrentDense,
            Seconds = clock.Elapsed.TotalSeconds,
        };
        File.WriteAllText(json, point.ToJson());
        _points.Add(point);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: valid ppl {point.ValidPerplexity:F2}, test ppl {point.TestPerplexity:F2}, weight sparsity {point.WeightSparsity:P1}, activity sparsity {point.MeanActivitySparsity:P1}, MACs/token {point.MacsPerToken:N0} ({point.Reduction:F1}x below dense LSTM), batch-1 µs/token {time.FullSparse:F0} sparse vs {time.FullDense:F0} dense (recurrent layers alone {time.RecurrentSparse:F0} vs {time.RecurrentDense:F0})"));
        WriteResults();
    }

    private void CollectFinishedPoints()
    {
        if (!Directory.Exists(PointsDirectory))
        {
            throw new DirectoryNotFoundException($"sweep --collect found no finished points: {PointsDirectory} does not exist.");
        }

        // The order a single sweep would have written: per model, the unstructured chains before the block chains,
        // the first seed and weight decay before the extra ones, levels ascending.
        _points.AddRange(Directory.EnumerateFiles(PointsDirectory, "*.json")
            .Select(file => StudyPoint.TryFromJson(File.ReadAllText(file)) ?? throw new InvalidDataException($"{file} is not a study point."))
            .OrderBy(p => p.Model, StringComparer.Ordinal)
            .ThenBy(p => p.Structure == "unstructured" ? 0 : 1)
            .ThenBy(p => p.Structure, StringComparer.Ordinal)
            .ThenBy(p => p.Seed == plan.Seeds[0] && p.WeightDecay == plan.WeightDecays[0] ? 0 : 1)
            .ThenBy(p => p.Seed)
            .ThenBy(p => p.WeightDecay)
            .ThenBy(p => p.TargetSparsity));
        if (_points.Count == 0)
        {
            throw new FileNotFoundException($"sweep --collect found no finished points under {PointsDirectory} (no *.json point files).");
        }

        WriteResults();
        Console.WriteLine($"Collected {_points.Count} points into {plan.Output}.");
    }

    /// <summary>Batch-1 streaming of the first <c>--timing-tokens</c> test tokens, sparse and dense, whole model and recurrent layers.</summary>
    private InferenceTiming TimeBatchOne(LanguageModel model) =>
        InferenceTimer.Measure(model, _corpus.Test.AsSpan(0, Math.Min(plan.TimingTokens, _corpus.Test.Length)), warmUp: plan.TimingWarmUp);

    private StudyPoint Retime(StudyPoint stored, string checkpoint)
    {
        InferenceTiming time = TimeBatchOne(ModelCheckpoint.Load(checkpoint).Model);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{stored.Key}: re-timed batch-1 µs/token {time.FullSparse:F0} sparse vs {time.FullDense:F0} dense (recurrent layers alone {time.RecurrentSparse:F0} vs {time.RecurrentDense:F0}); "
            + $"was {stored.MicrosecondsPerTokenSparse:F0} vs {stored.MicrosecondsPerTokenDense:F0} ({stored.MicrosecondsPerTokenRecurrentSparse:F0} vs {stored.MicrosecondsPerTokenRecurrentDense:F0})"));
        return stored with
        {
            MicrosecondsPerTokenSparse = time.FullSparse,
            MicrosecondsPerTokenDense = time.FullDense,
            MicrosecondsPerTokenRecurrentSparse = time.RecurrentSparse,
            MicrosecondsPerTokenRecurrentDense = time.RecurrentDense,
        };
    }

    private void WriteResults()
    {
        File.WriteAllLines(Path.Combine(plan.Output, "results.csv"), [StudyPoint.CsvHeader, .. _points.Select(p => p.ToCsv())]);
        File.WriteAllText(Path.Combine(plan.Output, "results.json"), "[\n" + string.Join(",\n", _points.Select(p => p.ToJson())) + "\n]\n");
        File.WriteAllText(Path.Combine(plan.Output, "results.md"), StudyTable.Markdown(_points) + StudyVerdicts.Markdown(_points));
        if (_points.Count > 1)
        {
            StudyPlots.Write(_points, plan.Output);
        }
    }
}
