namespace Sparsity.Tests.Generators;

/// <summary>How <see cref="SparseGenerators"/> places the kept entries of a mask of a given density.</summary>
public enum MaskPattern
{
    /// <summary>Each entry is kept independently with probability = density.</summary>
    RandomUniform,

    /// <summary>Every row keeps exactly round(density · columns) entries at random columns (sputnik's "perfectly uniform").</summary>
    PerfectUniform,

    /// <summary>
    /// Whole blocks of the requested block shape are kept with probability = density; inside a kept block every
    /// entry, or a random half of them, is kept, so that BSR blocks also hold unkept (stored-zero) entries.
    /// </summary>
    BlockAligned,

    /// <summary><see cref="RandomUniform"/>, then about 30 % of the rows and of the columns emptied.</summary>
    EmptyLines,

    /// <summary>Exactly one kept entry at a random position (none in an empty shape); the density is ignored.</summary>
    SingleEntry,
}
