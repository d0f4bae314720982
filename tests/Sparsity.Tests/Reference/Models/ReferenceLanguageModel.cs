namespace Sparsity.Tests.Reference.Models;

/// <summary>What the reference language model's forward returns.</summary>
/// <param name="Logits">Decoder outputs <c>[T][B][V]</c>.</param>
/// <param name="Loss">Mean cross-entropy over the T·B tokens.</param>
/// <param name="Cache">What the backward needs.</param>
internal sealed record ReferenceLmForward(double[][][] Logits, double Loss, ReferenceLmCache Cache);

/// <summary>Saved forward values of the reference language model.</summary>
/// <param name="Hidden">The last layer's output <c>[T][B][H_L]</c> (the projection's input; the same as Top without one).</param>
internal sealed record ReferenceLmCache(
    int[][] Tokens, int[][] Targets, IReadOnlyList<object> LayerCaches, double[][][] Top, double[][][] Logits, double[][][] Hidden);

/// <summary>
/// The dense double-precision language model of egru.md §4 without dropout: embedding <c>[V, E]</c> → L
/// recurrent layers (the last of width E) → tied decoder (the embedding matrix) + bias <c>[V]</c> → log-softmax
/// cross-entropy (stable log-sum-exp), mean over T·B tokens. With a projection the last layer has any width H_L and
/// <c>p = P y + b</c> (<c>P [E, H_L]</c>, <c>b [E]</c>) feeds the decoder instead. Gradients are returned by name:
/// <c>embedding</c>, <c>decoder.bias</c>, <c>layers.{l}.{W|R|bx|br|theta}</c>, <c>projection.{weight|bias}</c>.
/// </summary>
internal sealed class ReferenceLanguageModel
{
    public ReferenceLanguageModel(int vocabulary, int embedding, IReadOnlyList<IReferenceCell> layers, bool projection = false)
    {
        if (layers.Count == 0 || layers[0].InputSize != embedding || (!projection && layers[^1].HiddenSize != embedding))
        {
            throw new ArgumentException("Layer 0 must read E and, without a projection, the last layer must have width E.", nameof(layers));
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

        if (projection)
        {
            ProjectionWeight = new double[embedding * layers[^1].HiddenSize];
            ProjectionBias = new double[embedding];
            all["projection.weight"] = ProjectionWeight;
            all["projection.bias"] = ProjectionBias;
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

    /// <summary>Projection weight <c>[E, H_L]</c> row-major, or null without a projection.</summary>
    public double[]? ProjectionWeight { get; }

    /// <summary>Projection bias <c>[E]</c>, or null without a projection.</summary>
    public double[]? ProjectionBias { get; }

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

        double[][][] hidden = x;
        if (ProjectionWeight is not null)
        {
            x = Project(hidden);
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
        return new ReferenceLmForward(logits, loss, new ReferenceLmCache(tokens, targets, caches, x, logits, hidden));
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
        if (ProjectionWeight is not null)
        {
            gy = BackProject(cache.Hidden, dTop, grads);
        }

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

    /// <summary><c>p[t][b][i] = bias[i] + Σ_k P[i, k] · y[t][b][k]</c>.</summary>
    private double[][][] Project(double[][][] y)
    {
        int t = y.Length, b = t == 0 ? 0 : y[0].Length, e = EmbeddingSize, h = Layers[^1].HiddenSize;
        var p = ReferenceMath.Zeros(t, b, e);
        for (int step = 0; step < t; step++)
        {
            for (int row = 0; row < b; row++)
            {
                for (int i = 0; i < e; i++)
                {
                    double sum = ProjectionBias![i];
                    for (int k = 0; k < h; k++)
                    {
                        sum += ProjectionWeight![(i * h) + k] * y[step][row][k];
                    }

                    p[step][row][i] = sum;
                }
            }
        }

        return p;
    }

    /// <summary>From dp: <c>dP[i, k] = Σ dp[i]·y[k]</c>, <c>db[i] = Σ dp[i]</c> (added to <paramref name="grads"/>); returns <c>dy[k] = Σ_i dp[i]·P[i, k]</c>.</summary>
    private double[][][] BackProject(double[][][] y, double[][][] dp, Dictionary<string, double[]> grads)
    {
        int t = y.Length, b = t == 0 ? 0 : y[0].Length, e = EmbeddingSize, h = Layers[^1].HiddenSize;
        var dWeight = new double[e * h];
        var dBias = new double[e];
        var dy = ReferenceMath.Zeros(t, b, h);
        for (int step = 0; step < t; step++)
        {
            for (int row = 0; row < b; row++)
            {
                for (int i = 0; i < e; i++)
                {
                    double g = dp[step][row][i];
                    dBias[i] += g;
                    for (int k = 0; k < h; k++)
                    {
                        dWeight[(i * h) + k] += g * y[step][row][k];
                        dy[step][row][k] += g * ProjectionWeight![(i * h) + k];
                    }
                }
            }
        }

        grads["projection.weight"] = dWeight;
        grads["projection.bias"] = dBias;
        return dy;
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
