using System.Runtime.Intrinsics;
using Sparsity.Kernels.Backward;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Backward.WeightGradient"/>, widest first.</summary>
    public static KernelFamily<WeightGradientKernel> WeightGradient { get; } = new(
        nameof(WeightGradient),
        new("WeightGradient_Vector512", nameof(WeightGradient), KernelTier.Vector512, Vector512.IsHardwareAccelerated, WeightGradientVector512.Run),
        new("WeightGradient_Vector256", nameof(WeightGradient), KernelTier.Vector256, Vector256.IsHardwareAccelerated, WeightGradientVector256.Run),
        new("WeightGradient_Scalar", nameof(WeightGradient), KernelTier.Scalar, true, WeightGradientScalar.Run));
}
