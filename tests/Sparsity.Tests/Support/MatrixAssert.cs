using System.Runtime.InteropServices;

using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;

namespace Sparsity.Tests.Support;

/// <summary>
/// Bit-exact comparisons of Core types, failing with the array, the first differing index and both values
/// (a float is shown with its bits, so NaN payloads and −0 are visible).
/// </summary>
/// <remarks>
/// Failures throw <see cref="AssertionException"/> directly instead of going through <c>Assert.Fail</c>, which
/// would also record the failure in the test result: inside an FsCheck property that recording accumulates
/// one message per shrink step. NUnit and FsCheck both report a thrown <see cref="AssertionException"/> as a failure.
/// </remarks>
public static class MatrixAssert
{
    /// <summary>Same shape and identical element bits.</summary>
    /// <param name="expected">Expected matrix.</param>
    /// <param name="actual">Actual matrix.</param>
    public static void BitwiseEqual(DenseMatrix expected, DenseMatrix actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Shape(expected.Rows, expected.Columns, actual.Rows, actual.Columns, actual.ToString());
        int i = FirstDifference(expected.AsSpan(), actual.AsSpan());
        if (i >= 0)
        {
            Fail($"{actual}: element ({i / expected.Columns}, {i % expected.Columns}) differs: expected {Show(expected.AsSpan()[i])}, actual {Show(actual.AsSpan()[i])}.");
        }
    }

    /// <summary>Same shape and pattern.</summary>
    /// <param name="expected">Expected mask.</param>
    /// <param name="actual">Actual mask.</param>
    public static void BitwiseEqual(SparsityMask expected, SparsityMask actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Shape(expected.Rows, expected.Columns, actual.Rows, actual.Columns, actual.ToString());
        ReadOnlySpan<bool> e = expected.AsSpan(), a = actual.AsSpan();
        for (int i = 0; i < e.Length; i++)
        {
            if (e[i] != a[i])
            {
                Fail($"{actual}: entry ({i / expected.Columns}, {i % expected.Columns}) differs: expected kept={e[i]}, actual kept={a[i]}.");
            }
        }

        Equal(expected.KeptCount, actual.KeptCount, $"{actual}: KeptCount");
    }

    /// <summary>Same shape, pointers, indices and value bits.</summary>
    /// <param name="expected">Expected matrix.</param>
    /// <param name="actual">Actual matrix.</param>
    public static void BitwiseEqual(CsrMatrix expected, CsrMatrix actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Shape(expected.Rows, expected.Columns, actual.Rows, actual.Columns, actual.ToString());
        Same(expected.RowPointers, actual.RowPointers, $"{actual}: RowPointers");
        Same(expected.ColumnIndices, actual.ColumnIndices, $"{actual}: ColumnIndices");
        Same(expected.Values, actual.Values, $"{actual}: Values");
    }

    /// <summary>Same shape, pointers, indices and value bits.</summary>
    /// <param name="expected">Expected matrix.</param>
    /// <param name="actual">Actual matrix.</param>
    public static void BitwiseEqual(CscMatrix expected, CscMatrix actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Shape(expected.Rows, expected.Columns, actual.Rows, actual.Columns, actual.ToString());
        Same(expected.ColumnPointers, actual.ColumnPointers, $"{actual}: ColumnPointers");
        Same(expected.RowIndices, actual.RowIndices, $"{actual}: RowIndices");
        Same(expected.Values, actual.Values, $"{actual}: Values");
    }

    /// <summary>Same shape, block shape, pointers, indices and value bits, padding included.</summary>
    /// <param name="expected">Expected matrix.</param>
    /// <param name="actual">Actual matrix.</param>
    public static void BitwiseEqual(BsrMatrix expected, BsrMatrix actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Shape(expected.Rows, expected.Columns, actual.Rows, actual.Columns, actual.ToString());
        Equal((expected.BlockRows, expected.BlockColumns), (actual.BlockRows, actual.BlockColumns), $"{actual}: block shape");
        Same(expected.BlockRowPointers, actual.BlockRowPointers, $"{actual}: BlockRowPointers");
        Same(expected.BlockColumnIndices, actual.BlockColumnIndices, $"{actual}: BlockColumnIndices");
        Same(expected.Values, actual.Values, $"{actual}: Values");
    }

    /// <summary>Identical int arrays.</summary>
    /// <param name="expected">Expected elements.</param>
    /// <param name="actual">Actual elements.</param>
    /// <param name="what">Name of the array for the message.</param>
    public static void Same(ReadOnlySpan<int> expected, ReadOnlySpan<int> actual, string what)
    {
        Equal(expected.Length, actual.Length, $"{what}: length");
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                Fail($"{what}[{i}] differs: expected {expected[i]}, actual {actual[i]}.");
            }
        }
    }

    /// <summary>Identical float bits.</summary>
    /// <param name="expected">Expected elements.</param>
    /// <param name="actual">Actual elements.</param>
    /// <param name="what">Name of the array for the message.</param>
    public static void Same(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Equal(expected.Length, actual.Length, $"{what}: length");
        int i = FirstDifference(expected, actual);
        if (i >= 0)
        {
            Fail($"{what}[{i}] differs: expected {Show(expected[i])}, actual {Show(actual[i])}.");
        }
    }

    /// <summary>A float with its bits, e.g. <c>NaN (0x7FC00001)</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Show(float value) => $"{value:R} (0x{BitConverter.SingleToInt32Bits(value):X8})";

    private static int FirstDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        ReadOnlySpan<int> e = MemoryMarshal.Cast<float, int>(expected), a = MemoryMarshal.Cast<float, int>(actual);
        for (int i = 0; i < e.Length; i++)
        {
            if (e[i] != a[i])
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Fails unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    /// <typeparam name="T">The compared type.</typeparam>
    /// <param name="expected">Expected value.</param>
    /// <param name="actual">Actual value.</param>
    /// <param name="what">What is compared, for the message.</param>
    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            Fail($"{what}: expected {expected}, actual {actual}.");
        }
    }

    /// <summary>Fails with <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="message">What was expected, with the position.</param>
    public static void True(bool condition, string message)
    {
        if (!condition)
        {
            Fail(message);
        }
    }

    /// <summary>Fails with <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong.</param>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Fail(string message) => throw new AssertionException(message);

    private static void Shape(int expectedRows, int expectedColumns, int rows, int columns, string what) =>
        Equal((expectedRows, expectedColumns), (rows, columns), $"{what}: shape");
}
