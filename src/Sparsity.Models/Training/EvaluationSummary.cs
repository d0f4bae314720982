using Sparsity.Models.LanguageModeling;

namespace Sparsity.Models.Training;

/// <summary>The outcome of evaluating a model on a token sequence.</summary>
/// <param name="Loss">Mean negative log-likelihood per token, in nats.</param>
/// <param name="Tokens">Tokens scored.</param>
/// <param name="Statistics">Activity, backward sparsity and operation counts over the evaluation (egru.md §6).</param>
public sealed record EvaluationSummary(double Loss, long Tokens, ModelStatistics Statistics)
{
    /// <summary>exp(<see cref="Loss"/>).</summary>
    public double Perplexity => Math.Exp(Loss);
}
