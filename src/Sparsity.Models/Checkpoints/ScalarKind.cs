namespace Sparsity.Models.Checkpoints;

/// <summary>The type of a <see cref="ScalarRecord"/> entry; the numbers are the on-disk tags.</summary>
public enum ScalarKind : byte
{
    /// <summary>A 64-bit signed integer (named to avoid a type name, CA1720).</summary>
    Whole = 1,

    /// <summary>A double, stored bit-exactly.</summary>
    Real = 2,

    /// <summary>A UTF-8 string.</summary>
    Text = 3,
}
