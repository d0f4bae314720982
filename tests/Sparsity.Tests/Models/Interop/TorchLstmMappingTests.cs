using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Interop;
using Sparsity.Models.Interop;
using Sparsity.Models.Parameters;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Models.Interop;

/// <summary>
/// Ours ↔ torch.nn.LSTM: round trips are the identity under every naming preset, tensors keep their layout (no
/// transpose, same i|f|g|o order), and the names are PyTorch's.
/// </summary>
public class TorchLstmMappingTests
{
    private static readonly TorchLstmNaming[] WithModel = [TorchLstmNaming.EvnnLanguageModel, TorchLstmNaming.WordLanguageModel];

    private static readonly TorchLstmNaming[] LayersAlone =
        [TorchLstmNaming.Stacked(), TorchLstmNaming.Stacked("lstm."), TorchLstmNaming.LayerList(), new("rnns.{0}.module.{1}_l0", null)];

    [SparsityProperty]
    public Property OursToTorchToOurs_EveryPreset_IsIdentity() => Prop.ForAll(
        Arb.From(Gen.Choose(0, int.MaxValue - 1)),
        Arb.From(Gen.Choose(0, WithModel.Length + LayersAlone.Length - 1)),
        (seed, pick) =>
        {
            bool model = pick < WithModel.Length;
            TorchLstmNaming naming = model ? WithModel[pick] : LayersAlone[pick - WithModel.Length];
            TensorMap ours = ModelMaps.Build(seed, 4, model);
            TensorMap torch = TorchLstmMapping.ToTorch(ours, naming);
            TensorMap back = TorchLstmMapping.FromTorch(torch, naming);
            if (!back.BitwiseEquals(ours))
            {
                MatrixAssert.Fail($"{ours} came back as {back} with {naming.LayerFormat}.");
            }

            // Same layout on both sides: every tensor is an element-wise copy.
            for (int l = 0; ours.Contains(ModelTensorNames.Layer(l, "W")); l++)
            {
                string prefix = string.Format(System.Globalization.CultureInfo.InvariantCulture, naming.LayerFormat, l, "weight_ih");
                if (!torch[prefix].BitwiseEquals(ours[ModelTensorNames.Layer(l, "W")]))
                {
                    MatrixAssert.Fail($"{prefix} is not W of layer {l}.");
                }
            }
        });

    [Test]
    public void ToTorch_WordLanguageModel_UsesPyTorchNames()
    {
        TensorMap ours = ModelMaps.Build(3, 4, withModel: true);
        int layers = ours.Names.Count(n => n.EndsWith(".W", StringComparison.Ordinal));

        TensorMap torch = TorchLstmMapping.ToTorch(ours, TorchLstmNaming.WordLanguageModel);

        var expected = new List<string> { "encoder.weight", "decoder.weight", "decoder.bias" };
        for (int k = 0; k < layers; k++)
        {
            expected.AddRange([$"rnn.weight_ih_l{k}", $"rnn.weight_hh_l{k}", $"rnn.bias_ih_l{k}", $"rnn.bias_hh_l{k}"]);
        }

        Assert.That(torch.Names, Is.EquivalentTo(expected));
        Assert.That(torch["rnn.weight_hh_l0"].Shape[0], Is.EqualTo(4 * torch["rnn.weight_hh_l0"].Shape[1]));
    }

    [Test]
    public void FromTorch_ProjectionWeight_Throws()
    {
        TensorMap torch = TorchLstmMapping.ToTorch(ModelMaps.Build(4, 4, withModel: false), TorchLstmNaming.Stacked());
        torch.Add("weight_hr_l0", FloatTensor.Zeros(1, 1));

        var e = Assert.Throws<InvalidDataException>(() => TorchLstmMapping.FromTorch(torch, TorchLstmNaming.Stacked()))!;

        Assert.That(e.Message, Does.Contain("weight_hr_l0"));
    }

    [Test]
    public void FromTorch_NoBias_ThrowsNamingIt()
    {
        TensorMap torch = TorchLstmMapping.ToTorch(ModelMaps.Build(5, 4, withModel: false), TorchLstmNaming.Stacked());
        torch.Remove("bias_hh_l0");

        var e = Assert.Throws<InvalidDataException>(() => TorchLstmMapping.FromTorch(torch, TorchLstmNaming.Stacked()))!;

        Assert.That(e.Message, Does.Contain("'bias_hh_l0'").And.Contain("missing"));
    }

    [Test]
    public void FromTorch_EgruShapedTensors_ThrowsShapeMismatch()
    {
        // A GRU-like 3H kernel handed to the LSTM mapping.
        var torch = new TensorMap();
        torch.Add("weight_ih_l0", FloatTensor.Zeros(6, 3));
        torch.Add("weight_hh_l0", FloatTensor.Zeros(6, 2));
        torch.Add("bias_ih_l0", FloatTensor.Zeros(6));
        torch.Add("bias_hh_l0", FloatTensor.Zeros(6));

        var e = Assert.Throws<InvalidDataException>(() => TorchLstmMapping.FromTorch(torch, TorchLstmNaming.Stacked()))!;

        Assert.That(e.Message, Does.Contain("'weight_hh_l0'").And.Contain("[6, 2]").And.Contain("[8, 2]"));
    }

    [Test]
    public void ParameterTensors_RoundTripThroughTorchNames_RestoresValues()
    {
        var parameters = new[]
        {
            new Parameter("embedding", ParameterKind.Embedding, 5, 3),
            new Parameter("decoder.bias", ParameterKind.Bias, 5),
            new Parameter("layers.0.W", ParameterKind.InputKernel, 12, 3),
            new Parameter("layers.0.R", ParameterKind.RecurrentKernel, 12, 3),
            new Parameter("layers.0.bx", ParameterKind.Bias, 12),
            new Parameter("layers.0.br", ParameterKind.Bias, 12),
        };
        var rng = new Random(12);
        foreach (Parameter p in parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] = (float)rng.NextDouble();
            }
        }

        TensorMap exported = TorchLstmMapping.ToTorch(ParameterTensors.ToTensorMap(parameters));
        float[][] before = parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        foreach (Parameter p in parameters)
        {
            Array.Clear(p.Value);
        }

        ParameterTensors.CopyInto(TorchLstmMapping.FromTorch(exported), parameters);

        for (int i = 0; i < parameters.Length; i++)
        {
            Assert.That(parameters[i].Value, Is.EqualTo(before[i]), parameters[i].Name);
        }

        Assert.That(exported["rnns.0.bias_ih_l0"].Rank, Is.EqualTo(1));
    }

    [Test]
    public void ParameterTensors_CopyIntoWithWrongShape_ThrowsAndCopiesNothing()
    {
        var a = new Parameter("a", ParameterKind.Bias, 2);
        var b = new Parameter("b", ParameterKind.InputKernel, 2, 2);
        var map = new TensorMap();
        map.Add("a", new FloatTensor([2], [1, 2]));
        map.Add("b", FloatTensor.Zeros(2, 3));

        var e = Assert.Throws<InvalidDataException>(() => ParameterTensors.CopyInto(map, [a, b]))!;

        Assert.That(e.Message, Does.Contain("'b'").And.Contain("[2, 3]").And.Contain("[2, 2]"));
        Assert.That(a.Value, Is.All.Zero);
    }
}
