using Sparsity.Core.Dense;
using Sparsity.Kernels.Events;

namespace Sparsity.Tests.Reference;

/// <summary>Oracles for event-driven kernels, defined through the dense oracle on an input zeroed outside the events.</summary>
public static class EventOracle
{
    /// <summary>The dense vector <c>[K]</c> equal to the event values at the event positions and 0 elsewhere.</summary>
    /// <param name="events">The events.</param>
    /// <param name="width">K.</param>
    /// <returns>The densified input.</returns>
    public static float[] Densify(EventList events, int width)
    {
        ArgumentNullException.ThrowIfNull(events);
        var x = new float[width];
        for (int e = 0; e < events.Count; e++)
        {
            x[events.Indices[e]] = events.Values[e];
        }

        return x;
    }

    /// <summary><c>EventSpmv(A, x, active)</c>: the double-accumulated dense product with x zeroed outside the events.</summary>
    /// <param name="a">Matrix <c>[M, K]</c>.</param>
    /// <param name="events">The events over <c>[0, K)</c>.</param>
    /// <returns>The expected <c>[M]</c> output.</returns>
    public static Expected EventSpmv(DenseMatrix a, EventList events) => DenseOracle.MatVec(a, Densify(events, a.Columns));

    /// <summary>The events of <paramref name="x"/> the obvious way: nonzero positions ascending.</summary>
    /// <param name="x">Activations.</param>
    /// <returns>The positions and values.</returns>
    public static (int[] Indices, float[] Values) Extract(ReadOnlySpan<float> x)
    {
        var i = new List<int>();
        var v = new List<float>();
        for (int j = 0; j < x.Length; j++)
        {
            if (x[j] != 0f)
            {
                i.Add(j);
                v.Add(x[j]);
            }
        }

        return ([.. i], [.. v]);
    }
}
