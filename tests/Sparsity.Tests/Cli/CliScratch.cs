namespace Sparsity.Tests.Cli;

/// <summary>A temporary directory with a tiny corpus (train/valid/test.txt over 30 words) for in-process CLI runs.</summary>
internal sealed class CliScratch : IDisposable
{
    public CliScratch()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sparsity-cli-" + Guid.NewGuid().ToString("N"));
        Data = Path.Combine(Directory, "data");
        System.IO.Directory.CreateDirectory(Data);
        var rng = new Random(5);
        string[] words = [.. Enumerable.Range(0, 30).Select(i => $"w{i}")];
        string Text(int lines) => string.Join('\n', Enumerable.Range(0, lines).Select(_ =>
            string.Join(' ', Enumerable.Range(0, 6 + rng.Next(6)).Select(_ => words[(int)(30 * Math.Pow(rng.NextDouble(), 2))]))));
        System.IO.File.WriteAllText(Path.Combine(Data, "train.txt"), Text(120));
        System.IO.File.WriteAllText(Path.Combine(Data, "valid.txt"), Text(20));
        System.IO.File.WriteAllText(Path.Combine(Data, "test.txt"), Text(20));
    }

    /// <summary>The directory (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>The corpus directory, for <c>--data</c>.</summary>
    public string Data { get; }

    /// <summary>A path inside the directory.</summary>
    public string File(string name) => Path.Combine(Directory, name);

    /// <summary>Arguments of a <c>train</c> run on the tiny corpus that takes a second: a 8/8 model, <paramref name="maxSteps"/> steps.</summary>
    public string[] TinyTrain(int maxSteps, params string[] extra) =>
        Train(["--max-steps", maxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra]);

    /// <summary>
    /// Arguments of a quick <c>train</c> run on the tiny corpus (8/8 model, batch 2, windows of 5, one epoch, short
    /// evaluations); <paramref name="overrides"/> (options with their values, and flags) replace or add to those.
    /// </summary>
    public string[] Train(params string[] overrides) => TrainWithout([], overrides);

    /// <summary>As <see cref="Train"/>, leaving out the default options named in <paramref name="omit"/>.</summary>
    public string[] TrainWithout(string[] omit, params string[] overrides)
    {
        var options = new Dictionary<string, string?>
        {
            ["--data"] = Data, ["--hidden"] = "8,8", ["--embedding"] = "8", ["--batch"] = "2", ["--bptt"] = "5", ["--epochs"] = "1",
            ["--eval-tokens"] = "10", ["--probe-every"] = "0", ["--test-batch"] = "2",
        };
        foreach (string name in omit)
        {
            options.Remove(name);
        }

        for (int i = 0; i < overrides.Length; i++)
        {
            bool flag = i + 1 == overrides.Length || overrides[i + 1].StartsWith("--", StringComparison.Ordinal);
            options[overrides[i]] = flag ? null : overrides[++i];
        }

        return ["train", .. options.SelectMany(o => o.Value is null ? new[] { o.Key } : [o.Key, o.Value])];
    }

    /// <summary>The checkpoint file of <see cref="TrainCheckpoint"/>.</summary>
    public string Checkpoint => File("run.ckpt");

    /// <summary>Runs a 2-step tiny training with <see cref="Checkpoint"/> (which writes it and its <c>.best</c>) and returns the path.</summary>
    public string TrainCheckpoint()
    {
        CliRun run = CliHarness.Run(TinyTrain(2, "--checkpoint", Checkpoint));
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(System.IO.File.Exists(Checkpoint + ".best"), Is.True, run.ToString());
        return Checkpoint;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
