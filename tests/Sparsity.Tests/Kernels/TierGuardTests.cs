using System.Runtime.Intrinsics;
using Sparsity.Kernels;
using Sparsity.Kernels.Dispatch;

namespace Sparsity.Tests.Kernels;

/// <summary>
/// CI runs the suite once per SIMD tier by setting runtime knobs; a knob the runtime ignores would turn those
/// runs into copies of the widest one. When <c>SPARSITY_EXPECT_ISA</c> is set, this checks the tier really is the one asked for.
/// </summary>
public class TierGuardTests
{
    [Test]
    public void ExpectedIsa_WhenSet_MatchesHardwareAcceleration()
    {
        string? expected = Environment.GetEnvironmentVariable("SPARSITY_EXPECT_ISA");
        if (string.IsNullOrEmpty(expected))
        {
            Assert.Ignore("SPARSITY_EXPECT_ISA is not set: not a tier run.");
        }

        (bool v128, bool v256, bool v512) = expected switch
        {
            "v512" => (true, true, true),
            "v256" => (true, true, false),
            "v128" => (true, false, false),
            "scalar" => (false, false, false),
            _ => throw new AssertionException($"SPARSITY_EXPECT_ISA='{expected}' is not one of v512, v256, v128, scalar."),
        };
        Assert.Multiple(() =>
        {
            Assert.That(Vector128.IsHardwareAccelerated, Is.EqualTo(v128), "Vector128.IsHardwareAccelerated");
            Assert.That(Vector256.IsHardwareAccelerated, Is.EqualTo(v256), "Vector256.IsHardwareAccelerated");
            Assert.That(Vector512.IsHardwareAccelerated, Is.EqualTo(v512), "Vector512.IsHardwareAccelerated");
        });
    }

    [Test]
    public void Selection_PicksWidestSupportedVariantWithinCap_ForEveryFamily()
    {
        foreach (IKernelFamily family in KernelCatalog.Families)
        {
            IKernelVariant expected = family.AllVariants.First(v => v.IsSupported && v.Tier <= KernelSelection.MaxTier);
            Assert.That(family.SelectedVariant.Name, Is.EqualTo(expected.Name), family.Operation);
        }
    }

    [Test]
    public void Catalogue_EveryFamilyEndsWithScalar_AndNamesAreUnique()
    {
        Assert.That(KernelCatalog.Families, Is.Not.Empty);
        foreach (IKernelFamily family in KernelCatalog.Families)
        {
            Assert.That(family.AllVariants[^1].Tier, Is.EqualTo(KernelTier.Scalar), family.Operation);
            Assert.That(family.AllVariants.All(v => v.Name.StartsWith(family.Operation + "_", StringComparison.Ordinal)), Is.True, family.Operation);
        }

        var names = KernelCatalog.AllVariants.Select(v => v.Name).ToList();
        Assert.That(names, Is.Unique);
    }

    [Test]
    public void MaxTier_UnknownName_Throws() =>
        Assert.That(() => KernelSelection.ParseMaxTier("avx9000"), Throws.InvalidOperationException.With.Message.Contains("SPARSITY_MAX_TIER"));
}
