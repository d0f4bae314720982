using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sparsity.Cli.Study;

/// <summary>One measured point of the sparsity study: a model at one weight-sparsity level, all numbers from this run.</summary>
internal sealed record StudyPoint
{
    public required string Model { get; init; }
    public required string Structure { get; init; }
    public required double TargetSparsity { get; init; }
    public required int Seed { get; init; }
    public required double WeightDecay { get; init; }
    public required double WeightSparsity { get; init; }
    public required double ValidPerplexity { get; init; }
    public required double TestPerplexity { get; init; }
    public required string LayerActivitySparsity { get; init; }
    public required double MeanActivitySparsity { get; init; }
    public required double MacsPerToken { get; init; }
    public required double MacsPerTokenWithDecoder { get; init; }
    public required double DenseLstmMacsPerToken { get; init; }
    public required double DenseLstmMacsPerTokenWithDecoder { get; init; }
    public required double MicrosecondsPerTokenSparse { get; init; }
    public required double MicrosecondsPerTokenDense { get; init; }
    public required double MicrosecondsPerTokenRecurrentSparse { get; init; }
    public required double MicrosecondsPerTokenRecurrentDense { get; init; }
    public required double Seconds { get; init; }

    /// <summary>
    /// Recurrent multiply-accumulates per token the chosen kernels executed (a pruned kernel run by a dense product
    /// counts every weight); NaN for points measured before it was recorded.
    /// </summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double ExecutedMacsPerToken { get; init; } = double.NaN;

    /// <summary>Dense LSTM MACs / this point's MACs (recurrent layers).</summary>
    public double Reduction => DenseLstmMacsPerToken / MacsPerToken;

    /// <summary>The same with the decoder included.</summary>
    public double ReductionWithDecoder => DenseLstmMacsPerTokenWithDecoder / MacsPerTokenWithDecoder;

    public string Key => $"{Model}-{Structure}-{TargetSparsity.ToString("0.00", CultureInfo.InvariantCulture)}-s{Seed}-wd{WeightDecay.ToString("0.###", CultureInfo.InvariantCulture)}";

    public static string CsvHeader =>
        "model,structure,target_sparsity,seed,weight_decay,weight_sparsity,valid_ppl,test_ppl,layer_activity_sparsity,mean_activity_sparsity,"
        + "macs_per_token,macs_per_token_with_decoder,reduction_vs_dense_lstm,reduction_with_decoder,us_per_token_sparse,us_per_token_dense,us_per_token_recurrent_sparse,us_per_token_recurrent_dense,seconds,executed_macs_per_token";

    public string ToCsv() => string.Create(CultureInfo.InvariantCulture,
        $"{Model},{Structure},{TargetSparsity:F2},{Seed},{WeightDecay},{WeightSparsity:F4},{ValidPerplexity:F2},{TestPerplexity:F2},{LayerActivitySparsity},{MeanActivitySparsity:F4},"
        + $"{MacsPerToken:F0},{MacsPerTokenWithDecoder:F0},{Reduction:F2},{ReductionWithDecoder:F2},{MicrosecondsPerTokenSparse:F1},{MicrosecondsPerTokenDense:F1},{MicrosecondsPerTokenRecurrentSparse:F1},{MicrosecondsPerTokenRecurrentDense:F1},{Seconds:F0},{ExecutedMacsPerToken:F0}");

    public string ToJson() => JsonSerializer.Serialize(this);

    public static StudyPoint FromJson(string json) =>
        JsonSerializer.Deserialize<StudyPoint>(json) ?? throw new InvalidDataException("Empty study point file.");

    /// <summary>Reads a point written by this version; null for a file of an older layout (missing fields), which is measured again.</summary>
    public static StudyPoint? TryFromJson(string json)
    {
        try
        {
            return FromJson(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
