using Sparsity.Kernels;
using Sparsity.Kernels.Dispatch;

namespace Sparsity.Tests.Kernels;

/// <summary>The start-up check of SPARSITY_THREADS, SPARSITY_MAX_TIER and SPARSITY_FORCE_KERNEL (issue 16), on values passed in.</summary>
public class KernelEnvironmentTests
{
    private static readonly IKernelVariant[] Fake =
    [
        new KernelVariant<Action>("Fake_Vector512", "Fake", KernelTier.Vector512, false, () => { }),
        new KernelVariant<Action>("Fake_Scalar", "Fake", KernelTier.Scalar, true, () => { }),
    ];

    private static void Validate(string variable, string? value, IEnumerable<IKernelVariant>? variants = null) =>
        KernelEnvironment.Validate(name => name == variable ? value : null, variants ?? KernelCatalog.AllVariants);

    [TestCase("-3")]
    [TestCase("0")]
    [TestCase("abc")]
    [TestCase("1.5")]
    [TestCase("+2")]
    [TestCase("99999999999")]
    public void Threads_NotAWholeNumberAtLeastOne_Throws(string value) =>
        Assert.That(() => Validate("SPARSITY_THREADS", value), Throws.InvalidOperationException.With.Message.Contains("SPARSITY_THREADS"));

    [Test]
    public void Threads_AboveTheProcessorCount_AreCapped()
    {
        Assert.That(KernelEnvironment.ParseThreads("1000000"), Is.EqualTo(Environment.ProcessorCount));
        Assert.That(KernelEnvironment.ParseThreads(" 1 "), Is.EqualTo(1));
        Assert.That(KernelEnvironment.ParseThreads(null), Is.EqualTo(Environment.ProcessorCount));
    }

    [TestCase("bogus")]
    [TestCase("99")]
    public void MaxTier_NotATier_Throws(string value) =>
        Assert.That(() => Validate("SPARSITY_MAX_TIER", value), Throws.InvalidOperationException.With.Message.Contains("SPARSITY_MAX_TIER"));

    [Test]
    public void ForceKernel_WrongCase_ThrowsNamingTheRealName() =>
        Assert.That(() => Validate("SPARSITY_FORCE_KERNEL", "densegemv_scalar"), Throws.InvalidOperationException.With.Message.Contains("DenseGemv_Scalar"));

    [Test]
    public void ForceKernel_UnknownName_Throws() =>
        Assert.That(() => Validate("SPARSITY_FORCE_KERNEL", "DenseGemv_Scalar,NoSuch_Kernel"), Throws.InvalidOperationException.With.Message.Contains("NoSuch_Kernel"));

    [Test]
    public void ForceKernel_VariantTheMachineCannotRun_Throws() =>
        Assert.That(() => Validate("SPARSITY_FORCE_KERNEL", "Fake_Vector512", Fake), Throws.InvalidOperationException.With.Message.Contains("does not accelerate"));

    [Test]
    public void ForceKernel_TwoVariantsOfOneOperation_Throws() =>
        Assert.That(() => Validate("SPARSITY_FORCE_KERNEL", "Fake_Scalar, Fake_Vector512", Fake), Throws.InvalidOperationException.With.Message.Contains("two variants"));

    [Test]
    public void ValidSettings_Pass() => Assert.Multiple(() =>
    {
        Assert.That(() => Validate("SPARSITY_FORCE_KERNEL", "DenseGemv_Scalar, SpmvCsr_Scalar"), Throws.Nothing);
        Assert.That(() => Validate("SPARSITY_MAX_TIER", "vector256"), Throws.Nothing);
        Assert.That(() => Validate("SPARSITY_THREADS", "1"), Throws.Nothing);
        Assert.That(() => Validate("unrelated", "x"), Throws.Nothing);
    });
}
