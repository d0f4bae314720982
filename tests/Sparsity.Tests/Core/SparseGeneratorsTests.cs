using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Sparse;
using Sparsity.Tests.Generators;

namespace Sparsity.Tests.Core;

/// <summary>
/// The shared generators really produce the cases the properties rely on (a generator that never emits an
/// empty row or a stored zero would make every property above vacuous for that case), and shrinking only
/// ever offers smaller, valid candidates.
/// </summary>
public class SparseGeneratorsTests
{
    private const int Samples = 400;

    private static List<T> Sample<T>(Gen<T> gen) => Gen.Sample(gen, 50, new Rnd(12345UL), Samples).ToList();

    [Test]
    public void Masked_ManySamples_CoverShapesDensitiesAndStoredZeros()
    {
        List<MaskedDense> xs = Sample(SparseGenerators.Masked());

        Assert.Multiple(() =>
        {
            Assert.That(xs.All(x => x.Rows is >= 0 and <= SparseGenerators.MaxDimension && x.Columns is >= 0 and <= SparseGenerators.MaxDimension), "shape range");
            Assert.That(xs.Any(x => x.Rows == 0), "0 rows");
            Assert.That(xs.Any(x => x.Columns == 0), "0 columns");
            Assert.That(xs.Any(x => x.Rows == SparseGenerators.MaxDimension || x.Columns == SparseGenerators.MaxDimension), "largest dimension");
            Assert.That(xs.Any(x => x.Rows * x.Columns > 0 && x.Mask.KeptCount == 0), "density 0");
            Assert.That(xs.Any(x => x.Rows * x.Columns > 1 && x.Mask.KeptCount == x.Rows * x.Columns), "density 1");
            Assert.That(xs.Any(x => x.Mask.Density is > 0.2 and < 0.8), "intermediate density");
            Assert.That(xs.Any(HasStoredZero), "explicitly stored zero");
            Assert.That(xs.Any(x => HasEmptyRow(x) && x.Mask.KeptCount > 0), "empty row in a nonempty matrix");
            Assert.That(xs.Any(x => HasEmptyRow(Transposed(x)) && x.Mask.KeptCount > 0), "empty column in a nonempty matrix");
            Assert.That(xs.Any(x => x.Mask.KeptCount == 1), "single stored entry");
            Assert.That(xs.All(x => !x.Values.HasNonFinite()), "finite values only");
        });
    }

    [Test]
    public void Masked_WithSpecials_ProducesEverySpecialKind()
    {
        float[] values = Sample(SparseGenerators.Masked(ValueSet.WithSpecials)).SelectMany(x => x.Values.AsSpan().ToArray()).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(values.Any(v => float.IsNaN(v) && BitConverter.SingleToInt32Bits(v) != BitConverter.SingleToInt32Bits(float.NaN)), "NaN with a payload");
            Assert.That(values.Any(float.IsPositiveInfinity) && values.Any(float.IsNegativeInfinity), "±∞");
            Assert.That(values.Any(float.IsNegative) && values.Any(v => BitConverter.SingleToInt32Bits(v) == int.MinValue), "−0");
            Assert.That(values.Any(float.IsSubnormal), "subnormal");
        });
    }

    [Test]
    public void Bsr_ManySamples_CoverEveryBlockShapeAndRaggedEdges()
    {
        List<BsrMatrix> xs = Sample(SparseGenerators.Bsr(ValueSet.WithSpecials));

        Assert.Multiple(() =>
        {
            foreach (BlockShape shape in SparseGenerators.BlockShapes)
            {
                Assert.That(xs.Any(b => b.BlockRows == shape.Rows && b.BlockColumns == shape.Columns && b.BlockCount > 0), $"block shape {shape}");
            }

            Assert.That(xs.Any(b => b.BlockCount > 0 && (b.Rows % b.BlockRows != 0 || b.Columns % b.BlockColumns != 0)), "ragged edge blocks");
            Assert.That(xs.Any(b => b.BlockCount > 0 && b.Nnz < (long)b.BlockCount * b.BlockRows * b.BlockColumns && HasNonFinitePadding(b)), "special values in padding");
            Assert.That(xs.Any(b => b.BlockCount > 0 && b.Values.ToArray().Contains(0f)), "zeros inside stored blocks");
        });
    }

    [Test]
    public void Shrinkers_AnyCandidate_IsSmallerAndValid()
    {
        foreach (MaskedDense x in Sample(SparseGenerators.Masked()).Take(60))
        {
            foreach (MaskedDense smaller in SparseShrinkers.Masked(x))
            {
                bool fewerRows = smaller.Rows < x.Rows && smaller.Columns == x.Columns;
                bool fewerColumns = smaller.Columns < x.Columns && smaller.Rows == x.Rows;
                bool fewerEntries = smaller.Rows == x.Rows && smaller.Columns == x.Columns && smaller.Mask.KeptCount == x.Mask.KeptCount - 1;
                Assert.That(fewerRows || fewerColumns || fewerEntries, $"{smaller} is not smaller than {x}");
            }

            BsrMatrix bsr = BsrMatrix.FromDense(x.Values, x.Mask, 4, 1);
            foreach (BsrMatrix smaller in SparseShrinkers.Bsr(bsr).Take(10))
            {
                smaller.Validate();
                Assert.That((smaller.BlockRows, smaller.BlockColumns), Is.EqualTo((4, 1)));
            }
        }
    }

    private static bool HasStoredZero(MaskedDense x)
    {
        for (int i = 0; i < x.Values.Count; i++)
        {
            if (x.Mask.AsSpan()[i] && x.Values.AsSpan()[i] == 0f)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasEmptyRow(MaskedDense x)
    {
        for (int r = 0; r < x.Rows; r++)
        {
            if (!x.Mask.AsSpan().Slice(r * x.Columns, x.Columns).Contains(true))
            {
                return true;
            }
        }

        return false;
    }

    private static MaskedDense Transposed(MaskedDense x) =>
        new(x.Values.Transpose(), Reference.StorageReference.Transpose(x.Mask));

    private static bool HasNonFinitePadding(BsrMatrix bsr)
    {
        bool found = false;
        SparseGenerators.ForEachPadding(bsr, at => found |= !float.IsFinite(bsr.Values[at]));
        return found;
    }
}
