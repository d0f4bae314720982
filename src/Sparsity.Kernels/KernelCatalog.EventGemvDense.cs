using System.Runtime.Intrinsics;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Events.EventGemvDense"/>, widest first.</summary>
    public static KernelFamily<EventGemvDenseKernel> EventGemvDense { get; } = new(
        nameof(EventGemvDense),
        new("EventGemvDense_Vector512", nameof(EventGemvDense), KernelTier.Vector512, Vector512.IsHardwareAccelerated, EventGemvDenseVector512.Run),
        new("EventGemvDense_Vector256", nameof(EventGemvDense), KernelTier.Vector256, Vector256.IsHardwareAccelerated, EventGemvDenseVector256.Run),
        new("EventGemvDense_Scalar", nameof(EventGemvDense), KernelTier.Scalar, true, EventGemvDenseScalar.Run));
}
