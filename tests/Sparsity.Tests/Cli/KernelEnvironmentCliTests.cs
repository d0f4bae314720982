using Sparsity.Kernels;
using Sparsity.Kernels.Threading;

namespace Sparsity.Tests.Cli;

/// <summary>
/// Bad kernel settings in the environment (issue 16): the CLI refuses them at start-up, before loading any corpus, in one
/// line. Only settings that cannot change which kernels this test process selects are tried here; the kernels' own
/// state is initialised before the variables are set, so the other tests of the process are unaffected.
/// </summary>
[TestFixture]
[NonParallelizable] // sets environment variables and redirects the console
public sealed class KernelEnvironmentCliTests
{
    [TestCase("SPARSITY_THREADS", "-3")]
    [TestCase("SPARSITY_THREADS", "0")]
    [TestCase("SPARSITY_THREADS", "abc")]
    [TestCase("SPARSITY_MAX_TIER", "bogus")]
    [TestCase("SPARSITY_MAX_TIER", "99")]
    [TestCase("SPARSITY_FORCE_KERNEL", "densegemv_scalar")]
    [TestCase("SPARSITY_FORCE_KERNEL", "NoSuchKernel_Scalar")]
    public void Train_BadKernelVariable_FailsAtStartInOneLine(string variable, string value)
    {
        _ = KernelThreads.MaxThreads;
        _ = KernelCatalog.Families;
        using var scratch = new CliScratch();
        string? saved = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, value);
        CliRun run;
        try
        {
            run = CliHarness.Run(scratch.TinyTrain(0));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, saved);
        }

        CliHarness.AssertOneLineError(run, variable);
        Assert.That(run.Output, Does.Not.Contain("Corpus:"), "the corpus must not be loaded first");
    }
}
