using System.Runtime.Intrinsics;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Events.EventSpmvBlock"/>, widest first.</summary>
    public static KernelFamily<EventSpmvBlockKernel> EventSpmvBlock { get; } = new(
        nameof(EventSpmvBlock),
        new("EventSpmvBlock_Vector512", nameof(EventSpmvBlock), KernelTier.Vector512, Vector512.IsHardwareAccelerated, EventSpmvBlockVector512.Run),
        new("EventSpmvBlock_Vector256", nameof(EventSpmvBlock), KernelTier.Vector256, Vector256.IsHardwareAccelerated, EventSpmvBlockVector256.Run),
        new("EventSpmvBlock_Scalar", nameof(EventSpmvBlock), KernelTier.Scalar, true, EventSpmvBlockScalar.Run));
}
