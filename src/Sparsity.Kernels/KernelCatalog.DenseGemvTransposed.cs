using System.Runtime.Intrinsics;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Dense.DenseGemvTransposed"/>, widest first.</summary>
    public static KernelFamily<DenseGemvTransposedKernel> DenseGemvTransposed { get; } = new(
        nameof(DenseGemvTransposed),
        new("DenseGemvTransposed_Vector512", nameof(DenseGemvTransposed), KernelTier.Vector512, Vector512.IsHardwareAccelerated, DenseGemvTransposedVector512.Run),
        new("DenseGemvTransposed_Vector256", nameof(DenseGemvTransposed), KernelTier.Vector256, Vector256.IsHardwareAccelerated, DenseGemvTransposedVector256.Run),
        new("DenseGemvTransposed_Scalar", nameof(DenseGemvTransposed), KernelTier.Scalar, true, DenseGemvTransposedScalar.Run));
}
