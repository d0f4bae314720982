using System.Runtime.Intrinsics;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Sparse;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Sparse.SpmvBsr"/>, widest first.</summary>
    public static KernelFamily<SpmvBsrKernel> SpmvBsr { get; } = new(
        nameof(SpmvBsr),
        new("SpmvBsr_Vector256", nameof(SpmvBsr), KernelTier.Vector256, Vector256.IsHardwareAccelerated, SpmvBsrVector256.Run),
        new("SpmvBsr_Scalar", nameof(SpmvBsr), KernelTier.Scalar, true, SpmvBsrScalar.Run));
}
