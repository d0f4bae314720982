using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Events.EventSpmvCsc"/>. No SIMD variant: AVX-512 gather/scatter is slower
    /// than scalar on the target CPU (performance.md §2.3).</summary>
    public static KernelFamily<EventSpmvCscKernel> EventSpmvCsc { get; } = new(
        nameof(EventSpmvCsc),
        new("EventSpmvCsc_Unrolled4", nameof(EventSpmvCsc), KernelTier.Scalar, true, EventSpmvCscUnrolled.Run),
        new("EventSpmvCsc_Scalar", nameof(EventSpmvCsc), KernelTier.Scalar, true, EventSpmvCscScalar.Run));
}
