namespace Sparsity.Core.Validation;

/// <summary>
/// The invariants shared by every compressed format (CSR by rows, CSC by columns, BSR by block rows):
/// a pointer array of length majors + 1 that starts at 0, never decreases and ends at the entry count,
/// and, inside each major slice, minor indices in range, strictly increasing (sorted and unique).
/// </summary>
internal static class CompressedStructure
{
    /// <summary>Checks every invariant and throws an <see cref="ArgumentException"/> naming the first one broken.</summary>
    /// <param name="majorCount">Number of major slices (rows for CSR).</param>
    /// <param name="minorCount">Exclusive upper bound of the minor indices (columns for CSR).</param>
    /// <param name="pointers">Slice pointers, length majorCount + 1.</param>
    /// <param name="indices">Minor indices, length pointers[majorCount].</param>
    /// <param name="major">Word for a major slice in messages ("row", "column", "block row").</param>
    /// <param name="minor">Word for a minor index in messages.</param>
    /// <param name="pointersName">Parameter name of the pointer array.</param>
    /// <param name="indicesName">Parameter name of the index array.</param>
    public static void Validate(
        int majorCount, int minorCount, ReadOnlySpan<int> pointers, ReadOnlySpan<int> indices,
        string major, string minor, string pointersName, string indicesName)
    {
        ThrowHelper.NonNegative(majorCount, major + " count");
        ThrowHelper.NonNegative(minorCount, minor + " count");
        // In long: int.MaxValue slices would overflow majorCount + 1 and garble the message.
        if (pointers.Length != (long)majorCount + 1)
        {
            ThrowHelper.Argument(pointersName, $"{pointersName} must have length {(long)majorCount + 1} ({major} count + 1), but has length {pointers.Length}.");
        }

        if (pointers[0] != 0)
        {
            ThrowHelper.Argument(pointersName, $"{pointersName}[0] must be 0, but is {pointers[0]}.");
        }

        for (int m = 0; m < majorCount; m++)
        {
            if (pointers[m + 1] < pointers[m])
            {
                ThrowHelper.Argument(pointersName, $"{pointersName} must be non-decreasing, but {pointersName}[{m + 1}] = {pointers[m + 1]} < {pointersName}[{m}] = {pointers[m]} ({major} {m}).");
            }
        }

        if (pointers[majorCount] != indices.Length)
        {
            ThrowHelper.Argument(indicesName, $"{indicesName} must have length {pointersName}[{majorCount}] = {pointers[majorCount]}, but has length {indices.Length}.");
        }

        for (int m = 0; m < majorCount; m++)
        {
            int previous = -1;
            for (int p = pointers[m]; p < pointers[m + 1]; p++)
            {
                int idx = indices[p];
                if ((uint)idx >= (uint)minorCount)
                {
                    ThrowHelper.Argument(indicesName, $"{indicesName}[{p}] = {idx} ({major} {m}) is out of range: {minor} indices must be in [0, {minorCount}).");
                }

                if (idx <= previous)
                {
                    string rule = idx == previous ? "duplicate" : "unsorted";
                    ThrowHelper.Argument(indicesName, $"{indicesName}[{p}] = {idx} ({major} {m}) is {rule}: {minor} indices within a {major} must be strictly increasing, but the previous one is {previous}.");
                }

                previous = idx;
            }
        }
    }
}
