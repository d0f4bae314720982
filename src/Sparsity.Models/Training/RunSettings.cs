using System.Globalization;
using Sparsity.Models.Checkpoints;

namespace Sparsity.Models.Training;

/// <summary>
/// The training settings a checkpoint's position records so that a resumed run can be checked to continue the same run:
/// batch, window length and sampling, learning rate, optimiser and its decay, betas and clipping. The epoch count, step
/// limit, time budget and evaluation settings may change on resume and are not recorded here.
/// </summary>
internal static class RunSettings
{
    private static readonly (string Key, string Name, Func<TrainingOptions, ScalarValue> Value)[] Settings =
    [
        (PositionKeys.BatchSize, nameof(TrainingOptions.BatchSize), o => ScalarValue.FromWhole(o.BatchSize)),
        (PositionKeys.BpttLength, nameof(TrainingOptions.BpttLength), o => ScalarValue.FromWhole(o.BpttLength)),
        (PositionKeys.RandomBptt, nameof(TrainingOptions.RandomBptt), o => Flag(o.RandomBptt)),
        (PositionKeys.LearningRate, nameof(TrainingOptions.LearningRate), o => ScalarValue.FromReal(o.LearningRate)),
        (PositionKeys.WeightDecay, nameof(TrainingOptions.WeightDecay), o => ScalarValue.FromReal(o.WeightDecay)),
        (PositionKeys.DecayBiases, nameof(TrainingOptions.DecayBiases), o => Flag(o.DecayBiases)),
        (PositionKeys.Sgd, nameof(TrainingOptions.Sgd), o => Flag(o.Sgd)),
        (PositionKeys.Beta1, nameof(TrainingOptions.Beta1), o => ScalarValue.FromReal(o.Beta1)),
        (PositionKeys.Beta2, nameof(TrainingOptions.Beta2), o => ScalarValue.FromReal(o.Beta2)),
        (PositionKeys.ClipNorm, nameof(TrainingOptions.ClipNorm), o => ScalarValue.FromReal(o.ClipNorm)),
    ];

    /// <summary>Records <paramref name="options"/>' settings in <paramref name="position"/>.</summary>
    public static void Store(ScalarRecord position, TrainingOptions options)
    {
        foreach ((string key, _, Func<TrainingOptions, ScalarValue> value) in Settings)
        {
            position.Set(key, value(options));
        }
    }

    /// <summary>
    /// The recorded settings that differ from <paramref name="options"/>, as <c>Name stored (now current)</c>; settings a
    /// checkpoint does not record (one written before they were) are not compared.
    /// </summary>
    public static IReadOnlyList<string> Differences(ScalarRecord position, TrainingOptions options)
    {
        var differences = new List<string>();
        foreach ((string key, string name, Func<TrainingOptions, ScalarValue> value) in Settings)
        {
            ScalarValue current = value(options);
            if (position.TryGet(key, out ScalarValue stored) && !stored.Equals(current))
            {
                differences.Add($"{name} {Describe(stored)} (now {Describe(current)})");
            }
        }

        return differences;
    }

    private static ScalarValue Flag(bool value) => ScalarValue.FromText(value ? "true" : "false");

    // Reals were floats: print them as such (0.003, not 0.0030000000260770321).
    private static string Describe(ScalarValue value) => value.Kind switch
    {
        ScalarKind.Real => ((float)value.Real).ToString(CultureInfo.InvariantCulture),
        ScalarKind.Whole => value.Whole.ToString(CultureInfo.InvariantCulture),
        _ => value.Text,
    };
}
