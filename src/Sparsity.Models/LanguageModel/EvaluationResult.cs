namespace Sparsity.Models.LanguageModeling;

/// <summary>The summed negative log-likelihood of a run of tokens and how many tokens it covers.</summary>
/// <param name="TotalLoss">Σ −log p(target) over the tokens, in nats.</param>
/// <param name="Tokens">The number of tokens.</param>
public readonly record struct EvaluationResult(double TotalLoss, long Tokens)
{
    /// <summary>Mean NLL per token (NaN with no tokens).</summary>
    public double MeanLoss => Tokens == 0 ? double.NaN : TotalLoss / Tokens;

    /// <summary>exp(<see cref="MeanLoss"/>).</summary>
    public double Perplexity => Math.Exp(MeanLoss);

    /// <summary>The sum of two results (to accumulate over windows).</summary>
    /// <param name="left">A result.</param>
    /// <param name="right">Another result.</param>
    public static EvaluationResult operator +(EvaluationResult left, EvaluationResult right) =>
        new(left.TotalLoss + right.TotalLoss, left.Tokens + right.Tokens);

    /// <summary>The sum of two results (the named alternative of <c>+</c>).</summary>
    /// <param name="left">A result.</param>
    /// <param name="right">Another result.</param>
    public static EvaluationResult Add(EvaluationResult left, EvaluationResult right) => left + right;
}
