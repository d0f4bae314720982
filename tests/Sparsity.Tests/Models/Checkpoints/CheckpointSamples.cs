using Sparsity.Core.Sparse;
using Sparsity.Models.Checkpoints;
using Sparsity.Models.Optimization;
using Sparsity.Models.Randomness;

namespace Sparsity.Tests.Models.Checkpoints;

/// <summary>Seeded random checkpoints with awkward content (empty and rank-1 tensors, NaN payloads, −0, Unicode) and a bit-exact comparison.</summary>
internal static class CheckpointSamples
{
    private static readonly float[] Specials = [float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_1234), -0f, float.PositiveInfinity, float.NegativeInfinity, 1e-45f, float.MaxValue];
    private static readonly string[] Words = ["<unk>", "<eos>", "the", "ünïcødé", "日本語", "🙂", "a\"b", "N"];

    public static Checkpoint Random(int seed)
    {
        var random = new Random(seed);
        var parameters = new List<NamedTensor>();
        var masks = new Dictionary<string, SparsityMask>();
        int count = random.Next(1, 7);
        for (int i = 0; i < count; i++)
        {
            int rows = random.Next(0, 20), columns = random.Next(1, 20);
            bool vector = random.Next(3) == 0;
            int[] shape = vector ? [rows] : [rows, columns];
            var tensor = new NamedTensor($"layers.{i}.W", shape, Values(random, vector ? rows : rows * columns));
            parameters.Add(tensor);
            if (random.Next(2) == 0)
            {
                bool[] kept = [.. Enumerable.Range(0, tensor.Values.Length).Select(_ => random.Next(3) != 0)];
                masks[tensor.Name] = new SparsityMask(rows, vector ? 1 : columns, kept);
            }
        }

        var scalars = new ScalarRecord();
        scalars.Set(OptimizerState.AlgorithmKey, AdamW.AlgorithmName);
        scalars.Set(OptimizerState.StepKey, random.NextInt64());
        var position = new ScalarRecord();
        position.Set("epoch", (long)random.Next(100));
        position.Set("tokens", long.MinValue);
        position.Set("bestValidationLoss", random.NextDouble() * 10);
        position.Set("nan", BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0BAD));
        position.Set("negativeZero", -0.0);
        position.Set("phase", "fine-tune ✓");
        position.Set("empty", string.Empty);
        var rng = new DeterministicRandom((ulong)seed);
        return new Checkpoint
        {
            ModelConfiguration = $"{{\"kind\": \"egru\", \"layers\": [256, 128], \"seed\": {seed},\n \"note\": \"quotes \\\" and ünïcødé\"}}",
            Vocabulary = [.. Enumerable.Range(0, random.Next(0, 30)).Select(i => Words[random.Next(Words.Length)] + i)],
            Parameters = parameters,
            Masks = masks,
            Optimizer = random.Next(4) == 0 ? null : new OptimizerState(
                [.. parameters.Select(p => new NamedTensor("m." + p.Name, [.. p.Shape], Values(random, p.Values.Length)))], scalars),
            RandomState = rng.GetState(),
            Position = position,
            Buffers = [.. Enumerable.Range(0, random.Next(0, 3)).Select(l => random.Next(0, 4)).Select((rows, l) => new NamedTensor($"state.{l}.c", [rows, 5], Values(random, rows * 5)))],
        };
    }

    public static void AssertBitIdentical(Checkpoint expected, Checkpoint actual)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.ModelConfiguration, Is.EqualTo(expected.ModelConfiguration));
            Assert.That(actual.Vocabulary, Is.EqualTo(expected.Vocabulary));
            AssertTensors(expected.Parameters, actual.Parameters, "parameters");
            Assert.That(actual.Masks.Keys, Is.EquivalentTo(expected.Masks.Keys));
            foreach ((string name, SparsityMask mask) in expected.Masks)
            {
                Assert.That(actual.Masks.TryGetValue(name, out SparsityMask? m) && m.PatternEquals(mask), Is.True, $"mask {name}");
            }

            Assert.That(actual.Optimizer is null, Is.EqualTo(expected.Optimizer is null));
            if (expected.Optimizer is not null && actual.Optimizer is not null)
            {
                AssertTensors(expected.Optimizer.Tensors, actual.Optimizer.Tensors, "optimizer");
                Assert.That(actual.Optimizer.Scalars.ContentEquals(expected.Optimizer.Scalars), Is.True, $"optimizer scalars {actual.Optimizer.Scalars}");
            }

            Assert.That(actual.RandomState, Is.EqualTo(expected.RandomState));
            Assert.That(actual.Position.ContentEquals(expected.Position), Is.True, $"position {actual.Position} vs {expected.Position}");
            AssertTensors(expected.Buffers, actual.Buffers, "buffers");
        });
    }

    private static void AssertTensors(IReadOnlyList<NamedTensor> expected, IReadOnlyList<NamedTensor> actual, string what)
    {
        Assert.That(actual.Select(t => t.ToString()), Is.EqualTo(expected.Select(t => t.ToString())), what);
        for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            Assert.That(
                actual[i].Values.Select(BitConverter.SingleToInt32Bits),
                Is.EqualTo(expected[i].Values.Select(BitConverter.SingleToInt32Bits)),
                $"{what} {expected[i].Name} bits");
        }
    }

    private static float[] Values(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(10) == 0 ? Specials[random.Next(Specials.Length)] : (float)(random.NextDouble() * 4 - 2);
        }

        return values;
    }
}
