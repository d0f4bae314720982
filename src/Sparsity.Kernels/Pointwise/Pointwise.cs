using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sparsity.Core.Validation;

namespace Sparsity.Kernels.Pointwise;

/// <summary>
/// Element-wise activations, their derivatives and the EGRU event (threshold) step and surrogate gradient.
/// Every operation works on spans of equal length <c>[n]</c>; an output may be the very same span as an input
/// (in place) but must not partially overlap one.
/// </summary>
/// <remarks>Sigmoid and Tanh delegate to <see cref="TensorPrimitives"/> (Tanh with an exact-to-a-few-ulp series near 0); the rest use a 256-bit body when the hardware
/// accelerates it and a scalar loop otherwise, both computing the same expression without fused multiply-adds so the
/// tiers agree bit for bit.</remarks>
public static class Pointwise
{
    /// <summary>Computes <c>result[i] = 1 / (1 + e^(−x[i]))</c>.</summary>
    /// <param name="x">Input <c>[n]</c>.</param>
    /// <param name="result">Output <c>[n]</c>; may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans partially overlap.</exception>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> result)
    {
        CheckOutput(x, result, nameof(x), nameof(result));
        if (!x.IsEmpty)
        {
            // TensorPrimitives.Sigmoid rejects empty spans; an empty batch is legal here.
            TensorPrimitives.Sigmoid(x, result);
        }
    }

    /// <summary>Computes <c>result[i] = tanh(x[i])</c>.</summary>
    /// <param name="x">Input <c>[n]</c>.</param>
    /// <param name="result">Output <c>[n]</c>; may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans partially overlap.</exception>
    /// <remarks>
    /// TensorPrimitives' vector tanh has an absolute error of about 5e-8 everywhere, which near 0 is a large relative
    /// error (5e-2 at abs(x) = 1e-6) and differs from its scalar path, so results depended on the host's vector width.
    /// Below <see cref="TanhSeriesCutoff"/> the odd Taylor polynomial <c>x + x·x²·p(x²)</c> (terms to x¹⁹, truncation
    /// below 1e-8 relative) replaces it, computed the same way (no fused multiply-adds) on the 256-bit and scalar paths.
    /// Allocation-free: blocks of <see cref="TanhBlock"/> inputs are saved on the stack, so in-place calls work.
    /// </remarks>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> result)
    {
        CheckOutput(x, result, nameof(x), nameof(result));
        Span<float> saved = stackalloc float[TanhBlock];
        for (int start = 0; start < x.Length; start += TanhBlock)
        {
            int n = Math.Min(TanhBlock, x.Length - start);
            Span<float> input = saved[..n];
            x.Slice(start, n).CopyTo(input);
            Span<float> output = result.Slice(start, n);
            TensorPrimitives.Tanh(input, output);
            TanhSmallArguments(input, output);
        }
    }

    /// <summary>Below this magnitude tanh comes from its series: there TensorPrimitives' absolute error exceeds a few ulp.</summary>
    internal const float TanhSeriesCutoff = 0.55f;

    private const int TanhBlock = 256;

    // tanh x = x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835 − 1382x¹¹/155925 + 21844x¹³/6081075 − 929569x¹⁵/638512875
    // + 6404582x¹⁷/10854718875 − 443861162x¹⁹/1856156927625 + …; at abs(x) ≤ 0.55 the first omitted term is below 1e-9 of x.
    private const float T3 = -1f / 3f, T5 = 2f / 15f, T7 = -17f / 315f, T9 = 62f / 2835f, T11 = -1382f / 155925f, T13 = 21844f / 6081075f;
    private const float T15 = -929569f / 638512875f, T17 = 6404582f / 10854718875f, T19 = -443861162f / 1856156927625f;

    /// <summary>Overwrites <paramref name="output"/> with the series value wherever abs(<paramref name="input"/>) &lt; <see cref="TanhSeriesCutoff"/>.</summary>
    private static void TanhSmallArguments(ReadOnlySpan<float> input, Span<float> output)
    {
        ref float x0 = ref MemoryMarshal.GetReference(input);
        ref float r0 = ref MemoryMarshal.GetReference(output);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var cutoff = Vector256.Create(TanhSeriesCutoff);
            for (; i <= input.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref x0, (nuint)i);
                var small = Vector256.LessThan(Vector256.Abs(v), cutoff);
                if (small == Vector256<float>.Zero)
                {
                    continue;
                }

                var z = v * v;
                var p = (Vector256.Create(T19) * z) + Vector256.Create(T17);
                p = (p * z) + Vector256.Create(T15);
                p = (p * z) + Vector256.Create(T13);
                p = (p * z) + Vector256.Create(T11);
                p = (p * z) + Vector256.Create(T9);
                p = (p * z) + Vector256.Create(T7);
                p = (p * z) + Vector256.Create(T5);
                p = (p * z) + Vector256.Create(T3);
                p *= z;
                // tanh(±0) = ±0 exactly (the vector TensorPrimitives.Tanh returned −6e-8 for 0; v + v·p turns −0 into +0).
                var series = Vector256.ConditionalSelect(Vector256.Equals(v, Vector256<float>.Zero), v, v + (v * p));
                Vector256.ConditionalSelect(small, series, Vector256.LoadUnsafe(ref r0, (nuint)i)).StoreUnsafe(ref r0, (nuint)i);
            }
        }

        for (; i < input.Length; i++)
        {
            float v = Unsafe.Add(ref x0, i);
            if (MathF.Abs(v) < TanhSeriesCutoff)
            {
                float z = v * v;
                float p = (T19 * z) + T17;
                p = (p * z) + T15;
                p = (p * z) + T13;
                p = (p * z) + T11;
                p = (p * z) + T9;
                p = (p * z) + T7;
                p = (p * z) + T5;
                p = (p * z) + T3;
                p *= z;
                Unsafe.Add(ref r0, i) = v == 0f ? v : v + (v * p);
            }
        }
    }

    /// <summary>Computes the sigmoid derivative from its output: <c>result[i] = s[i] · (1 − s[i])</c>.</summary>
    /// <param name="s">Sigmoid outputs <c>[n]</c>.</param>
    /// <param name="result">Output <c>[n]</c>; may be <paramref name="s"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans partially overlap.</exception>
    public static void SigmoidDerivativeFromOutput(ReadOnlySpan<float> s, Span<float> result)
    {
        CheckOutput(s, result, nameof(s), nameof(result));
        ref float s0 = ref MemoryMarshal.GetReference(s);
        ref float r0 = ref MemoryMarshal.GetReference(result);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= s.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref s0, (nuint)i);
                (v * (Vector256<float>.One - v)).StoreUnsafe(ref r0, (nuint)i);
            }
        }

        for (; i < s.Length; i++)
        {
            float v = Unsafe.Add(ref s0, i);
            Unsafe.Add(ref r0, i) = v * (1f - v);
        }
    }

    /// <summary>Computes the tanh derivative from its output: <c>result[i] = 1 − t[i]²</c>.</summary>
    /// <param name="t">Tanh outputs <c>[n]</c>.</param>
    /// <param name="result">Output <c>[n]</c>; may be <paramref name="t"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans partially overlap.</exception>
    public static void TanhDerivativeFromOutput(ReadOnlySpan<float> t, Span<float> result)
    {
        CheckOutput(t, result, nameof(t), nameof(result));
        ref float t0 = ref MemoryMarshal.GetReference(t);
        ref float r0 = ref MemoryMarshal.GetReference(result);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= t.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref t0, (nuint)i);
                (Vector256<float>.One - (v * v)).StoreUnsafe(ref r0, (nuint)i);
            }
        }

        for (; i < t.Length; i++)
        {
            float v = Unsafe.Add(ref t0, i);
            Unsafe.Add(ref r0, i) = 1f - (v * v);
        }
    }

    /// <summary>
    /// The EGRU event step: a unit fires (<c>o = 1</c>) when <c>cHat[i] − theta[i] &gt; 0</c>; then
    /// <c>y[i] = cHat[i]</c> and <c>c[i] = cHat[i] − theta[i]</c>, otherwise <c>y[i] = 0</c> exactly and <c>c[i] = cHat[i]</c>.
    /// </summary>
    /// <remarks>A NaN in <paramref name="cHat"/> or <paramref name="theta"/> never fires.</remarks>
    /// <param name="cHat">Candidate internal state <c>[n]</c>.</param>
    /// <param name="theta">Thresholds <c>[n]</c>.</param>
    /// <param name="y">Event output <c>[n]</c>; may be <paramref name="cHat"/> itself, must not overlap <paramref name="theta"/> or <paramref name="c"/>.</param>
    /// <param name="c">State after the reset <c>[n]</c>; may be <paramref name="cHat"/> itself, must not overlap <paramref name="theta"/> or <paramref name="y"/>.</param>
    /// <exception cref="ArgumentException">A length differs from <paramref name="cHat"/>'s, or spans overlap as forbidden.</exception>
    public static void EventStep(ReadOnlySpan<float> cHat, ReadOnlySpan<float> theta, Span<float> y, Span<float> c)
    {
        ThrowHelper.Length(theta.Length, cHat.Length, nameof(theta), "[n]");
        CheckOutput(cHat, y, nameof(cHat), nameof(y));
        CheckOutput(cHat, c, nameof(cHat), nameof(c));
        ThrowHelper.NoOverlap<float, float>(theta, y, nameof(y), nameof(theta));
        ThrowHelper.NoOverlap<float, float>(theta, c, nameof(c), nameof(theta));
        ThrowHelper.NoOverlap<float, float>(y, c, nameof(c), nameof(y));
        ref float h0 = ref MemoryMarshal.GetReference(cHat);
        ref float t0 = ref MemoryMarshal.GetReference(theta);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= cHat.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var h = Vector256.LoadUnsafe(ref h0, (nuint)i);
                var t = Vector256.LoadUnsafe(ref t0, (nuint)i);
                var fired = Vector256.GreaterThan(h - t, Vector256<float>.Zero);

                // Both loads happen before either store, so y or c may alias cHat.
                Vector256.ConditionalSelect(fired, h, Vector256<float>.Zero).StoreUnsafe(ref y0, (nuint)i);
                Vector256.ConditionalSelect(fired, h - t, h).StoreUnsafe(ref c0, (nuint)i);
            }
        }

        for (; i < cHat.Length; i++)
        {
            float h = Unsafe.Add(ref h0, i);
            float t = Unsafe.Add(ref t0, i);
            bool fired = h - t > 0f;
            Unsafe.Add(ref y0, i) = fired ? h : 0f;
            Unsafe.Add(ref c0, i) = fired ? h - t : h;
        }
    }

    /// <summary>The triangular surrogate gradient of the event step: <c>result[i] = γ · max(0, 1 − β · |s[i]|)</c>.</summary>
    /// <param name="s">Distances to threshold <c>cHat − θ</c>, <c>[n]</c>.</param>
    /// <param name="gamma">Height γ of the triangle.</param>
    /// <param name="beta">Inverse half-width β of the triangle.</param>
    /// <param name="result">Output <c>[n]</c>; may be <paramref name="s"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans partially overlap.</exception>
    public static void TriangularSurrogate(ReadOnlySpan<float> s, float gamma, float beta, Span<float> result)
    {
        CheckOutput(s, result, nameof(s), nameof(result));
        ref float s0 = ref MemoryMarshal.GetReference(s);
        ref float r0 = ref MemoryMarshal.GetReference(result);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var g = Vector256.Create(gamma);
            var b = Vector256.Create(beta);
            for (; i <= s.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.Abs(Vector256.LoadUnsafe(ref s0, (nuint)i));
                var tri = Vector256<float>.One - (b * v);

                // Select rather than Max so the scalar and vector tiers treat NaN identically (it propagates).
                var clamped = Vector256.ConditionalSelect(Vector256.LessThan(tri, Vector256<float>.Zero), Vector256<float>.Zero, tri);
                (g * clamped).StoreUnsafe(ref r0, (nuint)i);
            }
        }

        for (; i < s.Length; i++)
        {
            float tri = 1f - (beta * MathF.Abs(Unsafe.Add(ref s0, i)));
            Unsafe.Add(ref r0, i) = gamma * (tri < 0f ? 0f : tri);
        }
    }

    /// <summary>Output length must match and the output must be the input itself or disjoint from it.</summary>
    private static void CheckOutput(ReadOnlySpan<float> input, Span<float> output, string inputName, string outputName)
    {
        ThrowHelper.Length(output.Length, input.Length, outputName, "[n]");
        if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(output)))
        {
            ThrowHelper.NoOverlap<float, float>(input, output, outputName, inputName);
        }
    }
}
