using System.Runtime.Intrinsics;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Dense.DenseGemm"/>, widest first.</summary>
    public static KernelFamily<DenseGemmKernel> DenseGemm { get; } = new(
        nameof(DenseGemm),
        new("DenseGemm_Vector512", nameof(DenseGemm), KernelTier.Vector512, Vector512.IsHardwareAccelerated, DenseGemmVector512.Run),
        new("DenseGemm_Vector256", nameof(DenseGemm), KernelTier.Vector256, Vector256.IsHardwareAccelerated, DenseGemmVector256.Run),
        new("DenseGemm_Scalar", nameof(DenseGemm), KernelTier.Scalar, true, DenseGemmScalar.Run));
}
