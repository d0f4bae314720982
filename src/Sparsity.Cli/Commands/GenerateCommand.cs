using System.CommandLine;
using Sparsity.Models.Data;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary><c>sparsity generate</c>: streams text from a checkpoint with the step API, one token at a time.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Model checkpoint", Required = true };
        var prompt = new Option<string>("--prompt") { Description = "Words to start from (unknown words map to <unk> where the vocabulary has it)", DefaultValueFactory = _ => "<eos>" };
        var words = new Option<int>("--words") { Description = "Words to generate", DefaultValueFactory = _ => 50 }.AtLeast(0);
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature (0: greedy)", DefaultValueFactory = _ => 1f }.FiniteAtLeast(0);
        var seed = new Option<int>("--seed") { Description = "Sampling seed", DefaultValueFactory = _ => 1 };
        var command = new Command("generate", "Generate text from a prompt, streaming one token at a time.") { checkpoint, prompt, words, temperature, seed };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            LoadedModel loaded = ModelCheckpoint.Load(p.GetValue(checkpoint)!);

            Vocabulary vocabulary = loaded.Vocabulary;
            int[] ids = [.. p.GetValue(prompt)!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Id(vocabulary, w))];
            if (ids.Length == 0)
            {
                throw new ArgumentException("--prompt has no words.");
            }

            var model = loaded.Model;
            model.ResetState(1);
            var logits = new float[model.Vocabulary];
            var random = new Random(p.GetValue(seed));
            foreach (int id in ids.AsSpan(0, ids.Length - 1))
            {
                model.Advance([id]); // only the last prompt word's prediction is needed
            }

            model.Step([ids[^1]], logits);

            Console.Write(string.Join(' ', ids.Select(i => vocabulary[i])));
            for (int n = 0; n < p.GetValue(words); n++)
            {
                int next = Sample(logits, p.GetValue(temperature), random);
                Console.Write(' ' + (vocabulary[next] == Vocabulary.EndOfSentence ? "\n" : vocabulary[next]));
                model.Step([next], logits);
            }

            Console.WriteLine();
            return 0;
        }));
        return command;
    }

    private static int Id(Vocabulary vocabulary, string word) =>
        vocabulary.TryGetId(word, out int id) ? id
        : vocabulary.TryGetId(Vocabulary.Unknown, out int unk) ? unk
        : throw new ArgumentException($"'{word}' is not in the vocabulary, which has no {Vocabulary.Unknown}.");

    private static int Sample(float[] logits, float temperature, Random random)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            best = logits[i] > logits[best] ? i : best;
        }

        if (temperature == 0)
        {
            return best;
        }

        double total = 0;
        var weights = new double[logits.Length];
        for (int i = 0; i < logits.Length; i++)
        {
            weights[i] = Math.Exp((logits[i] - logits[best]) / temperature);
            total += weights[i];
        }

        double u = random.NextDouble() * total;
        for (int i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u <= 0)
            {
                return i;
            }
        }

        return best;
    }
}
