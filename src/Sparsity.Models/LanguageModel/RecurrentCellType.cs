using System.Text.Json.Serialization;

namespace Sparsity.Models.LanguageModeling;

/// <summary>Which recurrent layer a <see cref="LanguageModelConfig"/> stacks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecurrentCellType>))]
public enum RecurrentCellType
{
    /// <summary>Event-based GRU with activity-sparse outputs (egru.md §1–§2).</summary>
    Egru,

    /// <summary>Dense LSTM, the baseline (egru.md §3).</summary>
    Lstm,
}
