namespace Sparsity.Core.Conversions;

/// <summary>
/// Re-compresses a compressed structure along its other axis (CSR of A ⇄ CSC of A, i.e. CSR of Aᵀ) with a
/// counting sort, in O(NNZ + majors + minors) and without a dense detour.
/// </summary>
internal static class CompressedTranspose
{
    /// <summary>Transposes a structure: entry (m, indices[p]) of the input becomes entry (indices[p], m) of the output.</summary>
    /// <param name="majorCount">Number of input slices (rows for CSR).</param>
    /// <param name="minorCount">Number of output slices (columns for CSR).</param>
    /// <param name="pointers">Input slice pointers <c>[majorCount + 1]</c>, already validated.</param>
    /// <param name="indices">Input minor indices <c>[NNZ]</c>, already validated.</param>
    /// <returns>
    /// Output pointers <c>[minorCount + 1]</c>, output indices <c>[NNZ]</c> (strictly increasing within each
    /// output slice), and for each output position q the input position it came from, so that callers can
    /// move their values (scalars for CSR/CSC, whole tiles for BSR).
    /// </returns>
    public static (int[] Pointers, int[] Indices, int[] SourceOf) Run(int majorCount, int minorCount, ReadOnlySpan<int> pointers, ReadOnlySpan<int> indices)
    {
        int nnz = indices.Length;
        var outPointers = new int[minorCount + 1];
        foreach (int idx in indices)
        {
            outPointers[idx + 1]++;
        }

        for (int i = 0; i < minorCount; i++)
        {
            outPointers[i + 1] += outPointers[i];
        }

        int[] cursor = outPointers.AsSpan(0, minorCount).ToArray();
        var outIndices = new int[nnz];
        var sourceOf = new int[nnz];

        // Visiting input slices in increasing order appends their numbers to each output slice in increasing
        // order, so the output indices come out sorted and unique without any comparison sort.
        for (int m = 0; m < majorCount; m++)
        {
            for (int p = pointers[m]; p < pointers[m + 1]; p++)
            {
                int q = cursor[indices[p]]++;
                outIndices[q] = m;
                sourceOf[q] = p;
            }
        }

        return (outPointers, outIndices, sourceOf);
    }

    /// <summary>Gathers <paramref name="values"/> into output order: <c>result[q] = values[sourceOf[q]]</c>.</summary>
    /// <param name="values">Input values <c>[NNZ]</c>.</param>
    /// <param name="sourceOf">The permutation returned by <see cref="Run"/>.</param>
    /// <returns>The values in output order; bit patterns (NaN payloads, −0) are copied unchanged.</returns>
    public static float[] Gather(ReadOnlySpan<float> values, ReadOnlySpan<int> sourceOf)
    {
        var result = new float[sourceOf.Length];
        for (int q = 0; q < result.Length; q++)
        {
            result[q] = values[sourceOf[q]];
        }

        return result;
    }
}
