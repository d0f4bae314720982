using Sparsity.Core.Sparse;
using Sparsity.Models.Checkpoints;
using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;

namespace Sparsity.Tests.Models.Checkpoints;

[TestFixture]
public sealed class CheckpointCompatibilityTests
{
    private static IReadOnlyList<NamedParameter> Model(int hidden = 4) => NamedParameter.WithPrefix("layers.0.",
    [
        new Parameter("W", ParameterKind.InputKernel, 3 * hidden, 5),
        new Parameter("bx", ParameterKind.Bias, 3 * hidden),
    ]);

    private static Checkpoint Stored(IReadOnlyList<NamedParameter> model) =>
        new() { ModelConfiguration = "{}", Parameters = ParameterSnapshot.Capture(model).Tensors };

    [Test]
    public void FindFirstMismatch_SameLayout_IsNull()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CheckpointCompatibility.FindFirstMismatch(Stored(Model()).Parameters, Model()), Is.Null);
            Assert.That(CheckpointCompatibility.FindFirstMismatch([new NamedTensor("b", [7], new float[7])],
                [new NamedParameter("b", new Parameter("b", ParameterKind.Bias, 7))]), Is.Null, "a vector may be stored as [n]");
        });
    }

    [Test]
    public void FindFirstMismatch_NamesTheFirstDifference()
    {
        Checkpoint small = Stored(Model(4));
        IReadOnlyList<NamedParameter> renamed = NamedParameter.WithPrefix("layers.1.", Model().Select(e => e.Parameter));
        IReadOnlyList<NamedParameter> extra = [.. Model(), new("decoder.bias", new Parameter("bias", ParameterKind.Bias, 3))];
        Assert.Multiple(() =>
        {
            Assert.That(CheckpointCompatibility.FindFirstMismatch(small.Parameters, Model(5)),
                Does.Contain("'layers.0.W'").And.Contain("[12, 5]").And.Contain("[15, 5]"));
            Assert.That(CheckpointCompatibility.FindFirstMismatch(small.Parameters, renamed), Does.Contain("'layers.1.W'").And.Contain("not in the checkpoint"));
            Assert.That(CheckpointCompatibility.FindFirstMismatch(small.Parameters, extra), Does.Contain("'decoder.bias'"));
            Assert.That(CheckpointCompatibility.FindFirstMismatch(small.Parameters, Model().Take(1).ToList()),
                Does.Contain("'layers.0.bx'").And.Contain("does not exist in the model"));
            Assert.That(() => CheckpointCompatibility.EnsureCompatible(small, Model(5)),
                Throws.TypeOf<CheckpointException>().With.Message.Contains("does not fit this model"));
        });
    }

    [Test]
    public void CaptureWriteReadRestore_RestoresValuesAndMasks()
    {
        string directory = Directory.CreateTempSubdirectory("sparsity-ckpt-").FullName;
        try
        {
            IReadOnlyList<NamedParameter> source = Model();
            var random = new Random(6);
            foreach ((_, Parameter p) in source)
            {
                for (int i = 0; i < p.Length; i++)
                {
                    p.Value[i] = (float)random.NextDouble();
                }
            }

            source[0].Parameter.Mask = SparsityMask.FromMagnitude(source[0].Parameter.AsMatrix(), 0.5f);
            (IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, SparsityMask> masks) = ParameterSnapshot.Capture(source);
            string path = Path.Combine(directory, "m.ckpt");
            CheckpointWriter.Write(path, new Checkpoint { ModelConfiguration = "{}", Parameters = tensors, Masks = masks });

            IReadOnlyList<NamedParameter> target = Model();
            target[1].Parameter.Mask = SparsityMask.Full(12, 1); // stored dense: restoring must remove it
            ParameterSnapshot.Restore(CheckpointReader.Read(path), target);
            Assert.Multiple(() =>
            {
                Assert.That(target[0].Parameter.Value, Is.EqualTo(source[0].Parameter.Value));
                Assert.That(target[1].Parameter.Value, Is.EqualTo(source[1].Parameter.Value));
                Assert.That(target[0].Parameter.Mask!.PatternEquals(source[0].Parameter.Mask!), Is.True);
                Assert.That(target[1].Parameter.Mask, Is.Null);
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Restore_Mismatch_ThrowsAndChangesNothing()
    {
        Checkpoint stored = Stored(Model(4));
        IReadOnlyList<NamedParameter> target = Model(5);
        target[1].Parameter.Value[0] = 42f;
        Assert.Throws<CheckpointException>(() => ParameterSnapshot.Restore(stored, target));
        Assert.That(target[1].Parameter.Value[0], Is.EqualTo(42f));
    }
}
