namespace Sparsity.Models.Interop;

/// <summary>
/// How a PyTorch checkpoint names the tensors of <c>torch.nn.LSTM</c> layers.
/// </summary>
/// <param name="LayerFormat">A composite format: <c>{0}</c> is the layer index, <c>{1}</c> the parameter kind
/// (<c>weight_ih</c>, <c>weight_hh</c>, <c>bias_ih</c>, <c>bias_hh</c>; <c>weight_hr</c> is looked for to reject
/// <c>proj_size</c> &gt; 0). One stacked <c>nn.LSTM(num_layers=L)</c> names layer k <c>{1}_l{k}</c>, so its format is
/// <c>prefix{1}_l{0}</c>; a list of single-layer LSTMs (EvNN's LM with <c>rnn_type='lstm'</c>, AWD-LSTM) uses
/// <c>rnns.{0}.{1}_l0</c>; with AWD's <c>WeightDrop</c> wrapper the module sits one level down,
/// <c>rnns.{0}.module.{1}_l0</c>.</param>
/// <param name="Model">The language-model tensors around the layers; null for the LSTM layers alone.</param>
public sealed record TorchLstmNaming(string LayerFormat, LanguageModelNames? Model)
{
    /// <summary>EvNN's benchmark LM with <c>rnn_type='lstm'</c> and no DropConnect: <c>rnns.{l}.weight_ih_l0</c> …, <c>embeddings.weight</c>.</summary>
    public static TorchLstmNaming EvnnLanguageModel { get; } = new("rnns.{0}.{1}_l0", LanguageModelNames.Evnn);

    /// <summary>PyTorch's <c>word_language_model</c> example (one stacked <c>nn.LSTM</c> called <c>rnn</c>, tied weights): <c>rnn.weight_ih_l{k}</c>, <c>encoder.weight</c>.</summary>
    public static TorchLstmNaming WordLanguageModel { get; } = new("rnn.{1}_l{0}", LanguageModelNames.WordLanguageModel);

    /// <summary>One stacked <c>nn.LSTM</c> alone: <c>{prefix}weight_ih_l{k}</c> … (empty prefix for the module's own <c>state_dict()</c>).</summary>
    /// <param name="prefix">The module path with its trailing dot, e.g. <c>"lstm."</c>; empty for none.</param>
    /// <returns>The naming.</returns>
    public static TorchLstmNaming Stacked(string prefix = "") => new(Escape(prefix) + "{1}_l{0}", null);

    /// <summary>A list of single-layer <c>nn.LSTM</c>s alone: <c>{prefix}{k}.weight_ih_l0</c> ….</summary>
    /// <param name="prefix">The list's module path with its trailing dot, e.g. <c>"rnns."</c>.</param>
    /// <returns>The naming.</returns>
    public static TorchLstmNaming LayerList(string prefix = "rnns.") => new(Escape(prefix) + "{0}.{1}_l0", null);

    private static string Escape(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return prefix.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
    }
}
