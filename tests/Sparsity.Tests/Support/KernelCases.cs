using Sparsity.Kernels.Dispatch;

namespace Sparsity.Tests.Support;

/// <summary>Test cases over a catalogue family: one per variant this machine (and this CI tier) can run.</summary>
public static class KernelCases
{
    /// <summary>The supported variants of <paramref name="family"/> as NUnit cases named after them.</summary>
    /// <typeparam name="TKernel">The family's delegate type.</typeparam>
    /// <param name="family">The operation.</param>
    /// <returns>One case per supported variant.</returns>
    public static IEnumerable<TestCaseData> Of<TKernel>(KernelFamily<TKernel> family)
        where TKernel : Delegate
    {
        ArgumentNullException.ThrowIfNull(family);
        foreach (var v in family.SupportedVariants)
        {
            yield return new TestCaseData(v).SetArgDisplayNames(v.Name);
        }
    }
}
