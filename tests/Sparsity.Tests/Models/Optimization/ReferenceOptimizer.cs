namespace Sparsity.Tests.Models.Optimization;

/// <summary>
/// Scalar double-precision oracles of AdamW and SGD for one tensor, written straight from the formulas (PyTorch's
/// AdamW and SGD with decoupled decay), element by element, independent of the vectorised implementation.
/// </summary>
internal sealed class ReferenceOptimizer
{
    private readonly double[] _m;
    private readonly double[] _v;

    public ReferenceOptimizer(ReadOnlySpan<float> initial, bool[]? kept, bool decay, double multiplier, double? min, double? max)
    {
        Value = new double[initial.Length];
        for (int i = 0; i < initial.Length; i++)
        {
            Value[i] = initial[i];
        }

        _m = new double[initial.Length];
        _v = new double[initial.Length];
        Kept = kept;
        Decay = decay;
        Multiplier = multiplier;
        Min = min;
        Max = max;
    }

    public double[] Value { get; }

    public IReadOnlyList<double> FirstMoment => _m;

    public IReadOnlyList<double> SecondMoment => _v;

    public bool[]? Kept { get; set; }

    public bool Decay { get; }

    public double Multiplier { get; }

    public double? Min { get; }

    public double? Max { get; }

    public void AdamW(ReadOnlySpan<float> gradient, double lr, int t, double beta1, double beta2, double eps, double weightDecay)
    {
        double eta = lr * Multiplier;
        if (eta == 0)
        {
            return;
        }

        for (int i = 0; i < Value.Length; i++)
        {
            if (Kept is not null && !Kept[i])
            {
                Value[i] = 0;
                _m[i] = 0;
                _v[i] = 0;
                continue;
            }

            double g = gradient[i];
            double p = Value[i];
            if (Decay)
            {
                p *= 1 - eta * weightDecay;
            }

            _m[i] = beta1 * _m[i] + (1 - beta1) * g;
            _v[i] = beta2 * _v[i] + (1 - beta2) * g * g;
            double mHat = _m[i] / (1 - Math.Pow(beta1, t));
            double denominator = Math.Sqrt(_v[i]) / Math.Sqrt(1 - Math.Pow(beta2, t)) + eps;
            p -= eta * mHat / denominator;
            Value[i] = Clamp(p);
        }
    }

    public void Sgd(ReadOnlySpan<float> gradient, double lr, double momentum, bool nesterov, double weightDecay)
    {
        double eta = lr * Multiplier;
        if (eta == 0)
        {
            return;
        }

        for (int i = 0; i < Value.Length; i++)
        {
            if (Kept is not null && !Kept[i])
            {
                Value[i] = 0;
                _m[i] = 0;
                continue;
            }

            double g = gradient[i];
            double p = Value[i];
            if (Decay)
            {
                p *= 1 - eta * weightDecay;
            }

            double direction = g;
            if (momentum != 0)
            {
                _m[i] = momentum * _m[i] + g;
                direction = nesterov ? g + momentum * _m[i] : _m[i];
            }

            Value[i] = Clamp(p - eta * direction);
        }
    }

    private double Clamp(double p) => Math.Min(Math.Max(p, Min ?? double.NegativeInfinity), Max ?? double.PositiveInfinity);
}
