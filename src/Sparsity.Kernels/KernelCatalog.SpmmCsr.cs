using System.Runtime.Intrinsics;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Sparse;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Sparse.SpmmCsr"/>, widest first.</summary>
    public static KernelFamily<SpmmCsrKernel> SpmmCsr { get; } = new(
        nameof(SpmmCsr),
        new("SpmmCsr_Vector512", nameof(SpmmCsr), KernelTier.Vector512, Vector512.IsHardwareAccelerated, SpmmCsrVector512.Run),
        new("SpmmCsr_Vector256", nameof(SpmmCsr), KernelTier.Vector256, Vector256.IsHardwareAccelerated, SpmmCsrVector256.Run),
        new("SpmmCsr_Scalar", nameof(SpmmCsr), KernelTier.Scalar, true, SpmmCsrScalar.Run));
}
