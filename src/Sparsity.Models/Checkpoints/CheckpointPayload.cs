using Sparsity.Core.Sparse;
using Sparsity.Models.Optimization;

namespace Sparsity.Models.Checkpoints;

/// <summary>Encodes and decodes the payload section of <see cref="CheckpointFormat"/>.</summary>
internal static class CheckpointPayload
{
    /// <summary>Checks what can be checked before any byte is written (names, masks), so most errors leave no file behind.</summary>
    public static void Validate(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(checkpoint.ModelConfiguration, nameof(checkpoint));
        ArgumentNullException.ThrowIfNull(checkpoint.Vocabulary, nameof(checkpoint));
        ArgumentNullException.ThrowIfNull(checkpoint.Parameters, nameof(checkpoint));
        ArgumentNullException.ThrowIfNull(checkpoint.Masks, nameof(checkpoint));
        ArgumentNullException.ThrowIfNull(checkpoint.RandomState, nameof(checkpoint));
        ArgumentNullException.ThrowIfNull(checkpoint.Position, nameof(checkpoint));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (NamedTensor t in checkpoint.Parameters)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(checkpoint));
            if (!names.Add(t.Name))
            {
                throw new ArgumentException($"Parameter '{t.Name}' appears more than once.", nameof(checkpoint));
            }

            if (checkpoint.Masks.TryGetValue(t.Name, out SparsityMask? mask)
                && (mask is null || (long)mask.Rows * mask.Columns != t.Values.Length || !t.HasShape(mask.Rows, mask.Columns)))
            {
                throw new ArgumentException(
                    $"The mask of '{t.Name}' ({mask?.ToString() ?? "null"}) does not match its shape {NamedTensor.FormatShape([.. t.Shape])}.",
                    nameof(checkpoint));
            }
        }

        foreach (string maskName in checkpoint.Masks.Keys)
        {
            if (!names.Contains(maskName))
            {
                throw new ArgumentException($"There is a mask for '{maskName}', but no such parameter.", nameof(checkpoint));
            }
        }
    }

    public static void Write(PayloadWriter w, Checkpoint checkpoint)
    {
        w.WriteString(checkpoint.ModelConfiguration);

        IReadOnlyList<string> vocabulary = checkpoint.Vocabulary;
        w.WriteInt32(vocabulary.Count);
        for (int i = 0; i < vocabulary.Count; i++)
        {
            string word = vocabulary[i] ?? throw new ArgumentException($"Vocabulary entry {i} is null.", nameof(checkpoint));
            w.WriteString(word);
        }

        w.WriteInt32(checkpoint.Parameters.Count);
        foreach (NamedTensor t in checkpoint.Parameters)
        {
            w.WriteString(t.Name);
            w.WriteShape(t.Shape);
            bool hasMask = checkpoint.Masks.TryGetValue(t.Name, out SparsityMask? mask);
            w.WriteByte(hasMask ? (byte)1 : (byte)0);
            if (hasMask)
            {
                w.WriteBits(mask!.AsSpan());
            }

            w.WriteSingles(t.Values);
        }

        OptimizerState? optimizer = checkpoint.Optimizer;
        w.WriteByte(optimizer is null ? (byte)0 : (byte)1);
        if (optimizer is not null)
        {
            WriteRecord(w, optimizer.Scalars);
            w.WriteInt32(optimizer.Tensors.Count);
            foreach (NamedTensor t in optimizer.Tensors)
            {
                w.WriteString(t.Name);
                w.WriteShape(t.Shape);
                w.WriteSingles(t.Values);
            }
        }

        w.WriteInt32(checkpoint.RandomState.Count);
        for (int i = 0; i < checkpoint.RandomState.Count; i++)
        {
            w.WriteUInt64(checkpoint.RandomState[i]);
        }

        WriteRecord(w, checkpoint.Position);

        ArgumentNullException.ThrowIfNull(checkpoint.Buffers, nameof(checkpoint));
        w.WriteInt32(checkpoint.Buffers.Count);
        foreach (NamedTensor t in checkpoint.Buffers)
        {
            w.WriteString(t.Name);
            w.WriteShape(t.Shape);
            w.WriteSingles(t.Values);
        }
    }

    public static Checkpoint Read(ref PayloadReader r)
    {
        string configuration = r.ReadString("modelConfiguration");

        int words = r.ReadCount("vocabulary.count", sizeof(int));
        var vocabulary = new string[words];
        for (int i = 0; i < words; i++)
        {
            vocabulary[i] = r.ReadString("vocabulary");
        }

        int count = r.ReadCount("parameters.count", 2 * sizeof(int) + 1);
        var parameters = new NamedTensor[count];
        var masks = new Dictionary<string, SparsityMask>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString("parameter.name");
            int[] shape = r.ReadShape("parameter.shape", out int elements);
            byte hasMask = r.ReadByte("parameter.hasMask");
            if (hasMask > 1)
            {
                throw r.Malformed($"parameter '{name}' has mask flag {hasMask}");
            }

            if (hasMask == 1)
            {
                if (shape.Length is < 1 or > 2)
                {
                    throw r.Malformed($"parameter '{name}' has a mask but rank {shape.Length}");
                }

                int rows = shape[0], columns = shape.Length == 2 ? shape[1] : 1;
                bool[] kept = r.ReadBits(elements, "parameter.mask");
                masks[name] = new SparsityMask(rows, columns, kept);
            }

            parameters[i] = Tensor(ref r, name, shape, r.ReadSingles(elements, "parameter.values"));
        }

        OptimizerState? optimizer = null;
        if (r.ReadByte("hasOptimizer") == 1)
        {
            ScalarRecord scalars = ReadRecord(ref r, "optimizer.scalars");
            int tensorCount = r.ReadCount("optimizer.count", 2 * sizeof(int));
            var tensors = new NamedTensor[tensorCount];
            for (int i = 0; i < tensorCount; i++)
            {
                string name = r.ReadString("optimizer.name");
                int[] shape = r.ReadShape("optimizer.shape", out int elements);
                tensors[i] = Tensor(ref r, name, shape, r.ReadSingles(elements, "optimizer.values"));
            }

            optimizer = new OptimizerState(tensors, scalars);
        }

        int randomCount = r.ReadCount("randomState.count", sizeof(ulong));
        var randomState = new ulong[randomCount];
        for (int i = 0; i < randomCount; i++)
        {
            randomState[i] = r.ReadUInt64("randomState");
        }

        ScalarRecord position = ReadRecord(ref r, "position");
        int bufferCount = r.ReadCount("buffers.count", 2 * sizeof(int));
        var buffers = new NamedTensor[bufferCount];
        for (int i = 0; i < bufferCount; i++)
        {
            string name = r.ReadString("buffer.name");
            int[] shape = r.ReadShape("buffer.shape", out int elements);
            buffers[i] = Tensor(ref r, name, shape, r.ReadSingles(elements, "buffer.values"));
        }

        if (r.Remaining != 0)
        {
            throw r.Malformed($"{r.Remaining} bytes follow the last field");
        }

        return new Checkpoint
        {
            ModelConfiguration = configuration,
            Vocabulary = vocabulary,
            Parameters = parameters,
            Masks = masks,
            Optimizer = optimizer,
            RandomState = randomState,
            Position = position,
            Buffers = buffers,
        };
    }

    private static NamedTensor Tensor(ref PayloadReader r, string name, int[] shape, float[] values)
    {
        try
        {
            return new NamedTensor(name, shape, values);
        }
        catch (ArgumentException e)
        {
            throw r.Malformed(e.Message);
        }
    }

    private static void WriteRecord(PayloadWriter w, ScalarRecord record)
    {
        w.WriteInt32(record.Count);
        foreach (KeyValuePair<string, ScalarValue> e in record.Entries)
        {
            w.WriteString(e.Key);
            w.WriteByte((byte)e.Value.Kind);
            switch (e.Value.Kind)
            {
                case ScalarKind.Whole:
                    w.WriteInt64(e.Value.Whole);
                    break;
                case ScalarKind.Real:
                    w.WriteDouble(e.Value.Real);
                    break;
                default:
                    w.WriteString(e.Value.Text);
                    break;
            }
        }
    }

    private static ScalarRecord ReadRecord(ref PayloadReader r, string field)
    {
        var record = new ScalarRecord();
        int count = r.ReadCount(field + ".count", sizeof(int) + 1);
        for (int i = 0; i < count; i++)
        {
            string key = r.ReadString(field + ".key");
            if (key.Length == 0 || record.Contains(key))
            {
                throw r.Malformed($"{field} has an empty or repeated key '{key}'");
            }

            var kind = (ScalarKind)r.ReadByte(field + ".kind");
            switch (kind)
            {
                case ScalarKind.Whole:
                    record.Set(key, r.ReadInt64(field + ".value"));
                    break;
                case ScalarKind.Real:
                    record.Set(key, r.ReadDouble(field + ".value"));
                    break;
                case ScalarKind.Text:
                    record.Set(key, r.ReadString(field + ".value"));
                    break;
                default:
                    throw r.Malformed($"{field} entry '{key}' has unknown kind {(byte)kind}");
            }
        }

        return record;
    }
}
