using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Sparse;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Sparse.SpmvCsc"/> (scalar scatter only: AVX2 has no scatter).</summary>
    public static KernelFamily<SpmvCscKernel> SpmvCsc { get; } = new(
        nameof(SpmvCsc),
        new KernelVariant<SpmvCscKernel>("SpmvCsc_Scalar", nameof(SpmvCsc), KernelTier.Scalar, true, SpmvScatterScalar.Run));
}
