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
        TrainArgs(["--hidden", "8,8", "--embedding", "8", "--max-steps", maxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra]);

    /// <summary>Arguments of a quick <c>train</c> run on the tiny corpus, without the model's sizes and the step count.</summary>
    public string[] TrainArgs(params string[] extra) =>
        ["train", "--data", Data, "--batch", "2", "--bptt", "5", "--epochs", "1", "--eval-tokens", "10", "--probe-every", "0", "--test-batch", "2", .. extra];

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
