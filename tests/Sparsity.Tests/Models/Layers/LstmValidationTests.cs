using Sparsity.Models.Layers;

namespace Sparsity.Tests.Models.Layers;

/// <summary>Every documented argument check of the LSTM throws the documented exception, naming the parameter.</summary>
public sealed class LstmValidationTests
{
    private const int I = 3, H = 4, B = 2, T = 3;

    private static Lstm NewLayer() => new(I, H);

    [TestCase(0, 4)]
    [TestCase(3, 0)]
    [TestCase(-1, 4)]
    public void Constructor_NonPositiveSize_Throws(int input, int hidden) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Lstm(input, hidden));

    [TestCase(-0.1f)]
    [TestCase(1f)]
    [TestCase(float.NaN)]
    public void RecurrentDropConnect_OutOfRange_Throws(float p)
    {
        var layer = NewLayer();
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.RecurrentDropConnect = p);
        Assert.That(layer.RecurrentDropConnect, Is.Zero);
    }

    [Test]
    public void Initialize_NullRandom_Throws() => Assert.Throws<ArgumentNullException>(() => NewLayer().Initialize(null!));

    [Test]
    public void CreateCache_NegativeSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NewLayer().CreateCache(-1, B));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewLayer().CreateCache(T, -1));
    }

    [Test]
    public void Forward_BadArguments_Throw()
    {
        Lstm layer = NewLayer();
        RecurrentCache cache = layer.CreateCache(T, B);
        var state = new RecurrentState(B, H);
        var x = new float[T * B * I];
        var y = new float[T * B * H];
        Assert.Throws<ArgumentNullException>(() => layer.Forward(x, T, state, y, null!));
        Assert.Throws<ArgumentNullException>(() => layer.Forward(x, T, null!, y, cache));
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(x, -1, state, y, cache));
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(new float[(T + 1) * B * I], T + 1, state, new float[(T + 1) * B * H], cache));
        Assert.That(Assert.Throws<ArgumentException>(() => layer.Forward(new float[x.Length - 1], T, state, y, cache))!.ParamName, Is.EqualTo("x"));
        Assert.That(Assert.Throws<ArgumentException>(() => layer.Forward(x, T, state, new float[y.Length + 1], cache))!.ParamName, Is.EqualTo("y"));
        Assert.That(Assert.Throws<ArgumentException>(() => layer.Forward(x, T, new RecurrentState(B + 1, H), y, cache))!.ParamName, Is.EqualTo("state"));
        Assert.That(Assert.Throws<ArgumentException>(() => layer.Forward(x, T, new RecurrentState(B, H + 1), y, cache))!.ParamName, Is.EqualTo("state"));
        Assert.That(Assert.Throws<ArgumentException>(() => layer.Forward(x, T, state, y, NewLayer().CreateCache(T, B)))!.ParamName, Is.EqualTo("cache"));
    }

    [Test]
    public void Backward_BadArguments_Throw()
    {
        Lstm layer = NewLayer();
        RecurrentCache cache = layer.CreateCache(T, B);
        var dy = new float[T * B * H];
        var dx = new float[T * B * I];
        Assert.Throws<InvalidOperationException>(() => layer.Backward(cache, dy, dx), "no forward recorded");
        layer.Forward(new float[T * B * I], T, new RecurrentState(B, H), new float[T * B * H], cache);
        Assert.Throws<ArgumentNullException>(() => layer.Backward(null!, dy, dx));
        Assert.That(Assert.Throws<ArgumentException>(() => layer.Backward(cache, new float[dy.Length - 1], dx))!.ParamName, Is.EqualTo("dy"));
        Assert.That(Assert.Throws<ArgumentException>(() => layer.Backward(cache, dy, new float[dx.Length + 1]))!.ParamName, Is.EqualTo("dx"));
        Assert.That(Assert.Throws<ArgumentException>(() => NewLayer().Backward(cache, dy, dx))!.ParamName, Is.EqualTo("cache"));
        Assert.DoesNotThrow(() => layer.Backward(cache, dy, dx));
    }

    [Test]
    public void ForwardStep_BadArguments_Throw()
    {
        Lstm layer = NewLayer();
        var state = new RecurrentState(B, H);
        Assert.Throws<ArgumentNullException>(() => layer.ForwardStep(new float[B * I], null!, new float[B * H]));
        Assert.That(Assert.Throws<ArgumentException>(() => layer.ForwardStep(new float[(B * I) + 1], state, new float[B * H]))!.ParamName, Is.EqualTo("x"));
        Assert.That(Assert.Throws<ArgumentException>(() => layer.ForwardStep(new float[B * I], state, new float[B * H - 1]))!.ParamName, Is.EqualTo("y"));
        Assert.That(Assert.Throws<ArgumentException>(() => layer.ForwardStep(new float[B * I], new RecurrentState(B, H + 1), new float[B * H]))!.ParamName, Is.EqualTo("state"));
    }
}
