namespace Sparsity.Tests.Generators;

/// <summary>
/// An FsCheck property with the project's defaults: the <see cref="SparseArbitraries"/> registered, the run's
/// <see cref="PropertySeed"/> (fixed when <c>CI=true</c>) and quiet on success. On failure FsCheck.NUnit 3.6
/// reports "Falsifiable, after N tests (S shrinks) (seed,gamma)" with the original and the shrunk arguments,
/// whether the property returned false, failed an assertion or threw; rerun with
/// <c>SPARSITY_FSCHECK_REPLAY="(seed,gamma)"</c> to reproduce.
/// </summary>
/// <remarks>
/// Named arguments (<c>MaxTest</c>, <c>Replay</c>, <c>Arbitrary</c>, …) still override the defaults. Inside a
/// property prefer <see cref="Support.MatrixAssert"/>, which throws without recording: NUnit's own
/// <c>Assert.That</c> records every failure of every shrink step in the test result, so one failing property
/// would otherwise print one message per shrink.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SparsityPropertyAttribute : FsCheck.NUnit.PropertyAttribute
{
    /// <summary>Sets the project's defaults.</summary>
    public SparsityPropertyAttribute()
    {
        Arbitrary = [typeof(SparseArbitraries)];
        Replay = PropertySeed.Replay;
        QuietOnSuccess = true;
    }
}
