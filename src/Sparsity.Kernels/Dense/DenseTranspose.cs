using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sparsity.Core.Validation;

namespace Sparsity.Kernels.Dense;

/// <summary>
/// Transposes of row-major float matrices, as the layers need them for their working copies (<c>Wᵀ</c> for the
/// event-driven products) and for gradients accumulated in transposed layout.
/// </summary>
/// <remarks>
/// 16×16 tiles walked column strip by column strip, so each written row segment is contiguous, with unchecked ref
/// offsets: an indexed 32×32 loop measured ~10× slower (15 ms against 1.6 ms for [2048, 512]), and with power-of-two
/// strides every line of a 32-wide tile maps to one L1 set, where 16 stays resident.
/// </remarks>
public static class DenseTranspose
{
    private const int Tile = 16;

    /// <summary><c>dst [columns, rows] = src [rows, columns]ᵀ</c>.</summary>
    /// <param name="src">Row-major <c>[rows, columns]</c>.</param>
    /// <param name="rows">Rows of <paramref name="src"/> (≥ 0).</param>
    /// <param name="columns">Columns of <paramref name="src"/> (≥ 0).</param>
    /// <param name="dst">Row-major <c>[columns, rows]</c>; may not overlap <paramref name="src"/>.</param>
    /// <exception cref="ArgumentException">A length does not match the shape, or the buffers overlap.</exception>
    public static void Transpose(ReadOnlySpan<float> src, int rows, int columns, Span<float> dst)
    {
        Check(src, rows, columns, dst);
        ref float s = ref MemoryMarshal.GetReference(src);
        ref float d = ref MemoryMarshal.GetReference(dst);
        for (int c0 = 0; c0 < columns; c0 += Tile)
        {
            int c1 = Math.Min(c0 + Tile, columns);
            for (int r0 = 0; r0 < rows; r0 += Tile)
            {
                int r1 = Math.Min(r0 + Tile, rows);
                for (int c = c0; c < c1; c++)
                {
                    ref float column = ref Unsafe.Add(ref d, (nint)c * rows);
                    for (int r = r0; r < r1; r++)
                    {
                        Unsafe.Add(ref column, r) = Unsafe.Add(ref s, ((nint)r * columns) + c);
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>dst [columns, rows] += (src [rows, columns])ᵀ ⊙ scale</c>, skipping entries whose <paramref name="kept"/> flag is false.
    /// </summary>
    /// <param name="src">Row-major <c>[rows, columns]</c>.</param>
    /// <param name="rows">Rows of <paramref name="src"/> (≥ 0).</param>
    /// <param name="columns">Columns of <paramref name="src"/> (≥ 0).</param>
    /// <param name="dst">Row-major <c>[columns, rows]</c>, accumulated into; may not overlap <paramref name="src"/>.</param>
    /// <param name="kept">Empty, or flags in <paramref name="dst"/>'s layout: false entries are left untouched.</param>
    /// <param name="scale">Empty, or factors in <paramref name="dst"/>'s layout.</param>
    /// <exception cref="ArgumentException">A length does not match the shape, or the buffers overlap.</exception>
    public static void AddTransposed(ReadOnlySpan<float> src, int rows, int columns, Span<float> dst, ReadOnlySpan<bool> kept = default, ReadOnlySpan<float> scale = default)
    {
        Check(src, rows, columns, dst);
        if (!kept.IsEmpty)
        {
            ThrowHelper.Length(kept.Length, (long)rows * columns, nameof(kept), "[columns, rows]");
        }

        if (!scale.IsEmpty)
        {
            ThrowHelper.Length(scale.Length, (long)rows * columns, nameof(scale), "[columns, rows]");
        }

        bool masked = !kept.IsEmpty, scaled = !scale.IsEmpty;
        ref float s = ref MemoryMarshal.GetReference(src);
        ref float d = ref MemoryMarshal.GetReference(dst);
        ref bool k = ref MemoryMarshal.GetReference(kept);
        ref float f = ref MemoryMarshal.GetReference(scale);
        for (int c0 = 0; c0 < columns; c0 += Tile)
        {
            int c1 = Math.Min(c0 + Tile, columns);
            for (int r0 = 0; r0 < rows; r0 += Tile)
            {
                int r1 = Math.Min(r0 + Tile, rows);
                for (int c = c0; c < c1; c++)
                {
                    nint row = (nint)c * rows;
                    for (int r = r0; r < r1; r++)
                    {
                        nint o = row + r;
                        if (masked && !Unsafe.Add(ref k, o))
                        {
                            continue;
                        }

                        float v = Unsafe.Add(ref s, ((nint)r * columns) + c);
                        Unsafe.Add(ref d, o) += scaled ? v * Unsafe.Add(ref f, o) : v;
                    }
                }
            }
        }
    }

    private static void Check(ReadOnlySpan<float> src, int rows, int columns, Span<float> dst)
    {
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        ThrowHelper.Length(src.Length, (long)rows * columns, nameof(src), "[rows, columns]");
        ThrowHelper.Length(dst.Length, (long)rows * columns, nameof(dst), "[columns, rows]");
        ThrowHelper.NoOverlap<float, float>(src, dst, nameof(dst), nameof(src));
    }
}
