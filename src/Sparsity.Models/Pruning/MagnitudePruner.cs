using Sparsity.Core.Sparse;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.Pruning;

/// <summary>
/// Magnitude pruning (egru.md §5): removes the smallest-magnitude units (weights, or vertical blocks scored by their
/// L2 norm) until a target fraction is pruned, and installs the result as each parameter's <see cref="Parameter.Mask"/>
/// (which zeroes the pruned values and gradients). Pruning is monotone: a unit already pruned stays pruned and counts
/// towards the target, so iterative and gradual schedules only ever add zeros. Ties break by position, so the same
/// weights always give the same mask.
/// </summary>
public static class MagnitudePruner
{
    /// <summary>
    /// Prunes <paramref name="parameters"/> (matrices; typically the recurrent layers' W and R) to
    /// <paramref name="sparsity"/>, counted in pruning units: for vertical blocks whose height does not divide a matrix's
    /// row count the last, shorter block of each column counts as one unit.
    /// </summary>
    /// <param name="parameters">The matrices to prune (masks are replaced).</param>
    /// <param name="sparsity">Target fraction of pruned units, in [0, 1].</param>
    /// <param name="scope">Per matrix, or one global threshold.</param>
    /// <param name="structure">Unstructured (default) or vertical blocks.</param>
    /// <returns>The achieved weight sparsity of each parameter, in the order given.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sparsity"/> is outside [0, 1] or not finite.</exception>
    /// <exception cref="ArgumentException">A parameter is listed twice.</exception>
    public static IReadOnlyList<double> Prune(
        IReadOnlyList<Parameter> parameters, double sparsity, PruningScope scope = PruningScope.PerMatrix, PruningStructure structure = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(sparsity >= 0 && sparsity <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "Sparsity must be a fraction in [0, 1].");
        }

        if (parameters.Distinct().Count() != parameters.Count)
        {
            throw new ArgumentException("A parameter is listed more than once.", nameof(parameters));
        }

        int height = Math.Max(1, structure.BlockHeight);
        if (scope == PruningScope.PerMatrix)
        {
            foreach (Parameter p in parameters)
            {
                PruneGroup([p], sparsity, height);
            }
        }
        else
        {
            PruneGroup(parameters, sparsity, height);
        }

        return parameters.Select(p => p.Mask?.Sparsity ?? 0.0).ToArray();
    }

    /// <summary>
    /// Slack for comparing a pruned mask's density with a limit: pruning to a level rounds the kept count, so a kernel
    /// pruned to 90 % may keep one entry more than a tenth.
    /// </summary>
    internal const double DensityRoundingTolerance = 1e-3;

    /// <summary>The default pruning targets of a model: the recurrent layers' input and recurrent kernels (W and R), in order.</summary>
    /// <remarks>
    /// A decoder projection (<see cref="ParameterKind.Projection"/>) is left out on purpose: it belongs to the decoder
    /// head, which stays dense like the embedding, and counting it would change what the pruning studies' sparsity
    /// levels (and a global threshold) mean for models without one. Prune it explicitly through
    /// <see cref="Prune"/> if wanted.
    /// </remarks>
    /// <param name="parameters">A model's parameters.</param>
    /// <returns>The kernels; embedding, decoder projection, biases and thresholds stay dense.</returns>
    public static Parameter[] Kernels(IEnumerable<NamedParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return [.. parameters.Select(p => p.Parameter).Where(p => p.Kind is ParameterKind.InputKernel or ParameterKind.RecurrentKernel)];
    }

    /// <summary>The fraction of a parameter's entries that are pruned (0 without a mask).</summary>
    public static double SparsityOf(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Mask?.Sparsity ?? 0.0;
    }

    private static void PruneGroup(IReadOnlyList<Parameter> group, double sparsity, int height)
    {
        // One entry per unit: (score, parameter, block row, column). Already-pruned units score −1 so they are
        // chosen first and the mask can only shrink.
        var units = new List<(double Score, int Parameter, int BlockRow, int Column)>();
        for (int pi = 0; pi < group.Count; pi++)
        {
            Parameter p = group[pi];
            int blockRows = (p.Rows + height - 1) / height;
            ReadOnlySpan<bool> kept = p.Mask is null ? default : p.Mask.AsSpan();
            for (int br = 0; br < blockRows; br++)
            {
                for (int c = 0; c < p.Columns; c++)
                {
                    units.Add((Score(p, kept, br * height, Math.Min(p.Rows, (br + 1) * height), c), pi, br, c));
                }
            }
        }

        int prune = (int)Math.Round(sparsity * units.Count, MidpointRounding.AwayFromZero);
        int[] order = Enumerable.Range(0, units.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int byScore = units[a].Score.CompareTo(units[b].Score);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });

        var flags = group.Select(p => p.Mask is null ? Enumerable.Repeat(true, p.Length).ToArray() : p.Mask.AsSpan().ToArray()).ToArray();
        for (int n = 0; n < prune; n++)
        {
            (_, int pi, int br, int c) = units[order[n]];
            Parameter p = group[pi];
            for (int r = br * height; r < Math.Min(p.Rows, (br + 1) * height); r++)
            {
                flags[pi][(r * p.Columns) + c] = false;
            }
        }

        for (int pi = 0; pi < group.Count; pi++)
        {
            group[pi].Mask = new SparsityMask(group[pi].Rows, group[pi].Columns, flags[pi]);
        }
    }

    private static double Score(Parameter p, ReadOnlySpan<bool> kept, int rowStart, int rowEnd, int column)
    {
        double sum = 0;
        bool any = false;
        for (int r = rowStart; r < rowEnd; r++)
        {
            int i = (r * p.Columns) + column;
            if (kept.IsEmpty || kept[i])
            {
                any = true;
                double v = p.Value[i];
                sum += v * v;
            }
        }

        return any ? Math.Sqrt(sum) : -1.0;
    }
}
