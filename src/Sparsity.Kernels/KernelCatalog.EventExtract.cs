using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Variants;

namespace Sparsity.Kernels;

public static partial class KernelCatalog
{
    /// <summary>Variants of <see cref="EventExtraction"/>, widest first.</summary>
    public static KernelFamily<EventExtractKernel> EventExtract { get; } = new(
        nameof(EventExtract),
        new("EventExtract_Avx512Compress", nameof(EventExtract), KernelTier.Vector512, Avx512F.IsSupported && Vector512.IsHardwareAccelerated, EventExtractAvx512.Run),
        new("EventExtract_Vector256", nameof(EventExtract), KernelTier.Vector256, Vector256.IsHardwareAccelerated, EventExtractVector256.Run),
        new("EventExtract_Scalar", nameof(EventExtract), KernelTier.Scalar, true, EventExtractScalar.Run));
}
