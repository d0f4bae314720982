using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Sparsity.Cli.Commands;

/// <summary>
/// Range checks attached to options, so that an out-of-range value is a one-line parse error before any work starts
/// (instead of being accepted, or found after a corpus loaded or a model trained). Each returns its option for chaining.
/// </summary>
internal static class OptionRules
{
    /// <summary>The value must be at least <paramref name="minimum"/>.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum) =>
        Check(option, (int v) => v >= minimum, $"must be ≥ {minimum}");

    /// <summary>The value, when given, must be at least <paramref name="minimum"/>.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum) =>
        Check(option, (int? v) => v is null || v >= minimum, $"must be ≥ {minimum}");

    /// <summary>The value must be at least <paramref name="minimum"/>.</summary>
    public static Option<long> AtLeast(this Option<long> option, long minimum) =>
        Check(option, (long v) => v >= minimum, $"must be ≥ {minimum}");

    /// <summary>The value, when given, must be at least <paramref name="minimum"/>.</summary>
    public static Option<long?> AtLeast(this Option<long?> option, long minimum) =>
        Check(option, (long? v) => v is null || v >= minimum, $"must be ≥ {minimum}");

    /// <summary>The value must be a finite number of at least <paramref name="minimum"/>.</summary>
    public static Option<float> FiniteAtLeast(this Option<float> option, float minimum) =>
        Check(option, (float v) => float.IsFinite(v) && v >= minimum, string.Create(CultureInfo.InvariantCulture, $"must be a finite number ≥ {minimum}"));

    /// <summary>The value must be a finite number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<double> Within(this Option<double> option, double minimum, double maximum) =>
        Check(option, (double v) => v >= minimum && v <= maximum, string.Create(CultureInfo.InvariantCulture, $"must be in [{minimum}, {maximum}]"));

    /// <summary>Minutes of a time budget: more than 0 and at most 10⁸ (about 190 years; larger values overflow a <see cref="TimeSpan"/>).</summary>
    public static Option<double> Minutes(this Option<double> option) =>
        Check(option, (double v) => v > 0 && v <= MaxMinutes, "must be a number of minutes > 0 (and at most 1e8)");

    /// <inheritdoc cref="Minutes(Option{double})"/>
    public static Option<double?> Minutes(this Option<double?> option) =>
        Check(option, (double? v) => v is null || (v > 0 && v <= MaxMinutes), "must be a number of minutes > 0 (and at most 1e8)");

    /// <summary>
    /// A comma-separated list of pruning levels: fractions in (0, 1), strictly increasing (a later, lower level would
    /// prune nothing: masks only ever add zeros); empty only when <paramref name="allowEmpty"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="string"/>, nullable or not.</typeparam>
    public static Option<T> Levels<T>(this Option<T> option, bool allowEmpty) => AddLevelsRule(option, allowEmpty);

    /// <summary>A comma-separated, non-empty list of whole numbers, each at least <paramref name="minimum"/>.</summary>
    public static Option<string> WholeNumbers(this Option<string> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (Value<string>(result) is string text && Describe(() => ParseWholeNumbers(text, option.Name, minimum)) is string error)
            {
                result.AddError(error);
            }
        });
        return option;
    }

    /// <summary>A comma-separated, non-empty list of finite numbers, each at least <paramref name="minimum"/>.</summary>
    public static Option<string> Numbers(this Option<string> option, double minimum)
    {
        option.Validators.Add(result =>
        {
            if (Value<string>(result) is string text && Describe(() => ParseNumbers(text, option.Name, minimum)) is string error)
            {
                result.AddError(error);
            }
        });
        return option;
    }

    /// <summary>Parses a comma-separated list of whole numbers ≥ <paramref name="minimum"/> (no fractions, nothing beyond <see cref="int"/>).</summary>
    /// <exception cref="ArgumentException">The list is empty or holds something else.</exception>
    public static int[] ParseWholeNumbers(string text, string option, int minimum)
    {
        string[] items = Split(text);
        var values = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]) || values[i] < minimum)
            {
                throw new ArgumentException($"{option} takes comma-separated whole numbers ≥ {minimum}, not '{items[i]}'.");
            }
        }

        return values.Length > 0 ? values : throw new ArgumentException($"{option} needs at least one whole number ≥ {minimum}.");
    }

    /// <summary>Parses a comma-separated, non-empty list of finite numbers ≥ <paramref name="minimum"/>.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds something else.</exception>
    public static double[] ParseNumbers(string text, string option, double minimum)
    {
        double[] values = [.. Split(text).Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v >= minimum
            ? v
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option} takes comma-separated finite numbers ≥ {minimum}, not '{s}'.")))];
        return values.Length > 0 ? values : throw new ArgumentException($"{option} needs at least one number.");
    }

    /// <summary>Parses pruning levels (see <see cref="Levels{T}(Option{T}, bool)"/>).</summary>
    /// <exception cref="ArgumentException">A level is not a fraction in (0, 1), the levels do not increase, or the list is empty and must not be.</exception>
    public static double[] ParseLevels(string text, string option, bool allowEmpty)
    {
        double[] levels = [.. Split(text).Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && v < 1
            ? v
            : throw new ArgumentException($"{option} takes sparsity levels, fractions strictly between 0 and 1, not '{s}'."))];
        if (levels.Length == 0 && !allowEmpty)
        {
            throw new ArgumentException($"{option} needs at least one sparsity level, a fraction strictly between 0 and 1.");
        }

        for (int i = 1; i < levels.Length; i++)
        {
            if (levels[i] <= levels[i - 1])
            {
                throw new ArgumentException($"{option} must increase ({text}): masks only add zeros, so a level at or below the one before prunes nothing.");
            }
        }

        return levels;
    }

    private const double MaxMinutes = 1e8;

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static Option<T> AddLevelsRule<T>(Option<T> option, bool allowEmpty)
    {
        option.Validators.Add(result =>
        {
            if (Value<T>(result) is string text && Describe(() => ParseLevels(text, option.Name, allowEmpty)) is string error)
            {
                result.AddError(error);
            }
        });
        return option;
    }

    private static Option<T> Check<T>(Option<T> option, Func<T, bool> valid, string rule)
    {
        option.Validators.Add(result =>
        {
            if (TryValue(result, out T? value) && !valid(value!))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {rule}, not {value}."));
            }
        });
        return option;
    }

    private static T? Value<T>(OptionResult result) => TryValue(result, out T? value) ? value : default;

    /// <summary>The option's value; false when the text is not of the option's type at all (the parser reports that itself).</summary>
    private static bool TryValue<T>(OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    private static string? Describe(Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
