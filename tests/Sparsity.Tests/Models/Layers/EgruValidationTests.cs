using Sparsity.Models.Layers;

namespace Sparsity.Tests.Models.Layers;

/// <summary>Argument and protocol checks of the EGRU layer: every documented throw.</summary>
public sealed class EgruValidationTests
{
    private sealed class ForeignCache() : RecurrentCache(2, 1);

    private static Egru Layer()
    {
        var layer = new Egru(3, 4);
        layer.Initialize(new Random(1));
        return layer;
    }

    [Test]
    public void Constructor_BadSizesOrOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Egru(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Egru(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Egru(3, 4, new EgruOptions { SurrogateGamma = 0f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Egru(3, 4, new EgruOptions { SurrogateBeta = float.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Egru(3, 4, new EgruOptions { ThresholdMean = 1f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Egru(3, 4, new EgruOptions { ThresholdLearningRateMultiplier = -1f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Egru(3, 4, new EgruOptions { Reset = (EgruResetMode)7 }));
        Assert.Throws<ArgumentNullException>(() => Layer().Initialize(null!));
    }

    [TestCase(-0.1f)]
    [TestCase(1f)]
    [TestCase(float.NaN)]
    public void RecurrentDropConnect_OutOfRange_Throws(float p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Layer().RecurrentDropConnect = p);

    [Test]
    public void Forward_WrongArguments_Throw()
    {
        Egru layer = Layer();
        EgruCache cache = layer.CreateCache(2, 1);
        var state = new RecurrentState(1, 4);
        Assert.Throws<ArgumentException>(() => layer.Forward(new float[5], 2, state, new float[8], cache), "x length");
        Assert.Throws<ArgumentException>(() => layer.Forward(new float[6], 2, state, new float[7], cache), "y length");
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(new float[9], 3, state, new float[12], cache), "steps > MaxSteps");
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward([], -1, state, [], cache), "negative steps");
        Assert.Throws<ArgumentException>(() => layer.Forward(new float[12], 2, new RecurrentState(2, 4), new float[16], cache), "state batch");
        Assert.Throws<ArgumentException>(() => layer.Forward(new float[6], 2, new RecurrentState(1, 5), new float[8], cache), "state width");
        Assert.Throws<ArgumentException>(() => layer.Forward(new float[6], 2, state, new float[8], Layer().CreateCache(2, 1)), "another layer's cache");
        Assert.Throws<ArgumentException>(() => layer.Forward(new float[6], 2, state, new float[8], new ForeignCache()), "not an EGRU cache");
        Assert.Throws<ArgumentNullException>(() => layer.Forward(new float[6], 2, state, new float[8], null!));
        Assert.Throws<ArgumentNullException>(() => layer.Forward(new float[6], 2, null!, new float[8], cache));
        var shared = new float[14];
        Assert.DoesNotThrow(() => layer.Forward(shared.AsSpan(0, 6), 2, state, shared.AsSpan(6, 8), cache), "disjoint slices of one array");
    }

    [Test]
    public void Forward_OverlappingOutput_Throws()
    {
        Egru layer = Layer();
        var shared = new float[12];
        Assert.Throws<ArgumentException>(() => layer.Forward(shared.AsSpan(0, 6), 2, new RecurrentState(1, 4), shared.AsSpan(4, 8), layer.CreateCache(2, 1)));
    }

    [Test]
    public void Backward_WithoutMatchingForward_Throws()
    {
        Egru layer = Layer();
        EgruCache first = layer.CreateCache(2, 1), second = layer.CreateCache(2, 1);
        Assert.Throws<InvalidOperationException>(() => layer.Backward(first, new float[8], new float[6]), "no forward yet");
        layer.Forward(new float[6], 2, new RecurrentState(1, 4), new float[8], first);
        layer.Forward(new float[6], 2, new RecurrentState(1, 4), new float[8], second);
        Assert.Throws<InvalidOperationException>(() => layer.Backward(first, new float[8], new float[6]), "another forward ran since");
        Assert.DoesNotThrow(() => layer.Backward(second, new float[8], new float[6]));
        Assert.Throws<ArgumentException>(() => layer.Backward(second, new float[7], new float[6]), "dy length");
        Assert.Throws<ArgumentException>(() => layer.Backward(second, new float[8], new float[5]), "dx length");
        Assert.Throws<ArgumentException>(() => layer.Backward(Layer().CreateCache(2, 1), new float[8], new float[6]), "another layer's cache");
    }

    [Test]
    public void ForwardStep_WrongArguments_Throw()
    {
        Egru layer = Layer();
        var state = new RecurrentState(2, 4);
        Assert.Throws<ArgumentException>(() => layer.ForwardStep(new float[5], state, new float[8]), "x length");
        Assert.Throws<ArgumentException>(() => layer.ForwardStep(new float[6], state, new float[7]), "y length");
        Assert.Throws<ArgumentException>(() => layer.ForwardStep(new float[6], new RecurrentState(2, 3), new float[6]), "state width");
        Assert.Throws<ArgumentNullException>(() => layer.ForwardStep(new float[6], null!, new float[8]));
    }

    [Test]
    public void ForwardBackward_EmptyWindow_LeaveStateAndGradientsUnchanged()
    {
        Egru layer = Layer();
        var state = new RecurrentState(2, 4);
        state.C[3] = 0.5f;
        state.Y[1] = 0.7f;
        EgruCache cache = layer.CreateCache(3, 2);
        layer.Forward([], 0, state, [], cache);
        Assert.That(state.C[3], Is.EqualTo(0.5f));
        Assert.That(state.Y[1], Is.EqualTo(0.7f));
        layer.Backward(cache, [], []);
        Assert.That(layer.Parameters.All(p => p.Gradient.All(v => v == 0f)));
        Assert.That(layer.Statistics.Outputs, Is.Zero);
    }
}
