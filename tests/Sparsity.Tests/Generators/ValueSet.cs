namespace Sparsity.Tests.Generators;

/// <summary>Which floats the generators put into stored entries.</summary>
public enum ValueSet
{
    /// <summary>
    /// Finite values: uniform in (−1, 1), with about 15 % exact +0 so that explicitly stored zeros are common.
    /// Use this for anything compared against an oracle with a tolerance (kernels).
    /// </summary>
    Finite,

    /// <summary>
    /// <see cref="Finite"/> plus about 10 % special values: NaN with random payloads (quiet and signalling, both
    /// signs), ±∞, −0, subnormals and ±float.MaxValue; BSR padding is filled with specials too. Use this for
    /// storage, conversion and serialisation, which must carry every bit pattern unchanged.
    /// </summary>
    WithSpecials,
}
