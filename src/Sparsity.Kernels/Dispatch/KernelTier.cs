namespace Sparsity.Kernels.Dispatch;

/// <summary>
/// The instruction-set tier a kernel variant is written for, from the always-present scalar code up to
/// AVX-512. Dispatch picks the widest supported tier; <c>SPARSITY_MAX_TIER</c> caps it.
/// </summary>
public enum KernelTier
{
    /// <summary>Plain scalar C#: production code, present for every operation, runs everywhere.</summary>
    Scalar = 0,

    /// <summary>Portable 128-bit vectors (<c>Vector128&lt;float&gt;</c>), e.g. SSE or Arm NEON.</summary>
    Vector128 = 1,

    /// <summary>Portable 256-bit vectors (<c>Vector256&lt;float&gt;</c> / <c>Vector&lt;T&gt;</c>, which is 256-bit on x64 even with AVX-512).</summary>
    Vector256 = 2,

    /// <summary>x86 AVX2 + FMA intrinsics, where a specific instruction (gather, fused multiply-add) pays.</summary>
    Avx2 = 3,

    /// <summary>512-bit vectors (<c>Vector512&lt;float&gt;</c>, AVX-512F intrinsics such as compress).</summary>
    Vector512 = 4,
}
