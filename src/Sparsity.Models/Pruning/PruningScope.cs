namespace Sparsity.Models.Pruning;

/// <summary>Where the magnitude threshold is chosen.</summary>
public enum PruningScope
{
    /// <summary>Each matrix is pruned to the target sparsity on its own.</summary>
    PerMatrix,

    /// <summary>One threshold across all chosen matrices: the target holds in total, matrices with smaller weights lose more.</summary>
    Global,
}
