using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Parameters;

namespace Sparsity.Tests.Models.LanguageModeling;

/// <summary>The layout derived from a configuration alone must list exactly what the factory builds, and refuse sizes no array holds.</summary>
[TestFixture]
public sealed class LanguageModelLayoutTests
{
    private static IEnumerable<LanguageModelConfig> Configs()
    {
        yield return new LanguageModelConfig { CellType = RecurrentCellType.Egru, Vocabulary = 7, EmbeddingSize = 4, HiddenSizes = [6, 5, 4] };
        yield return new LanguageModelConfig { CellType = RecurrentCellType.Lstm, Vocabulary = 9, EmbeddingSize = 3, HiddenSizes = [3] };
        yield return new LanguageModelConfig { CellType = RecurrentCellType.Egru, Vocabulary = 5, EmbeddingSize = 4, HiddenSizes = [6, 7], Projection = true };
    }

    [TestCaseSource(nameof(Configs))]
    public void Shapes_ListExactlyTheFactorysParameters_InOrder(LanguageModelConfig config)
    {
        IReadOnlyList<NamedParameter> built = LanguageModelFactory.Create(config).Parameters;
        IReadOnlyList<ParameterShape> shapes = LanguageModelLayout.Shapes(config);
        Assert.That(shapes.Select(s => (s.Name, s.Rows, s.Columns)), Is.EqualTo(built.Select(p => (p.Name, (long)p.Parameter.Rows, (long)p.Parameter.Columns))));
        Assert.That(shapes.Where(s => s.IsVector).Select(s => s.Name), Is.EqualTo(built.Where(p => p.Parameter.Kind is ParameterKind.Bias or ParameterKind.Threshold).Select(p => p.Name)));
    }

    [TestCaseSource(nameof(Configs))]
    public void FindMismatch_OwnTensors_None_AndAnyChangedShape_Named(LanguageModelConfig config)
    {
        Dictionary<string, IReadOnlyList<int>> stored = LanguageModelFactory.Create(config).Parameters.ToDictionary(p => p.Name, p => (IReadOnlyList<int>)[p.Parameter.Rows, p.Parameter.Columns]);
        Assert.That(LanguageModelLayout.FindMismatch(config, stored), Is.Null);
        Assert.That(LanguageModelLayout.FindMismatch(config with { Vocabulary = config.Vocabulary + 1 }, stored), Does.Contain("embedding"));
        stored["extra"] = [1];
        Assert.That(LanguageModelLayout.FindMismatch(config, stored), Does.Contain("extra"));
        Assert.That(LanguageModelLayout.FindMismatch(config, stored, ignoreExtra: true), Is.Null);
    }

    [Test]
    public void Validate_TensorLargerThanAnArray_ThrowsArgumentException() =>
        Assert.That(
            () => new LanguageModelConfig { Vocabulary = 10, EmbeddingSize = 8, HiddenSizes = [100_000, 8] }.Validate(),
            Throws.ArgumentException.With.Message.Contains("layers.0.R"));
}
