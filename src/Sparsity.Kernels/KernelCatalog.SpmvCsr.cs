using System.Runtime.Intrinsics.X86;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Sparse;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Sparse.SpmvCsr"/>, widest first.</summary>
    public static KernelFamily<SpmvCsrKernel> SpmvCsr { get; } = new(
        nameof(SpmvCsr),
        new("SpmvCsr_Avx2Gather", nameof(SpmvCsr), KernelTier.Avx2, Avx2.IsSupported && Fma.IsSupported, SpmvCsrAvx2Gather.Run),
        new("SpmvCsr_Scalar", nameof(SpmvCsr), KernelTier.Scalar, true, SpmvCsrScalar.Run));
}
