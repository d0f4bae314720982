using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;

namespace Sparsity.Tests;

public class SmokeTests
{
    [Test]
    public void CsrFromDense_RoundTrips()
    {
        var d = new DenseMatrix(2, 3, [1, 0, 2, 0, 0, 3]);
        Assert.That(CsrMatrix.FromDense(d).ToDense().BitwiseEquals(d), Is.True);
    }
}
