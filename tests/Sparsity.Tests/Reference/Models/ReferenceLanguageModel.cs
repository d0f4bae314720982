namespace Sparsity.Tests.Reference.Models;

/// <summary>What the reference language model's forward returns.</summary>
/// <param name="Logits">Decoder outputs <c>[T][B][V]</c>.</param>
/// <param name="Loss">Mean cross-entropy over the T·B tokens.</param>
/// <param name="Cache">What the backward needs.</param>
internal sealed record ReferenceLmForward(double[][][] Logits, double Loss, ReferenceLmCache Cache);

/// <summary>Saved forward values of the reference language model.</summary>
internal sealed record ReferenceLmCache(
    int[][] Tokens, int[][] Targets, IReadOnlyList<object> LayerCaches, double[][][] Top, double[][][] Logits);

/// <summary>
/// The dense double-precision language model of egru.md §4 without dropout: embedding <c>[V, E]</c> → L
/// recurrent layers (the last of width E) → tied decoder (the embedding matrix) + bias <c>[V]</c> → log-softmax
/// cross-entropy (stable log-sum-exp), mean over T·B tokens. Gradients are returned by name:
/// <c>embedding</c>, <c>decoder.bias</c>, <c>layers.{l}.{W|R|bx|br|theta}</c>.
/// </summary>
internal sealed class ReferenceLanguageModel
{
    public ReferenceLanguageModel(int vocabulary, int embedding, IReadOnlyList<IReferenceCell> layers)
    {
        if (layers.Count == 0 || layers[0].InputSize != embedding || layers[^1].HiddenSize != embedding)
        {
            throw new ArgumentException("Layer 0 must read E and the last layer must have width E.", nameof(layers));
        }

        for (int l = 1; l < layers.Count; l++)
        {
            if (layers[l].InputSize != layers[l - 1].HiddenSize)
            {
                throw new ArgumentException($"Layer {l} reads {layers[l].InputSize}, not {layers[l - 1].HiddenSize}.", nameof(layers));
            }
        }

        Vocabulary = vocabulary;
        EmbeddingSize = embedding;
        Layers = layers;
        Embedding = new double[vocabulary * embedding];
        DecoderBias = new double[vocabulary];
        var all = new Dictionary<string, double[]> { ["embedding"] = Embedding, ["decoder.bias"] = DecoderBias };
        for (int l = 0; l < layers.Count; l++)
        {
            foreach ((string name, double[] p) in layers[l].Parameters)
            {
                all[$"layers.{l}.{name}"] = p;
            }
        }

        Parameters = all;
    }

    public int Vocabulary { get; }

    public int EmbeddingSize { get; }

    public IReadOnlyList<IReferenceCell> Layers { get; }

    /// <summary>Embedding <c>[V, E]</c>, also the decoder weight (tied).</summary>
    public double[] Embedding { get; }

    /// <summary>Decoder bias <c>[V]</c>.</summary>
    public double[] DecoderBias { get; }

    /// <summary>Every parameter tensor by name (the arrays themselves; perturbing them changes the model).</summary>
    public IReadOnlyDictionary<string, double[]> Parameters { get; }

    /// <summary>Runs tokens <c>[T][B]</c> against targets <c>[T][B]</c> from zero states (or <paramref name="initial"/>, one per layer).</summary>
    public ReferenceLmForward Forward(int[][] tokens, int[][] targets, IReadOnlyList<ReferenceState>? initial = null)
    {
        int t = tokens.Length, b = t == 0 ? 0 : tokens[0].Length, e = EmbeddingSize, v = Vocabulary;
        var x = ReferenceMath.Zeros(t, b, e);
        for (int step = 0; step < t; step++)
        {
            for (int row = 0; row < b; row++)
            {
                Array.Copy(Embedding, tokens[step][row] * e, x[step][row], 0, e);
            }
        }

        var caches = new List<object>();
        for (int l = 0; l < Layers.Count; l++)
        {
            ReferenceForward f = Layers[l].Forward(x, initial?[l]);
            caches.Add(f.Cache);
            x = f.Y;
        }

        var logits = ReferenceMath.Zeros(t, b, v);
        double loss = 0;
        for (int step = 0; step < t; step++)
        {
            for (int row = 0; row < b; row++)
            {
                double[] z = logits[step][row];
                for (int w = 0; w < v; w++)
                {
                    double sum = DecoderBias[w];
                    for (int j = 0; j < e; j++)
                    {
                        sum += Embedding[(w * e) + j] * x[step][row][j];
                    }

                    z[w] = sum;
                }

                loss += LogSumExp(z) - z[targets[step][row]];
            }
        }

        loss /= Math.Max(1, t * b);
        return new ReferenceLmForward(logits, loss, new ReferenceLmCache(tokens, targets, caches, x, logits));
    }

    /// <summary>Every gradient of the mean loss, by parameter name (same layouts as <see cref="Parameters"/>).</summary>
    public Dictionary<string, double[]> Backward(ReferenceLmCache cache)
    {
        int t = cache.Tokens.Length, b = t == 0 ? 0 : cache.Tokens[0].Length, e = EmbeddingSize, v = Vocabulary;
        var dEmbedding = new double[Embedding.Length];
        var dBias = new double[v];
        var dTop = ReferenceMath.Zeros(t, b, e);
        double scale = 1.0 / Math.Max(1, t * b);
        for (int step = 0; step < t; step++)
        {
            for (int row = 0; row < b; row++)
            {
                double[] z = cache.Logits[step][row];
                double lse = LogSumExp(z);
                for (int w = 0; w < v; w++)
                {
                    double dz = (Math.Exp(z[w] - lse) - (w == cache.Targets[step][row] ? 1 : 0)) * scale;
                    dBias[w] += dz;
                    for (int j = 0; j < e; j++)
                    {
                        dEmbedding[(w * e) + j] += dz * cache.Top[step][row][j];
                        dTop[step][row][j] += dz * Embedding[(w * e) + j];
                    }
                }
            }
        }

        var grads = new Dictionary<string, double[]> { ["embedding"] = dEmbedding, ["decoder.bias"] = dBias };
        double[][][] gy = dTop;
        for (int l = Layers.Count - 1; l >= 0; l--)
        {
            ReferenceBackward lb = Layers[l].Backward(cache.LayerCaches[l], gy, null);
            foreach ((string name, double[] g) in lb.Parameters)
            {
                grads[$"layers.{l}.{name}"] = g;
            }

            gy = lb.Dx;
        }

        for (int step = 0; step < t; step++)
        {
            for (int row = 0; row < b; row++)
            {
                int token = cache.Tokens[step][row];
                for (int j = 0; j < e; j++)
                {
                    dEmbedding[(token * e) + j] += gy[step][row][j];
                }
            }
        }

        return grads;
    }

    /// <summary><c>log Σ exp(z)</c>, shifted by the maximum so it never overflows.</summary>
    public static double LogSumExp(double[] z)
    {
        double max = z.Max();
        double sum = 0;
        foreach (double value in z)
        {
            sum += Math.Exp(value - max);
        }

        return max + Math.Log(sum);
    }
}
