using Sparsity.Core.Interop;

namespace Sparsity.Models.Interop;

/// <summary>
/// Converts between this library's LSTM tensors (<see cref="ModelTensorNames"/>) and those of <c>torch.nn.LSTM</c>
/// (stacked, or a list of single-layer LSTMs as in EvNN's and AWD-LSTM's language models).
/// </summary>
/// <remarks>
/// <para>Per layer l: <c>layers.l.W [4H, I]</c> ↔ <c>weight_ih_l{k} [4H, I]</c>, <c>layers.l.R [4H, H]</c> ↔
/// <c>weight_hh [4H, H]</c>, <c>bx [4H]</c> ↔ <c>bias_ih</c>, <c>br [4H]</c> ↔ <c>bias_hh</c>. The layouts and the
/// gate order i | f | g | o are the same on both sides: the mapping only renames (and copies). Names come from
/// <see cref="TorchLstmNaming"/>. <c>bias=False</c>, <c>proj_size</c> &gt; 0 and bidirectional LSTMs are not modelled:
/// the missing biases or the extra <c>weight_hr</c> are reported, and <c>_reverse</c> tensors are ignored. With AWD's
/// <c>WeightDrop</c>, the file also holds <c>rnns.{l}.weight_hh_l0_raw</c> (the undropped recurrent kernel, equal to
/// <c>module.weight_hh_l0</c> in evaluation mode); import reads the module's copy.</para>
/// </remarks>
public static class TorchLstmMapping
{
    /// <summary>Converts our LSTM tensors to <c>torch.nn.LSTM</c> names.</summary>
    /// <param name="ours">Our tensors: <c>layers.{l}.W/R/bx/br</c>, plus <c>embedding</c> and <c>decoder.bias</c> when
    /// <paramref name="naming"/> has a <see cref="TorchLstmNaming.Model"/>.</param>
    /// <param name="naming">The PyTorch names; default <see cref="TorchLstmNaming.EvnnLanguageModel"/>.</param>
    /// <returns>New tensors (copies), with the metadata of <paramref name="ours"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ours"/> is null.</exception>
    /// <exception cref="ArgumentException">The naming's layer format is invalid.</exception>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape, or the model has a decoder projection (not mapped yet).</exception>
    public static TensorMap ToTorch(TensorMap ours, TorchLstmNaming? naming = null)
    {
        naming ??= TorchLstmNaming.EvnnLanguageModel;
        return LanguageModelMapper.ToForeign(ours, RecurrentLayerFormat.TorchLstm, naming.LayerFormat, naming.Model, perLayer: null);
    }

    /// <summary>Converts <c>torch.nn.LSTM</c> tensors to our names.</summary>
    /// <param name="torch">The PyTorch tensors.</param>
    /// <param name="naming">The PyTorch names; default <see cref="TorchLstmNaming.EvnnLanguageModel"/>.</param>
    /// <returns>New tensors (copies) named as in <see cref="ModelTensorNames"/>, with the metadata of <paramref name="torch"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="torch"/> is null.</exception>
    /// <exception cref="ArgumentException">The naming's layer format is invalid.</exception>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape, the layers are not numbered
    /// 0…L−1, a layer has a projection, or the decoder is projected or not tied.</exception>
    public static TensorMap FromTorch(TensorMap torch, TorchLstmNaming? naming = null)
    {
        naming ??= TorchLstmNaming.EvnnLanguageModel;
        return LanguageModelMapper.FromForeign(torch, RecurrentLayerFormat.TorchLstm, naming.LayerFormat, naming.Model);
    }
}
