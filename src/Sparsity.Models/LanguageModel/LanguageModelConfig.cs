using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sparsity.Models.Layers;

namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// Everything needed to rebuild a <see cref="LanguageModel"/>'s architecture (not its weights): the cell type, the
/// sizes, the regularisers, the EGRU options (<see cref="EgruOptions"/>) and the initialisation seed. Checkpoints store it as JSON
/// (<see cref="ToJson"/> / <see cref="FromJson"/>); <see cref="LanguageModelFactory.Create"/> builds the model.
/// Shapes: embedding <c>[V, E]</c>; layer l reads <c>I_l</c> (E for layer 0, <c>H_{l−1}</c> after) and has width
/// <c>H_l</c>; the last width must be E because the decoder is tied to the embedding, unless <see cref="Projection"/>
/// maps it to E.
/// </summary>
public sealed record LanguageModelConfig
{
    private IReadOnlyList<int> _hiddenSizes = [256, 256, 128];

    /// <summary>The recurrent layer type (all layers share it).</summary>
    public RecurrentCellType CellType { get; init; } = RecurrentCellType.Egru;

    /// <summary>V: vocabulary size (≥ 1).</summary>
    public int Vocabulary { get; init; } = 10000;

    /// <summary>E: embedding width (≥ 1), also the last layer's width.</summary>
    public int EmbeddingSize { get; init; } = 128;

    /// <summary>
    /// The widths <c>H_0 … H_{L−1}</c> (at least one; the last equals <see cref="EmbeddingSize"/> unless
    /// <see cref="Projection"/> is set). Default: the CPU-sized 256/256/128.
    /// </summary>
    public IReadOnlyList<int> HiddenSizes
    {
        get => _hiddenSizes;
        init => _hiddenSizes = value is null ? null! : [.. value]; // a private copy: a caller's list changing later must not change the config
    }

    /// <summary>
    /// A dense projection <c>[E, H_L]</c> with bias (<see cref="DecoderProjection"/>, EvNN's <c>--projection</c>) between
    /// the last layer and the tied decoder, so the last width may differ from E. Off by default, and for configurations
    /// written before it existed.
    /// </summary>
    public bool Projection { get; init; }

    /// <summary>The regularisers (all off by default).</summary>
    public DropoutRates Dropout { get; init; } = DropoutRates.None;

    /// <summary>
    /// EGRU options for every layer (ignored for <see cref="RecurrentCellType.Lstm"/>). When
    /// <see cref="EgruOptions.SparseInput"/> is null the factory sets it per layer: false for layer 0 (it reads the
    /// dense embedding), true above (they read another EGRU's events), so windows and steps agree bit for bit.
    /// </summary>
    public EgruOptions Egru { get; init; } = new();

    /// <summary>Seed of the weight initialisation.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// How the decoder bias starts: the training split's log-unigram (default; the <see cref="Training.Trainer"/> applies it
    /// when a run starts from scratch with an all-zero bias) or zero. A configuration read from JSON without this
    /// property (written before it existed) reads as <see cref="DecoderBiasInitialization.Zero"/>, which is how those
    /// models were trained.
    /// </summary>
    public DecoderBiasInitialization DecoderBiasInit { get; init; } = DecoderBiasInitialization.LogUnigram;

    /// <summary>Checks the whole configuration.</summary>
    /// <exception cref="ArgumentException">A size is not positive, the layer list is empty or null, the last width is not E without a projection, or a nested record is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rate or EGRU option is out of range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(CellType))
        {
            throw new ArgumentException($"Unknown cell type {CellType}.", nameof(CellType));
        }

        if (Vocabulary <= 0 || EmbeddingSize <= 0)
        {
            throw new ArgumentException($"Vocabulary ({Vocabulary}) and EmbeddingSize ({EmbeddingSize}) must be positive.", nameof(Vocabulary));
        }

        if (HiddenSizes is null || HiddenSizes.Count == 0)
        {
            throw new ArgumentException("At least one hidden size is required.", nameof(HiddenSizes));
        }

        for (int l = 0; l < HiddenSizes.Count; l++)
        {
            if (HiddenSizes[l] <= 0)
            {
                throw new ArgumentException($"Hidden size of layer {l} must be positive, but was {HiddenSizes[l]}.", nameof(HiddenSizes));
            }
        }

        if (!Projection && HiddenSizes[^1] != EmbeddingSize)
        {
            throw new ArgumentException(
                $"The last layer's width ({HiddenSizes[^1]}) must equal the embedding width E = {EmbeddingSize}: the decoder is tied to the embedding (a projection would map it to E).",
                nameof(HiddenSizes));
        }

        if (!Enum.IsDefined(DecoderBiasInit))
        {
            throw new ArgumentException($"Unknown decoder bias initialisation {DecoderBiasInit}.", nameof(DecoderBiasInit));
        }

        if (Dropout is null || Egru is null)
        {
            throw new ArgumentException("Dropout and Egru settings must not be null.", Dropout is null ? nameof(Dropout) : nameof(Egru));
        }

        Dropout.Validate();
        Egru.Validate();
        LanguageModelLayout.EnsureRepresentable(this);
    }

    /// <summary>The configuration as indented JSON (camelCase names, the cell type as a string).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, LanguageModelJsonContext.Default.LanguageModelConfig);

    /// <summary>Reads a configuration written by <see cref="ToJson"/> and validates it. Missing properties take their defaults.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The text is not a JSON object of this shape, or is <c>null</c>.</exception>
    /// <exception cref="ArgumentException">The configuration read is invalid (see <see cref="Validate"/>).</exception>
    public static LanguageModelConfig FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node = JsonNode.Parse(json);
        if (node is not JsonObject given)
        {
            throw new JsonException($"The JSON text holds {(node is null ? "null" : node.GetValueKind().ToString())}, not a language model configuration object.");
        }

        // The source generator sets init-only properties through an object initializer, so a property missing from the
        // text would become 0 or null instead of its default; overlaying the text on a serialised default config keeps
        // the defaults (e.g. a checkpoint written before a setting existed).
        if (!given.ContainsKey(DecoderBiasInitKey))
        {
            given[DecoderBiasInitKey] = nameof(DecoderBiasInitialization.Zero);
        }

        JsonObject merged = JsonSerializer.SerializeToNode(new LanguageModelConfig(), LanguageModelJsonContext.Default.LanguageModelConfig)!.AsObject();
        Overlay(merged, given);
        LanguageModelConfig config = merged.Deserialize(LanguageModelJsonContext.Default.LanguageModelConfig)
            ?? throw new JsonException("The JSON text holds null, not a language model configuration.");
        config.Validate();
        return config;
    }

    private const string DecoderBiasInitKey = "decoderBiasInit";

    /// <summary>Copies every property of <paramref name="source"/> onto <paramref name="target"/>, recursing into objects both have.</summary>
    private static void Overlay(JsonObject target, JsonObject source)
    {
        foreach ((string name, JsonNode? value) in source.ToList())
        {
            if (value is JsonObject inner && target[name] is JsonObject existing)
            {
                Overlay(existing, inner);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    /// <summary>Value equality, comparing <see cref="HiddenSizes"/> element by element.</summary>
    /// <param name="other">The configuration to compare with.</param>
    public bool Equals(LanguageModelConfig? other) =>
        other is not null
        && CellType == other.CellType
        && Vocabulary == other.Vocabulary
        && EmbeddingSize == other.EmbeddingSize
        && (ReferenceEquals(HiddenSizes, other.HiddenSizes) || (HiddenSizes is not null && other.HiddenSizes is not null && HiddenSizes.SequenceEqual(other.HiddenSizes)))
        && Projection == other.Projection
        && Equals(Dropout, other.Dropout)
        && Equals(Egru, other.Egru)
        && Seed == other.Seed
        && DecoderBiasInit == other.DecoderBiasInit;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(CellType);
        hash.Add(Vocabulary);
        hash.Add(EmbeddingSize);
        foreach (int h in HiddenSizes ?? [])
        {
            hash.Add(h);
        }

        hash.Add(Projection);

        hash.Add(Dropout);
        hash.Add(Egru);
        hash.Add(Seed);
        hash.Add(DecoderBiasInit);
        return hash.ToHashCode();
    }
}

/// <summary>Source-generated JSON metadata (the library is AOT-compatible, so no reflection-based serialisation).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LanguageModelConfig))]
internal sealed partial class LanguageModelJsonContext : JsonSerializerContext
{
}
