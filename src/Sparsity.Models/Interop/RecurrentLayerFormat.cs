namespace Sparsity.Models.Interop;

/// <summary>How a layer tensor's shape follows from the hidden width H, the input width I and the gate count G.</summary>
internal enum TensorRoleShape
{
    /// <summary>Ours <c>[G·H, I]</c>.</summary>
    InputKernel,

    /// <summary>Ours <c>[G·H, H]</c>.</summary>
    RecurrentKernel,

    /// <summary><c>[G·H]</c>.</summary>
    GateVector,

    /// <summary><c>[H]</c>.</summary>
    UnitVector,
}

/// <summary>One tensor of a recurrent layer: our local name, the foreign parameter name, and whether the foreign
/// layout is the transpose of ours.</summary>
/// <param name="Local">Our local name (<c>W</c>, <c>R</c>, …).</param>
/// <param name="Foreign">The foreign parameter name (<c>kernel</c>, <c>weight_ih</c>, …).</param>
/// <param name="Shape">How the shape follows from H and I.</param>
/// <param name="Transposed">Whether the foreign tensor is stored as the transpose of ours.</param>
internal readonly record struct TensorRole(string Local, string Foreign, TensorRoleShape Shape, bool Transposed);

/// <summary>A foreign recurrent-layer format: its tensors, gate count and order, and tensors it may have that we cannot represent.</summary>
internal sealed class RecurrentLayerFormat
{
    private RecurrentLayerFormat(string description, int gates, TensorRole[] roles, string[] rejected)
    {
        Description = description;
        Gates = gates;
        Roles = roles;
        Rejected = rejected;
    }

    /// <summary>
    /// <c>evnn_pytorch.EGRU</c>: <c>kernel [I, 3H] = Wᵀ</c>, <c>recurrent_kernel [H, 3H] = Rᵀ</c>, <c>bias</c>,
    /// <c>recurrent_bias [3H]</c>, <c>thr [H]</c>; gate blocks update|reset|candidate = our z|r|g, so only the
    /// kernels are transposed (EvNN computes <c>x @ kernel</c>, we compute <c>W·x</c>).
    /// </summary>
    public static RecurrentLayerFormat EvnnEgru { get; } = new(
        "EvNN EGRU",
        3,
        [
            new(ModelTensorNames.InputKernel, "kernel", TensorRoleShape.InputKernel, Transposed: true),
            new(ModelTensorNames.RecurrentKernel, "recurrent_kernel", TensorRoleShape.RecurrentKernel, Transposed: true),
            new(ModelTensorNames.InputBias, "bias", TensorRoleShape.GateVector, Transposed: false),
            new(ModelTensorNames.RecurrentBias, "recurrent_bias", TensorRoleShape.GateVector, Transposed: false),
            new(ModelTensorNames.Threshold, "thr", TensorRoleShape.UnitVector, Transposed: false),
        ],
        []);

    /// <summary>
    /// <c>torch.nn.LSTM</c>: <c>weight_ih [4H, I]</c>, <c>weight_hh [4H, H]</c>, <c>bias_ih</c>, <c>bias_hh [4H]</c>;
    /// gate blocks i|f|g|o as ours, so the mapping only renames. <c>weight_hr</c> (<c>proj_size</c> &gt; 0) is rejected.
    /// </summary>
    public static RecurrentLayerFormat TorchLstm { get; } = new(
        "torch.nn.LSTM",
        4,
        [
            new(ModelTensorNames.InputKernel, "weight_ih", TensorRoleShape.InputKernel, Transposed: false),
            new(ModelTensorNames.RecurrentKernel, "weight_hh", TensorRoleShape.RecurrentKernel, Transposed: false),
            new(ModelTensorNames.InputBias, "bias_ih", TensorRoleShape.GateVector, Transposed: false),
            new(ModelTensorNames.RecurrentBias, "bias_hh", TensorRoleShape.GateVector, Transposed: false),
        ],
        ["weight_hr"]);

    /// <summary>For messages, e.g. <c>EvNN EGRU</c>.</summary>
    public string Description { get; }

    /// <summary>G: gate blocks along the first axis of our kernels.</summary>
    public int Gates { get; }

    /// <summary>The layer tensors; the input and recurrent kernels come first.</summary>
    public TensorRole[] Roles { get; }

    /// <summary>Foreign parameter names whose presence means a feature this library does not model.</summary>
    public string[] Rejected { get; }
}
