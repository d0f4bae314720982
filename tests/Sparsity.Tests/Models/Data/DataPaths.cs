namespace Sparsity.Tests.Models.Data;

/// <summary>Locates the shared benchmark corpora (<c>../shared/data</c> next to the repository root).</summary>
internal static class DataPaths
{
    /// <summary>Returns the corpus directory, or calls <c>Assert.Ignore</c> with the reason when it is absent.</summary>
    public static string RequireCorpus(string name)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Sparsity.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        if (dir is null)
        {
            Assert.Ignore($"Repository root (folder with Sparsity.sln) not found above {AppContext.BaseDirectory}.");
        }

        string corpus = Path.GetFullPath(Path.Combine(dir!, "..", "shared", "data", name));
        if (!Directory.Exists(corpus))
        {
            Assert.Ignore($"Corpus '{name}' not present at {corpus}; the count test needs the shared data folder.");
        }

        return corpus;
    }
}
