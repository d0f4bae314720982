using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Sparse;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="Sparse.SpmvCsrTransposed"/> (scalar scatter only: AVX2 has no scatter).</summary>
    public static KernelFamily<SpmvCsrTransposedKernel> SpmvCsrTransposed { get; } = new(
        nameof(SpmvCsrTransposed),
        new KernelVariant<SpmvCsrTransposedKernel>("SpmvCsrTransposed_Scalar", nameof(SpmvCsrTransposed), KernelTier.Scalar, true, SpmvScatterScalar.Run));
}
