// A consumer of the Sparsity NuGet packages: one event-driven product checked against the dense one, and one
// training step of a tiny EGRU language model on the built-in synthetic corpus. Exits non-zero if a check fails.
using Sparsity.Core.Dense;
using Sparsity.Core.Interop;
using Sparsity.Core.Sparse;
using Sparsity.Kernels;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Sparse;
using Sparsity.Models.Data;
using Sparsity.Models.Interop;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;
using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;
using Sparsity.Models.Pruning;
using Sparsity.Models.Training;

int failures = 0;

// --- 1. Kernels: W·x with a pruned W and a sparse x, three ways ------------------------------------------------
const int M = 48, K = 40;
var rng = new Random(7);
var w = new DenseMatrix(M, K);
foreach (ref float v in w.AsSpan())
{
    v = (float)(rng.NextDouble() * 2 - 1);
}

// Magnitude pruning: keep |w| > 0.6 (about 40 % of the weights), zero the rest in the dense copy too.
SparsityMask mask = SparsityMask.FromMagnitude(w, threshold: 0.6f);
CscMatrix wCsc = CscMatrix.FromDense(w, mask);
DenseMatrix wPruned = wCsc.ToDense();

// Activations with about 70 % zeros, as an EGRU layer emits them.
var x = new float[K];
for (int j = 0; j < K; j++)
{
    x[j] = rng.NextDouble() < 0.3 ? (float)(rng.NextDouble() + 0.5) : 0f;
}

var yDense = new float[M];
DenseGemv.Multiply(wPruned, x, yDense);                          // every weight, every input

var events = new EventList(K);
int fired = EventExtraction.Extract(x, events);                  // the nonzero inputs, ascending
var yEvents = new float[M];
EventGemvDense.Multiply(wPruned.Transpose(), events, yEvents);   // dense W, only the columns that fired (takes Wᵀ [K, M])
var yBoth = new float[M];
EventSpmvCsc.Multiply(wCsc, events, yBoth);                      // only stored weights in the columns that fired

var yCsr = new float[M];
SpmvCsr.Multiply(wCsc.ToCsr(), x, yCsr);                         // weight-sparse only, row by row

// Dispatch: the variant each operation runs here, and one variant run by name.
Console.WriteLine($"EventGemvDense runs {KernelCatalog.EventGemvDense.Selected.Name} here");
var yScalar = new float[M];
EventGemvDense.Multiply(wPruned.Transpose(), events, yScalar, variant: KernelCatalog.EventGemvDense["EventGemvDense_Scalar"]);

float errEvents = MathF.Max(MaxAbsDifference(yDense, yEvents), MaxAbsDifference(yDense, yScalar));
float errBoth = MathF.Max(MaxAbsDifference(yDense, yBoth), MaxAbsDifference(yDense, yCsr));
Console.WriteLine($"W [{M}, {K}] kept {wCsc.Nnz} of {M * K} weights ({mask.Density:P0}); x has {fired} of {K} nonzero");
Console.WriteLine($"max |dense - EventGemvDense| = {errEvents:E2}, max |dense - EventSpmvCsc or SpmvCsr| = {errBoth:E2}");
if (errEvents > 1e-5f || errBoth > 1e-5f)
{
    Console.WriteLine("FAIL: the event-driven products disagree with the dense product");
    failures++;
}

// --- 2. Models: one training step of a tiny EGRU language model -------------------------------------------------
WordCorpus corpus = SyntheticCorpus.Generate(seed: 1, trainSentences: 200, validSentences: 10, testSentences: 10);
LanguageModel model = LanguageModelFactory.Create(new LanguageModelConfig
{
    CellType = RecurrentCellType.Egru,
    Vocabulary = corpus.Vocabulary.Count,
    EmbeddingSize = 16,
    HiddenSizes = [32, 16],
    Seed = 3,
});

// One window of T steps for B parallel streams, time-major [T, B]: stream b reads the training tokens from b·stride.
const int T = 12, B = 4;
int stride = (corpus.Train.Length - 1) / B;
var tokens = new int[T * B];
var targets = new int[T * B];
for (int t = 0; t < T; t++)
{
    for (int b = 0; b < B; b++)
    {
        tokens[t * B + b] = corpus.Train[b * stride + t];
        targets[t * B + b] = corpus.Train[b * stride + t + 1];
    }
}

model.ResetState(B);
double before = model.Evaluate(tokens, targets, T, B).MeanLoss;

var optimizer = new AdamW(model.Parameters, new AdamWOptions { Beta2 = 0.999, WeightDecay = 0.0 });
model.ResetState(B);
model.ZeroGradients();
float loss = model.ForwardBackward(tokens, targets, T, B);   // forward, mean cross-entropy, backward (BPTT)
GradientClipping.ClipGlobalNorm(model.Parameters, maxNorm: 1f);
optimizer.Update(learningRate: 1e-2f);
model.NotifyParametersChanged();

model.ResetState(B);
double after = model.Evaluate(tokens, targets, T, B).MeanLoss;
double activity = 1 - model.GetStatistics().MeanActivitySparsity;
Console.WriteLine($"EGRU LM (V = {model.Vocabulary}, 32/16): training loss {loss:F4} nats; same window before {before:F4}, after one AdamW step {after:F4}; {activity:P0} of units active");
if (!(after < before))
{
    Console.WriteLine("FAIL: one optimiser step did not lower the loss on its own window");
    failures++;
}

// --- 3. An EGRU layer on its own: a window [T, B, I] and the same inputs streamed step by step ------------------
var egru = new Egru(inputSize: 8, hiddenSize: 12);
egru.Initialize(new Random(5));
var xs = new float[T * B * 8];
for (int i = 0; i < xs.Length; i++)
{
    xs[i] = (float)(rng.NextDouble() * 2 - 1);
}

var windowState = new RecurrentState(B, egru.HiddenSize);
var ys = new float[T * B * egru.HiddenSize];
egru.Forward(xs, T, windowState, ys, egru.CreateCache(maxSteps: T, batch: B));   // records what Backward needs
var stepState = new RecurrentState(B, egru.HiddenSize);
var yStep = new float[B * egru.HiddenSize];
float errStep = 0f;
for (int t = 0; t < T; t++)
{
    egru.ForwardStep(xs.AsSpan(t * B * 8, B * 8), stepState, yStep);             // streaming inference, no cache
    errStep = MathF.Max(errStep, MaxAbsDifference(yStep, ys.AsSpan(t * B * egru.HiddenSize, B * egru.HiddenSize)));
}

Console.WriteLine($"EGRU layer: window vs step-by-step outputs differ by at most {errStep:E2}");
if (errStep > 1e-4f)
{
    Console.WriteLine("FAIL: Forward and ForwardStep disagree");
    failures++;
}

// --- 4. Pruning, a checkpoint round trip and a safetensors export of the language model ------------------------
Parameter[] kernels = [.. model.Parameters.Select(p => p.Parameter).Where(p => p.Kind is ParameterKind.InputKernel or ParameterKind.RecurrentKernel)];
IReadOnlyList<double> achieved = MagnitudePruner.Prune(kernels, sparsity: 0.8, PruningScope.PerMatrix, PruningStructure.VerticalBlocks(8));
model.NotifyParametersChanged();
Console.WriteLine($"pruned {kernels.Length} kernels to {string.Join(", ", achieved.Select(a => a.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))} (8x1 blocks)");

// A schedule for Trainer (TrainingOptions.Pruning): 50 %, then 70 %, then 90 %, every 100 optimiser steps.
IPruningSchedule schedule = new IterativeSchedule([0.5, 0.7, 0.9], stepsPerLevel: 100);
Console.WriteLine($"iterative schedule: target at step 100 = {schedule.TargetAt(100)}, at step 150 = {schedule.TargetAt(150)?.ToString() ?? "none"}");

string dir = Directory.CreateTempSubdirectory("sparsity-sample-").FullName;
try
{
    string checkpointPath = Path.Combine(dir, "tiny.ckpt");
    ModelCheckpoint.Save(checkpointPath, model, corpus.Vocabulary, optimizer);
    LoadedModel loaded = ModelCheckpoint.Load(checkpointPath);
    loaded.Model.ResetState(B);
    model.ResetState(B);
    double lossSaved = model.Evaluate(tokens, targets, T, B).MeanLoss;
    double lossLoaded = loaded.Model.Evaluate(tokens, targets, T, B).MeanLoss;
    Console.WriteLine($"checkpoint: {new FileInfo(checkpointPath).Length} bytes; loss {lossSaved:F6} saved, {lossLoaded:F6} loaded");
    if (lossSaved != lossLoaded)
    {
        Console.WriteLine("FAIL: the loaded checkpoint does not reproduce the model");
        failures++;
    }

    // Safetensors: one tensor per parameter, under the model's global names (embedding, decoder.bias, layers.{l}.W ...).
    TensorMap tensors = ParameterTensors.ToTensorMap(model.Parameters);
    string safetensorsPath = Path.Combine(dir, "tiny.safetensors");
    Safetensors.WriteFile(safetensorsPath, tensors);
    TensorMap reread = Safetensors.ReadFile(safetensorsPath);
    LanguageModel imported = LanguageModelFactory.Create(model.Config!);
    ParameterTensors.CopyInto(reread, imported.Parameters);      // checks every name and shape before copying
    bool same = model.Parameters.Zip(imported.Parameters).All(pair => pair.First.Parameter.Value.AsSpan().SequenceEqual(pair.Second.Parameter.Value));
    Console.WriteLine($"safetensors: {reread.Count} tensors, layers.0.W {reread["layers.0.W"].ShapeText}, imported into a fresh model: {(same ? "identical" : "DIFFERENT")}");
    if (!reread.BitwiseEquals(tensors) || !same)
    {
        Console.WriteLine("FAIL: the safetensors file does not read back bit for bit");
        failures++;
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

// --- 5. The same through Trainer: one optimiser step, then validation and test evaluation -------------------------
LanguageModel fresh = LanguageModelFactory.Create(model.Config!);
TrainingResult result = new Trainer(fresh, corpus, new TrainingOptions { MaxSteps = 1, BatchSize = B, BpttLength = T }).Run();
Console.WriteLine($"Trainer: {result.Steps} step, test perplexity {result.Test!.Perplexity:F1} (vocabulary {corpus.Vocabulary.Count})");
if (result.Steps != 1)
{
    Console.WriteLine("FAIL: Trainer did not stop after one step");
    failures++;
}

Console.WriteLine(failures == 0 ? "sample OK" : $"sample FAILED ({failures} checks)");
return failures == 0 ? 0 : 1;

static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
{
    float max = 0f;
    for (int i = 0; i < a.Length; i++)
    {
        max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
    }

    return max;
}
