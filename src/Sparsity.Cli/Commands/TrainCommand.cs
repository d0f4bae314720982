using System.CommandLine;
using Sparsity.Cli.Terminal;
using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary><c>sparsity train</c>: trains (or resumes) an EGRU or LSTM language model.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var s = new TrainSettings();
        var command = new Command("train", "Train an EGRU or LSTM language model (Ctrl-C finishes the step and writes the checkpoint).");
        foreach (Option o in s.All)
        {
            command.Options.Add(o);
        }

        command.SetAction(p => CliErrors.Guard(() => Run(s, p)));
        return command;
    }

    private static int Run(TrainSettings s, ParseResult p)
    {
        TrainingOptions options = s.TrainingOptions(p);
        bool resume = p.GetValue(s.Resume), force = p.GetValue(s.Force);
        if (options.CheckpointPath is string target)
        {
            // Before the corpus loads: a target that cannot be written would otherwise be found at the first checkpoint.
            CheckpointTarget.EnsureWritable(target);
            if (!resume)
            {
                CheckpointReplacement.EnsureAllowed(target, force);
            }
        }
        else if (resume)
        {
            throw new ArgumentException("--resume needs --checkpoint.");
        }

        WordCorpus corpus = CorpusSource.Load(p.GetValue(s.Data), p.GetValue(s.Seed), Console.Out);
        LanguageModel model;
        Trainer trainer;
        if (resume)
        {
            string path = options.CheckpointPath!;
            LoadedModel loaded = ModelCheckpoint.Load(path);
            CorpusSource.RequireSameVocabulary(loaded.Vocabulary, corpus, "resume");
            ResumeModelCheck.Require(s, p, loaded.Model.Config!, path);

            model = loaded.Model;
            trainer = new Trainer(model, corpus, options) { Log = Console.WriteLine };
            trainer.Resume(loaded.Checkpoint);
            Console.WriteLine($"Resuming {path} at step {trainer.Step} of {trainer.TotalSteps}.");
        }
        else
        {
            model = LanguageModelFactory.Create(s.ModelConfig(p, corpus.Vocabulary.Count));
            trainer = new Trainer(model, corpus, options) { Log = Console.WriteLine };
            if (options.CheckpointPath is string fresh)
            {
                CheckpointReplacement.RemoveStaleBest(fresh, force, Console.Out);
            }
        }

        string name = $"{model.Config!.CellType} {string.Join('/', model.Config.HiddenSizes)}";
        Console.WriteLine($"Training {name}, E = {model.EmbeddingSize}, {model.Parameters.Sum(x => (long)x.Parameter.Length):N0} parameters, {trainer.TotalSteps:N0} steps, threads {Sparsity.Kernels.Threading.KernelThreads.MaxThreads}.");
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
            Console.Error.WriteLine("Stopping after this step; writing the checkpoint…");
        };
        Console.CancelKeyPress += handler;
        try
        {
            TrainingResult result = ProgressView.Run(name, progress => trainer.Run(progress, cancel.Token));
            if (p.GetValue(s.Curve) is string curve)
            {
                RunSummary.WriteCurve(curve, result.Curve);
            }

            if (p.GetValue(s.Health) is string health)
            {
                HealthCsv.Write(health, result.Probes, result.Curve);
            }

            RunSummary.Print([RunSummary.Of(name, model, result)]);
            return result.Completed ? 0 : 130;
        }
        finally
        {
            Console.CancelKeyPress -= handler;
        }
    }
}
