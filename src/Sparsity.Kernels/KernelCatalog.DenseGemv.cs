using System.Runtime.Intrinsics;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Dense.DenseGemv"/>, widest first.</summary>
    public static KernelFamily<DenseGemvKernel> DenseGemv { get; } = new(
        nameof(DenseGemv),
        new("DenseGemv_Vector512", nameof(DenseGemv), KernelTier.Vector512, Vector512.IsHardwareAccelerated, DenseGemvVector512.Run),
        new("DenseGemv_Vector256", nameof(DenseGemv), KernelTier.Vector256, Vector256.IsHardwareAccelerated, DenseGemvVector256.Run),
        new("DenseGemv_Scalar", nameof(DenseGemv), KernelTier.Scalar, true, DenseGemvScalar.Run));
}
