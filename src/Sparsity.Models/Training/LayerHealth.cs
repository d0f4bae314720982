using System.Globalization;
using Sparsity.Models.LanguageModeling;

namespace Sparsity.Models.Training;

/// <summary>
/// One recurrent layer's health on an evaluation: how many of its units never fired, how much of its internal state lies
/// where the surrogate passes gradient, and how saturated that state is. An EGRU stuck on the unigram plateau shows it
/// within tens of steps: many silent units, few states in the band, mean abs(ĉ) near 1 (egru.md §2).
/// </summary>
/// <param name="Activity">Fraction of outputs that were nonzero.</param>
/// <param name="SilentUnits">Fraction of units that never fired; NaN for an LSTM.</param>
/// <param name="InSurrogateBand">Fraction of ĉ values with abs(ĉ − θ) &lt; 1/β; NaN for an LSTM.</param>
/// <param name="MeanAbsState">Mean abs(ĉ); NaN for an LSTM.</param>
public sealed record LayerHealth(double Activity, double SilentUnits, double InSurrogateBand, double MeanAbsState)
{
    /// <summary>A layer with more than this fraction of silent units draws a warning in the training log.</summary>
    public const double SilentWarningFraction = 0.25;

    /// <summary>The health of every layer of <paramref name="statistics"/>.</summary>
    /// <param name="statistics">Statistics of one evaluation.</param>
    public static IReadOnlyList<LayerHealth> Of(ModelStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return [.. statistics.Layers.Select(l => new LayerHealth(l.Activity, l.SilentUnits, l.InSurrogateBand, l.MeanAbsState))];
    }

    /// <summary>A short text for a log line, e.g. <c>silent 12.5/2.3/0.0 %, in band 20/31/28 %, |ĉ| 0.16/0.29/0.24</c>; empty when no layer has events.</summary>
    /// <param name="layers">The layers, bottom to top.</param>
    public static string Format(IReadOnlyList<LayerHealth> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0 || layers.All(l => double.IsNaN(l.SilentUnits)))
        {
            return string.Empty;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        return $"silent {string.Join('/', layers.Select(l => (100 * l.SilentUnits).ToString("F1", c)))} %, "
            + $"in band {string.Join('/', layers.Select(l => (100 * l.InSurrogateBand).ToString("F0", c)))} %, "
            + $"|ĉ| {string.Join('/', layers.Select(l => l.MeanAbsState.ToString("F2", c)))}";
    }

    /// <summary>The layers with more than <see cref="SilentWarningFraction"/> silent units, as a warning sentence; null when none.</summary>
    /// <param name="layers">The layers, bottom to top.</param>
    public static string? Warning(IReadOnlyList<LayerHealth> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        int[] bad = [.. Enumerable.Range(0, layers.Count).Where(l => layers[l].SilentUnits > SilentWarningFraction)];
        if (bad.Length == 0)
        {
            return null;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        return "Warning: " + string.Join(", ", bad.Select(l => $"layer {l} has {layers[l].SilentUnits.ToString("P0", c)} silent units"))
            + $" (more than {SilentWarningFraction.ToString("P0", c)}): they get no gradient while their state stays outside the surrogate band; a zero decoder bias or thresholds far from the state are the usual causes.";
    }

    /// <summary>Compact text for a checkpoint's history: <c>activity:silent:band:abs</c> per layer, separated by ';'.</summary>
    internal static string Encode(IReadOnlyList<LayerHealth> layers) =>
        string.Join(';', layers.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Activity:R}:{l.SilentUnits:R}:{l.InSurrogateBand:R}:{l.MeanAbsState:R}")));

    /// <summary>Reads <see cref="Encode"/>'s text.</summary>
    /// <exception cref="FormatException">The text is malformed.</exception>
    internal static IReadOnlyList<LayerHealth> Decode(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        return [.. text.Split(';').Select(part =>
        {
            string[] f = part.Split(':');
            if (f.Length != 4)
            {
                throw new FormatException($"A layer health record has {f.Length} fields instead of 4: '{part}'.");
            }

            double P(int i) => double.Parse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            return new LayerHealth(P(0), P(1), P(2), P(3));
        })];
    }
}

/// <summary>A health probe: the model scored on the first tokens of the validation split during an epoch.</summary>
/// <param name="Epoch">Epochs completed (fractional).</param>
/// <param name="Step">Optimiser steps done.</param>
/// <param name="ValidLoss">Mean loss over the probed tokens.</param>
/// <param name="Tokens">Predictions scored.</param>
/// <param name="Layers">Per-layer health, bottom to top.</param>
public sealed record HealthProbe(double Epoch, long Step, double ValidLoss, long Tokens, IReadOnlyList<LayerHealth> Layers);
