using System.Globalization;
using Sparsity.Core.Interop;
using Sparsity.Models.Interop;
using Sparsity.Models.Layers;
using Sparsity.Models.LanguageModeling;

namespace Sparsity.Cli.Commands;

/// <summary>
/// What <c>import</c> settles after the tensors are mapped and before the model is built (issue 16, items 14–15): the
/// file must hold no more layers than its configuration describes; an EGRU gets the file's surrogate (EvNN's
/// <c>dampening_factor</c> = γ, <c>pseudo_derivative_support</c> = β), the semantics asked for with <c>--semantics</c>
/// (<c>evnn</c>: the internal state is reset at every window, <see cref="EgruOptions.ResetInternalStatePerWindow"/>;
/// <c>native</c>: carried), and, from a PyTorch-named file, thresholds clamped to [0, 1] as EvNN does on every forward.
/// </summary>
internal static class ImportSemantics
{
    /// <summary>Reads <c>--semantics</c>: true for <c>evnn</c>, false for <c>native</c>, null when not given.</summary>
    public static bool? ParseResetPerWindow(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "evnn" => true,
        "native" => false,
        _ => throw new ArgumentException($"--semantics must be evnn or native, not '{text}'."),
    };

    /// <summary>Throws when <paramref name="ours"/> holds tensors of a layer the configuration does not have (they would be dropped silently).</summary>
    public static void EnsureNoExtraLayers(LanguageModelConfig config, TensorMap ours, string file)
    {
        int layers = 0;
        foreach (string name in ours.Names)
        {
            const string Prefix = "layers.";
            int end = name.IndexOf('.', Prefix.Length);
            if (name.StartsWith(Prefix, StringComparison.Ordinal) && end > Prefix.Length
                && int.TryParse(name.AsSpan(Prefix.Length, end - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int layer))
            {
                layers = Math.Max(layers, layer + 1);
            }
        }

        if (layers > config.HiddenSizes.Count)
        {
            throw new InvalidDataException(
                $"'{file}' holds tensors of {layers} layers, but its configuration describes {config.HiddenSizes.Count}: import does not drop layers.");
        }
    }

    /// <summary>
    /// Returns <paramref name="config"/> with the EGRU settings import decides, clamps the thresholds of a PyTorch-named
    /// file in <paramref name="ours"/>, and says what it did on <paramref name="log"/>. LSTM configurations are returned unchanged.
    /// </summary>
    /// <param name="config">The file's configuration, or the one inferred from its tensors.</param>
    /// <param name="file">The tensors as read (EvNN's names when <paramref name="torch"/>).</param>
    /// <param name="ours">The tensors in our names (modified: thresholds clamped).</param>
    /// <param name="torch">Whether the file uses EvNN's names.</param>
    /// <param name="fileHasConfiguration">Whether the file carries our configuration (then the default semantics is native).</param>
    /// <param name="resetPerWindow">The <c>--semantics</c> choice, or null for the default.</param>
    /// <param name="path">The file's path, for messages.</param>
    /// <param name="log">Where to say what was decided.</param>
    public static LanguageModelConfig Apply(
        LanguageModelConfig config, TensorMap file, TensorMap ours, bool torch, bool fileHasConfiguration, bool? resetPerWindow, string path, TextWriter log)
    {
        if (config.CellType != RecurrentCellType.Egru)
        {
            return config;
        }

        EgruOptions egru = config.Egru with { ResetInternalStatePerWindow = resetPerWindow ?? !fileHasConfiguration };
        if (torch && ReadSurrogate(file, config.HiddenSizes.Count, path) is EvnnSurrogate surrogate)
        {
            egru = egru with { SurrogateGamma = surrogate.DampeningFactor, SurrogateBeta = surrogate.PseudoDerivativeSupport };
        }

        LanguageModelConfig result = config with { Egru = egru };
        try
        {
            egru.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }

        log.WriteLine(egru.ResetInternalStatePerWindow
            ? "Using evnn semantics: the internal state c is reset to 0 at every window, as EvNN does (--semantics native carries it)."
            : "Using native semantics: the internal state c is carried across windows (--semantics evnn resets it at every window, as EvNN does).");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Surrogate: γ = {egru.SurrogateGamma} (EvNN dampening_factor), β = {egru.SurrogateBeta} (EvNN pseudo_derivative_support)."));

        if (torch && egru.ThresholdParameterization == EgruThresholdParameterization.Direct)
        {
            int clamped = 0, total = 0;
            for (int l = 0; l < config.HiddenSizes.Count; l++)
            {
                if (ours.TryGet(ModelTensorNames.Layer(l, ModelTensorNames.Threshold), out FloatTensor? theta))
                {
                    float[] values = theta.Values;
                    total += values.Length;
                    for (int i = 0; i < values.Length; i++)
                    {
                        float v = float.IsNaN(values[i]) ? values[i] : Math.Clamp(values[i], 0f, 1f);
                        if (v != values[i])
                        {
                            values[i] = v;
                            clamped++;
                        }
                    }
                }
            }

            if (clamped > 0)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"EvNN clamps thresholds to [0, 1] on every forward: clamped {clamped} thresholds of {total}."));
            }
        }

        return result;
    }

    /// <summary>The one surrogate every layer of an EvNN file stores, or null when none stores one.</summary>
    private static EvnnSurrogate? ReadSurrogate(TensorMap file, int layers, string path)
    {
        EvnnSurrogate? first = null;
        for (int l = 0; l < layers; l++)
        {
            EvnnSurrogate? s = EvnnMapping.ReadSurrogate(file, l);
            if (s is null)
            {
                continue;
            }

            first ??= s;
            if (s.DampeningFactor != first.DampeningFactor || s.PseudoDerivativeSupport != first.PseudoDerivativeSupport)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"'{path}': layer {l}'s surrogate (dampening_factor {s.DampeningFactor}, pseudo_derivative_support {s.PseudoDerivativeSupport}) differs from an earlier layer's ({first.DampeningFactor}, {first.PseudoDerivativeSupport}); this library uses one γ and β for every layer."));
            }
        }

        return first;
    }
}
