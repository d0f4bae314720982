namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// The regularisers of egru.md §4, as drop probabilities in <c>[0, 1)</c> (0 disables one). All of them act only
/// during training (a window run with a <see cref="Random"/>); evaluation and the step API never drop anything.
/// Every mask is drawn once per window and kept for all its steps, and kept values are rescaled by 1/(1−p) so the
/// expected activation is unchanged.
/// </summary>
public sealed record DropoutRates
{
    /// <summary>Word-level embedding dropout: whole vocabulary rows of the embedding are dropped for the window.</summary>
    public float Embedding { get; init; }

    /// <summary>Variational (locked) dropout on the embedded input: one mask <c>[B, E]</c> per window.</summary>
    public float Input { get; init; }

    /// <summary>Variational dropout between recurrent layers: one mask <c>[B, H_l]</c> per window and layer boundary.</summary>
    public float Hidden { get; init; }

    /// <summary>Variational dropout on the last layer's output, before the decoder: one mask <c>[B, E]</c> per window.</summary>
    public float Output { get; init; }

    /// <summary>DropConnect on every layer's recurrent kernel R (element-wise, one mask per window).</summary>
    public float RecurrentDropConnect { get; init; }

    /// <summary>No regularisation (the default).</summary>
    public static DropoutRates None { get; } = new();

    /// <summary>The AWD-LSTM PTB values (dropoute 0.1, dropouti 0.4, dropouth 0.25, dropout 0.4, wdrop 0.5).</summary>
    public static DropoutRates AwdLstm { get; } = new()
    {
        Embedding = 0.1f, Input = 0.4f, Hidden = 0.25f, Output = 0.4f, RecurrentDropConnect = 0.5f,
    };

    /// <summary>Checks every rate is a number in <c>[0, 1)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is negative, ≥ 1 or NaN.</exception>
    public void Validate()
    {
        Check(Embedding, nameof(Embedding));
        Check(Input, nameof(Input));
        Check(Hidden, nameof(Hidden));
        Check(Output, nameof(Output));
        Check(RecurrentDropConnect, nameof(RecurrentDropConnect));
    }

    private static void Check(float p, string name)
    {
        if (!(p >= 0f && p < 1f))
        {
            throw new ArgumentOutOfRangeException(name, p, $"Dropout rate {name} must be in [0, 1), but was {p}.");
        }
    }
}
