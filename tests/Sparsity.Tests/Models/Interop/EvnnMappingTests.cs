using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Interop;
using Sparsity.Models.Interop;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Models.Interop;

/// <summary>
/// Ours ↔ EvNN: round trips are the identity, kernels are transposed element by element with the gate blocks in
/// place, the names are those of EvNN's LM, and every missing or misshapen tensor is reported by name.
/// </summary>
public class EvnnMappingTests
{
    private static readonly EvnnNaming[] Namings =
    [
        EvnnNaming.LanguageModel,
        new("model.rnns.{0}.{1}", new LanguageModelNames("model.embeddings.weight", null, "model.decoder.decoder.bias", null)),
    ];

    private static readonly string[] TinyNames =
    [
        "embeddings.weight", "decoder.decoder.weight", "decoder.decoder.bias",
        "rnns.0.kernel", "rnns.0.recurrent_kernel", "rnns.0.bias", "rnns.0.recurrent_bias", "rnns.0.thr",
        "rnns.0.dampening_factor", "rnns.0.pseudo_derivative_support", "rnns.0._max_norm",
    ];

    [SparsityProperty]
    public Property OursToEvnnToOurs_LanguageModel_IsIdentity() => Prop.ForAll(
        Arb.From(ModelMaps.Maps(3, withModel: true)),
        Arb.From(Gen.Elements(0, 1)),
        (ours, pick) =>
        {
            EvnnNaming naming = Namings[pick];
            TensorMap back = EvnnMapping.FromEvnn(EvnnMapping.ToEvnn(ours, naming), naming);
            if (!back.BitwiseEquals(ours))
            {
                MatrixAssert.Fail($"{ours} came back as {back} with layer format {naming.LayerFormat}.");
            }
        });

    [SparsityProperty]
    public Property OursToEvnnToOurs_LayersAlone_IsIdentity() => Prop.ForAll(
        Arb.From(ModelMaps.Maps(3, withModel: false)),
        ours =>
        {
            EvnnNaming naming = EvnnNaming.Layers("egru.layer{0}.{1}");
            TensorMap back = EvnnMapping.FromEvnn(EvnnMapping.ToEvnn(ours, naming), naming);
            if (!back.BitwiseEquals(ours))
            {
                MatrixAssert.Fail($"{ours} came back as {back}.");
            }
        });

    [SparsityProperty]
    public Property ToEvnn_Kernels_AreTransposedElementByElement() => Prop.ForAll(
        Arb.From(ModelMaps.Maps(3, withModel: true)),
        ours =>
        {
            TensorMap evnn = EvnnMapping.ToEvnn(ours);
            for (int l = 0; ours.Contains(ModelTensorNames.Layer(l, "W")); l++)
            {
                foreach (var (local, foreign) in new[] { ("W", "kernel"), ("R", "recurrent_kernel") })
                {
                    FloatTensor w = ours[ModelTensorNames.Layer(l, local)], k = evnn[$"rnns.{l}.{foreign}"];
                    int rows = w.Shape[0], columns = w.Shape[1];
                    if (!k.HasShape(columns, rows))
                    {
                        MatrixAssert.Fail($"layer {l} {foreign}: shape {k.ShapeText} for {local} {w.ShapeText}.");
                    }

                    for (int i = 0; i < rows; i++)
                    {
                        for (int j = 0; j < columns; j++)
                        {
                            if (BitConverter.SingleToInt32Bits(k.Values[(j * rows) + i]) != BitConverter.SingleToInt32Bits(w.Values[(i * columns) + j]))
                            {
                                MatrixAssert.Fail($"layer {l}: {foreign}[{j}, {i}] = {k.Values[(j * rows) + i]} but {local}[{i}, {j}] = {w.Values[(i * columns) + j]}.");
                            }
                        }
                    }
                }

                foreach (var (local, foreign) in new[] { ("bx", "bias"), ("br", "recurrent_bias"), ("theta", "thr") })
                {
                    if (!evnn[$"rnns.{l}.{foreign}"].BitwiseEquals(ours[ModelTensorNames.Layer(l, local)]))
                    {
                        MatrixAssert.Fail($"layer {l}: {foreign} differs from {local}.");
                    }
                }
            }
        });

    [Test]
    public void ToEvnn_TinyModel_UsesEvnnNamesAndKeepsGateBlocks()
    {
        // H = 2, I = E = 2, V = 3; W[r, c] = 100·r + c, so each element names its row (gate block · H + unit) and column.
        const int H = 2;
        var ours = new TensorMap();
        ours.Add("embedding", new FloatTensor([3, 2], [1, 2, 3, 4, 5, 6]));
        ours.Add("decoder.bias", new FloatTensor([3], [7, 8, 9]));
        ours.Add("layers.0.W", Indexed(3 * H, 2));
        ours.Add("layers.0.R", Indexed(3 * H, H));
        ours.Add("layers.0.bx", new FloatTensor([3 * H], [10, 11, 20, 21, 30, 31]));
        ours.Add("layers.0.br", new FloatTensor([3 * H], [40, 41, 50, 51, 60, 61]));
        ours.Add("layers.0.theta", new FloatTensor([H], [0.25f, 0.5f]));

        TensorMap evnn = EvnnMapping.ToEvnn(ours, surrogate: new EvnnSurrogate(3.6f, 3.6f));

        Assert.That(evnn.Names, Is.EquivalentTo(TinyNames));
        FloatTensor kernel = evnn["rnns.0.kernel"];
        Assert.That(kernel.HasShape(2, 3 * H), Is.True);

        // EvNN computes x @ kernel and splits the 3H columns into update | reset | candidate: column g·H + u of
        // kernel row i must be our W row g·H + u (gate g, unit u), column i.
        for (int gate = 0; gate < 3; gate++)
        {
            for (int unit = 0; unit < H; unit++)
            {
                for (int input = 0; input < 2; input++)
                {
                    Assert.That(kernel.Values[(input * 3 * H) + (gate * H) + unit], Is.EqualTo((100 * ((gate * H) + unit)) + input));
                }
            }
        }

        Assert.That(evnn["rnns.0.recurrent_kernel"].Values[(1 * 3 * H) + (2 * H) + 0], Is.EqualTo(100 * 4 + 1), "candidate unit 0 from y[1]");
        Assert.That(evnn["rnns.0.bias"].Values, Is.EqualTo(ours["layers.0.bx"].Values));
        Assert.That(evnn["decoder.decoder.weight"].BitwiseEquals(ours["embedding"]), Is.True);
        Assert.That(EvnnMapping.ReadSurrogate(evnn, 0), Is.EqualTo(new EvnnSurrogate(3.6f, 3.6f, -1f)));
        Assert.That(EvnnMapping.ReadSurrogate(EvnnMapping.ToEvnn(ours), 0), Is.Null);
        Assert.That(EvnnMapping.FromEvnn(evnn).BitwiseEquals(ours), Is.True, "the surrogate tensors are ignored on import");

        static FloatTensor Indexed(int rows, int columns)
        {
            FloatTensor t = FloatTensor.Zeros(rows, columns);
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    t.Values[(r * columns) + c] = (100 * r) + c;
                }
            }

            return t;
        }
    }

    [SparsityProperty]
    public Property OursToEvnnThroughSafetensorsToOurs_IsIdentity() => Prop.ForAll(
        Arb.From(ModelMaps.Maps(3, withModel: true)),
        ours =>
        {
            using var file = new MemoryStream();
            Safetensors.Write(file, EvnnMapping.ToEvnn(ours));
            file.Position = 0;
            if (!EvnnMapping.FromEvnn(Safetensors.Read(file)).BitwiseEquals(ours))
            {
                MatrixAssert.Fail($"{ours} did not survive EvNN safetensors export and import.");
            }
        });

    [Test]
    public void FromEvnn_OnlyTheTiedDecoderName_IsAcceptedAsTheEmbedding()
    {
        TensorMap ours = ModelMaps.Build(5, 3, withModel: true);
        TensorMap evnn = EvnnMapping.ToEvnn(ours);
        evnn.Remove("embeddings.weight");

        Assert.That(EvnnMapping.FromEvnn(evnn).BitwiseEquals(ours), Is.True);
    }

    [Test]
    public void FromEvnn_UntiedDecoder_ThrowsNamingBoth()
    {
        TensorMap evnn = EvnnMapping.ToEvnn(ModelMaps.Build(6, 3, withModel: true));
        evnn["decoder.decoder.weight"].Values[0] += 1;

        var e = Assert.Throws<InvalidDataException>(() => EvnnMapping.FromEvnn(evnn))!;

        Assert.That(e.Message, Does.Contain("'embeddings.weight'").And.Contain("'decoder.decoder.weight'").And.Contain("not tied"));
    }

    [Test]
    public void FromEvnn_ProjectedDecoder_Throws()
    {
        TensorMap evnn = EvnnMapping.ToEvnn(ModelMaps.Build(7, 3, withModel: true));
        evnn.Add("decoder.projection.weight", FloatTensor.Zeros(2, 2));

        var e = Assert.Throws<InvalidDataException>(() => EvnnMapping.FromEvnn(evnn))!;

        Assert.That(e.Message, Does.Contain("decoder.projection.weight"));
    }

    [SparsityProperty(MaxTest = 30)]
    public Property FromEvnn_AnyTensorMissing_ThrowsNamingIt() => Prop.ForAll(
        Arb.From(ModelMaps.Maps(3, withModel: true)),
        ours =>
        {
            TensorMap evnn = EvnnMapping.ToEvnn(ours);
            foreach (string name in evnn.Names.Where(n => n != "decoder.decoder.weight" && n != "embeddings.weight"))
            {
                TensorMap damaged = Without(evnn, name);
                string message = ExpectInvalid(() => EvnnMapping.FromEvnn(damaged), $"without '{name}'");
                if (!message.Contains($"'{name}'", StringComparison.Ordinal))
                {
                    MatrixAssert.Fail($"without '{name}': message does not name it: {message}");
                }
            }

            foreach (string name in ours.Names)
            {
                ExpectInvalid(() => EvnnMapping.ToEvnn(Without(ours, name)), $"ours without '{name}'");
            }
        });

    [SparsityProperty(MaxTest = 30)]
    public Property FromEvnn_AnyTensorMisshapen_ThrowsNamingIt() => Prop.ForAll(
        Arb.From(ModelMaps.Maps(3, withModel: true)),
        ours =>
        {
            TensorMap evnn = EvnnMapping.ToEvnn(ours);
            foreach (string name in evnn.Names)
            {
                TensorMap damaged = Without(evnn, name);
                int[] shape = evnn[name].Shape.ToArray();
                shape[^1] += 1;
                damaged.Add(name, FloatTensor.Zeros(shape));
                string message = ExpectInvalid(() => EvnnMapping.FromEvnn(damaged), $"'{name}' reshaped to {FloatTensor.Format(shape)}");
                if (!message.Contains(FloatTensor.Format(shape), StringComparison.Ordinal))
                {
                    MatrixAssert.Fail($"'{name}' reshaped to {FloatTensor.Format(shape)}: message does not show the shape: {message}");
                }
            }
        });

    [Test]
    public void FromEvnn_LastLayerNotEmbeddingWidth_Throws()
    {
        TensorMap ours = ModelMaps.Build(8, 3, withModel: true);
        var smaller = new TensorMap();
        foreach (var (name, tensor) in ours)
        {
            smaller.Add(name, tensor);
        }

        int e = ours["embedding"].Shape[1];
        smaller.Set("embedding", FloatTensor.Zeros(ours["embedding"].Shape[0], e + 1));

        var error = Assert.Throws<InvalidDataException>(() => EvnnMapping.ToEvnn(smaller))!;

        Assert.That(error.Message, Does.Contain("layer 0").And.Contain($"E = {e + 1}"));
    }

    [Test]
    public void FromEvnn_LayerGap_Throws()
    {
        TensorMap evnn = EvnnMapping.ToEvnn(ModelMaps.Build(9, 3, withModel: false), EvnnNaming.Layers());
        foreach (var (name, tensor) in evnn.ToList())
        {
            evnn.Remove(name);
            evnn.Add(name.Replace("rnns.0.", "rnns.5.", StringComparison.Ordinal), tensor);
        }

        var e = Assert.Throws<InvalidDataException>(() => EvnnMapping.FromEvnn(evnn, EvnnNaming.Layers()))!;

        Assert.That(e.Message, Does.Contain("no layer 0").Or.Contain("not found"));
    }

    [TestCase("rnns.{0}")]
    [TestCase("rnns.{1}")]
    [TestCase("rnns.{0.{1}")]
    public void ToEvnn_BadLayerFormat_ThrowsArgumentException(string format)
    {
        Assert.Throws<ArgumentException>(() => EvnnMapping.ToEvnn(ModelMaps.Build(1, 3, withModel: false), EvnnNaming.Layers(format)));
    }

    private static TensorMap Without(TensorMap map, string name)
    {
        var copy = new TensorMap();
        foreach (var (n, t) in map)
        {
            if (n != name)
            {
                copy.Add(n, t);
            }
        }

        return copy;
    }

    private static string ExpectInvalid(Action action, string what)
    {
        try
        {
            action();
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }

        MatrixAssert.Fail($"{what}: accepted.");
        return string.Empty;
    }
}
