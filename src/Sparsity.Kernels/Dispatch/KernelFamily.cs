namespace Sparsity.Kernels.Dispatch;

/// <summary>Non-generic view of an operation and its variants.</summary>
public interface IKernelFamily
{
    /// <summary>The operation's name, e.g. <c>DenseGemv</c>.</summary>
    string Operation { get; }

    /// <summary>Every variant, in preference order (widest first; the scalar one last).</summary>
    IReadOnlyList<IKernelVariant> AllVariants { get; }

    /// <summary>The variant the public entry runs: the first supported one within the tier cap, unless one is forced.</summary>
    IKernelVariant SelectedVariant { get; }
}

/// <summary>
/// An operation and its implementations, in preference order. The dispatch ladder (widest supported tier
/// first, scalar last) lives here, once, for every operation.
/// </summary>
/// <typeparam name="TKernel">The operation's delegate type.</typeparam>
public sealed class KernelFamily<TKernel> : IKernelFamily
    where TKernel : Delegate
{
    private readonly KernelVariant<TKernel>[] _variants;
    private readonly KernelVariant<TKernel>? _selected;
    private readonly Exception? _selectionError;

    /// <summary>Creates a family and registers it in <see cref="KernelCatalog"/>.</summary>
    /// <param name="operation">The operation's name.</param>
    /// <param name="variants">Every variant, widest first; the last one must be the scalar tier.</param>
    /// <exception cref="ArgumentException">No variant is given, the last is not scalar, a variant belongs to another operation, or names repeat.</exception>
    public KernelFamily(string operation, params KernelVariant<TKernel>[] variants)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Length == 0 || variants[^1].Tier != KernelTier.Scalar || !variants[^1].IsSupported)
        {
            throw new ArgumentException($"{operation}: the last variant must be a supported scalar one, so that the ladder never ends without a kernel.", nameof(variants));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in variants)
        {
            if (v.Operation != operation)
            {
                throw new ArgumentException($"Variant {v.Name} belongs to {v.Operation}, not {operation}.", nameof(variants));
            }

            if (!names.Add(v.Name))
            {
                throw new ArgumentException($"{operation}: variant name {v.Name} appears twice.", nameof(variants));
            }
        }

        Operation = operation;
        _variants = variants;
        try
        {
            _selected = KernelSelection.Choose(operation, variants);
        }
        catch (Exception e) when (e is PlatformNotSupportedException or InvalidOperationException)
        {
            // A bad SPARSITY_MAX_TIER or SPARSITY_FORCE_KERNEL: reported by every use of this family instead of by the
            // catalogue's type initialiser, so the message reaches the user unwrapped (see KernelEnvironment.Validate).
            _selectionError = e;
        }

        KernelCatalog.Register(this);
    }

    /// <inheritdoc/>
    public string Operation { get; }

    /// <summary>Every variant, in preference order.</summary>
    public IReadOnlyList<KernelVariant<TKernel>> Variants => _variants;

    /// <summary>The variants this machine can run accelerated, in preference order (what tests and benchmarks iterate).</summary>
    public IEnumerable<KernelVariant<TKernel>> SupportedVariants => _variants.Where(v => v.IsSupported);

    /// <summary>The variant the public entry runs.</summary>
    /// <exception cref="PlatformNotSupportedException"><c>SPARSITY_FORCE_KERNEL</c> forces a variant of this operation that this machine cannot run.</exception>
    /// <exception cref="InvalidOperationException"><c>SPARSITY_MAX_TIER</c> is not a tier.</exception>
    public KernelVariant<TKernel> Selected => _selected ?? throw SelectionFailure();

    /// <inheritdoc/>
    IReadOnlyList<IKernelVariant> IKernelFamily.AllVariants => _variants;

    /// <inheritdoc/>
    IKernelVariant IKernelFamily.SelectedVariant => Selected;

    /// <summary>Finds a variant by name.</summary>
    /// <param name="name">The variant's name.</param>
    /// <returns>The variant.</returns>
    /// <exception cref="ArgumentException">No variant of this operation has that name.</exception>
    public KernelVariant<TKernel> this[string name] =>
        _variants.FirstOrDefault(v => v.Name == name)
        ?? throw new ArgumentException($"{Operation} has no variant named '{name}'. Known: {string.Join(", ", _variants.Select(v => v.Name))}.", nameof(name));

    /// <summary>Checks that <paramref name="variant"/> belongs here and can run on this machine.</summary>
    /// <param name="variant">A variant passed explicitly to a public entry.</param>
    /// <returns>The variant's kernel.</returns>
    /// <exception cref="ArgumentException">It belongs to another operation.</exception>
    /// <exception cref="PlatformNotSupportedException">This machine cannot run it accelerated.</exception>
    internal TKernel Resolve(KernelVariant<TKernel>? variant)
    {
        if (variant is null)
        {
            return Selected.Kernel;
        }

        if (Array.IndexOf(_variants, variant) < 0)
        {
            throw new ArgumentException($"Variant {variant.Name} is not a variant of {Operation}.", nameof(variant));
        }

        if (!variant.IsSupported)
        {
            throw new PlatformNotSupportedException($"Variant {variant.Name} needs {variant.Tier}, which this machine or runtime configuration does not accelerate.");
        }

        return variant.Kernel;
    }

    private Exception SelectionFailure() => _selectionError is PlatformNotSupportedException
        ? new PlatformNotSupportedException(_selectionError.Message, _selectionError)
        : new InvalidOperationException(_selectionError?.Message, _selectionError);
}
