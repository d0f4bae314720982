using System.Globalization;
using Sparsity.Models.LanguageModeling;

namespace Sparsity.Cli.Commands;

/// <summary>Finds the parameters of a model that hold NaN or ±∞ (a checkpoint stores them; no command can use them).</summary>
internal static class NonFiniteWeights
{
    /// <summary>Each parameter with non-finite values and their count, as <c>name: count</c> joined by commas; null when every weight is finite.</summary>
    public static string? Describe(LanguageModel model)
    {
        var found = new List<string>();
        foreach (var np in model.Parameters)
        {
            int count = 0;
            foreach (float v in np.Parameter.Value)
            {
                if (!float.IsFinite(v))
                {
                    count++;
                }
            }

            if (count > 0)
            {
                found.Add(string.Create(CultureInfo.InvariantCulture, $"{np.Name}: {count}"));
            }
        }

        return found.Count == 0 ? null : string.Join(", ", found);
    }
}
