using Sparsity.Models.Parameters;
using Sparsity.Models.LanguageModeling;
using Sparsity.Tests.Reference.Models;

namespace Sparsity.Tests.Models.LanguageModeling;

/// <summary>Random windows and weight copying between the production model and the double reference.</summary>
internal static class LmTestData
{
    /// <summary>Random ids <c>[T, B]</c>, time-major.</summary>
    public static int[] Tokens(Random rng, int steps, int batch, int vocabulary) =>
        [.. Enumerable.Range(0, steps * batch).Select(_ => rng.Next(vocabulary))];

    /// <summary>The time-major flat ids as the reference's <c>[T][B]</c>.</summary>
    public static int[][] Nest(int[] ids, int steps, int batch) =>
        [.. Enumerable.Range(0, steps).Select(t => ids.AsSpan(t * batch, batch).ToArray())];

    /// <summary>Copies every production parameter into the reference tensor of the same name (and checks both have the same names).</summary>
    public static void CopyWeights(LanguageModel model, ReferenceLanguageModel reference)
    {
        Assert.That(
            model.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal),
            Is.EqualTo(reference.Parameters.Keys.Order(StringComparer.Ordinal)),
            "the production and reference models have the same parameter names");
        foreach (NamedParameter p in model.Parameters)
        {
            double[] target = reference.Parameters[p.Name];
            Assert.That(target.Length, Is.EqualTo(p.Parameter.Length), p.Name);
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = p.Parameter.Value[i];
            }
        }
    }

    /// <summary>Fills the decoder bias with U(−scale, scale) so a zero bias cannot hide a missing term.</summary>
    public static void RandomizeBias(LanguageModel model, Random rng, double scale = 0.5)
    {
        float[] bias = model.DecoderBias.Value;
        for (int i = 0; i < bias.Length; i++)
        {
            bias[i] = (float)(scale * ((2 * rng.NextDouble()) - 1));
        }
    }

    /// <summary>Asserts every gradient, by name, against the reference's.</summary>
    public static void AssertGradients(LanguageModel model, IReadOnlyDictionary<string, double[]> expected, string what, double relative = 1e-4)
    {
        foreach (NamedParameter p in model.Parameters)
        {
            Assert.That(expected.ContainsKey(p.Name), Is.True, $"{what}: reference has a gradient for {p.Name}");
            LmAssert.Close(expected[p.Name], p.Parameter.Gradient, $"{what}: d{p.Name}", relative);
        }
    }
}
