namespace Sparsity.Kernels.Dispatch;

/// <summary>Non-generic view of a kernel variant, for listing, forcing and reporting.</summary>
public interface IKernelVariant
{
    /// <summary>Unique name spelling the operation, the format and the technique, e.g. <c>DenseGemv_Vector512</c>.</summary>
    string Name { get; }

    /// <summary>The operation this variant implements (the family name).</summary>
    string Operation { get; }

    /// <summary>The instruction-set tier the variant needs.</summary>
    KernelTier Tier { get; }

    /// <summary>Whether this machine (and the runtime's knobs, such as <c>DOTNET_EnableAVX512=0</c>) can run it accelerated.</summary>
    bool IsSupported { get; }
}

/// <summary>One implementation of an operation, with the instruction set it needs.</summary>
/// <typeparam name="TKernel">The operation's delegate type; every variant of a family shares it.</typeparam>
public sealed class KernelVariant<TKernel> : IKernelVariant
    where TKernel : Delegate
{
    /// <summary>Creates a variant.</summary>
    /// <param name="name">Unique name, e.g. <c>SpmvCsr_Avx2Gather</c>.</param>
    /// <param name="operation">The family name.</param>
    /// <param name="tier">The tier it needs.</param>
    /// <param name="isSupported">Whether it runs accelerated here; evaluated once.</param>
    /// <param name="kernel">The implementation. It receives arguments already validated by the operation's public entry.</param>
    public KernelVariant(string name, string operation, KernelTier tier, bool isSupported, TKernel kernel)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ArgumentNullException.ThrowIfNull(kernel);
        Name = name;
        Operation = operation;
        Tier = tier;
        IsSupported = isSupported;
        Kernel = kernel;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public string Operation { get; }

    /// <inheritdoc/>
    public KernelTier Tier { get; }

    /// <inheritdoc/>
    public bool IsSupported { get; }

    /// <summary>The implementation. Call it through the operation's public entry, which validates the arguments.</summary>
    internal TKernel Kernel { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
