using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;

namespace Sparsity.Models.Parameters;

/// <summary>
/// One named, trainable tensor: its values, the gradient accumulated into it, and optionally a pruning mask that
/// holds through training (pruned entries stay exactly zero in <see cref="Value"/> and <see cref="Gradient"/>).
/// Matrices are row-major <c>[Rows, Columns]</c>; vectors have <see cref="Columns"/> = 1.
/// </summary>
public sealed class Parameter
{
    private SparsityMask? _mask;

    /// <summary>Creates a zero-filled parameter.</summary>
    /// <param name="name">Name, unique inside its model (e.g. <c>layers.0.W</c>).</param>
    /// <param name="kind">Role of the tensor.</param>
    /// <param name="rows">Rows (the length, for a vector).</param>
    /// <param name="columns">Columns (1 for a vector).</param>
    /// <exception cref="ArgumentException">The name is empty or a size is negative.</exception>
    public Parameter(string name, ParameterKind kind, int rows, int columns = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        Name = name;
        Kind = kind;
        Rows = rows;
        Columns = columns;
        Value = new float[checked(rows * columns)];
        Gradient = new float[Value.Length];
    }

    /// <summary>Name, unique inside its model.</summary>
    public string Name { get; }

    /// <summary>Role of the tensor.</summary>
    public ParameterKind Kind { get; }

    /// <summary>Rows (the length, for a vector).</summary>
    public int Rows { get; }

    /// <summary>Columns (1 for a vector).</summary>
    public int Columns { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>The values, row-major.</summary>
    public float[] Value { get; }

    /// <summary>The accumulated gradient, same layout as <see cref="Value"/>.</summary>
    public float[] Gradient { get; }

    /// <summary>Lower bound the optimiser clamps to after each update (thresholds: 0); null for none.</summary>
    public float? Minimum { get; init; }

    /// <summary>Upper bound the optimiser clamps to after each update (thresholds: 1); null for none.</summary>
    public float? Maximum { get; init; }

    /// <summary>Multiplier on the optimiser's learning rate for this tensor; 0 freezes it.</summary>
    public float LearningRateMultiplier { get; set; } = 1f;

    /// <summary>Whether decoupled weight decay applies (false for thresholds).</summary>
    public bool WeightDecay { get; set; } = true;

    /// <summary>
    /// The pruning mask (kept entries true), or null when the tensor is dense. Setting it zeroes the pruned values and
    /// gradients at once; a stored weight whose value happens to be zero remains part of the structure.
    /// </summary>
    /// <exception cref="ArgumentException">The mask's shape differs from the parameter's.</exception>
    public SparsityMask? Mask
    {
        get => _mask;
        set
        {
            if (value is not null && (value.Rows != Rows || value.Columns != Columns))
            {
                throw new ArgumentException(
                    $"Mask [{value.Rows}, {value.Columns}] does not match parameter '{Name}' [{Rows}, {Columns}].", nameof(value));
            }

            _mask = value;
            ApplyMask();
        }
    }

    /// <summary>The values as a matrix view sharing this parameter's storage.</summary>
    public DenseMatrix AsMatrix() => new(Rows, Columns, Value);

    /// <summary>Sets the gradient to zero.</summary>
    public void ZeroGradient() => Array.Clear(Gradient);

    /// <summary>Zeroes the pruned entries of <see cref="Value"/> and <see cref="Gradient"/> (no-op without a mask).</summary>
    public void ApplyMask()
    {
        if (_mask is null)
        {
            return;
        }

        ReadOnlySpan<bool> kept = _mask.AsSpan();
        for (int i = 0; i < kept.Length; i++)
        {
            if (!kept[i])
            {
                Value[i] = 0f;
                Gradient[i] = 0f;
            }
        }
    }

    /// <summary>Applies <see cref="Minimum"/> and <see cref="Maximum"/> to every value.</summary>
    public void Clamp()
    {
        if (Minimum is null && Maximum is null)
        {
            return;
        }

        float lo = Minimum ?? float.NegativeInfinity, hi = Maximum ?? float.PositiveInfinity;
        for (int i = 0; i < Value.Length; i++)
        {
            Value[i] = Math.Clamp(Value[i], lo, hi);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{Rows}, {Columns}] ({Kind})";
}
