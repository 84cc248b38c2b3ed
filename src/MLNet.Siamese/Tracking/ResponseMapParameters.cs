namespace MLNet.Siamese.Tracking;

/// <summary>
/// Inference constants of the response-map family (siamfc-pytorch <c>cfg</c> names in brackets); the defaults are
/// siamfc-pytorch's, which FDSiamFC, SiamFC-ACM and SA-Siam ports keep unless their manifest says otherwise.
/// </summary>
public sealed record ResponseMapParameters
{
    /// <summary>Number of search scales (<c>scale_num</c>), odd, ≥ 1.</summary>
    public int ScaleCount { get; init; } = 3;

    /// <summary>Ratio between neighbouring scales (<c>scale_step</c>).</summary>
    public double ScaleStep { get; init; } = 1.0375;

    /// <summary>Multiplier of every non-centre scale's upsampled response (<c>scale_penalty</c>).</summary>
    public double ScalePenalty { get; init; } = 0.9745;

    /// <summary>Damping of the size change (<c>scale_lr</c>).</summary>
    public double ScaleLearningRate { get; init; } = 0.59;

    /// <summary>Weight of the Hann window in the final map (<c>window_influence</c>).</summary>
    public double WindowInfluence { get; init; } = 0.176;

    /// <summary>Upsampling factor of the response (<c>response_up</c>).</summary>
    public int ResponseUpsampling { get; init; } = 16;

    /// <summary>Network stride in search-crop pixels (<c>total_stride</c>).</summary>
    public int TotalStride { get; init; } = 8;

    /// <summary>Side of the template crop fed to the model (<c>exemplar_sz</c>).</summary>
    public int ExemplarSize { get; init; } = 127;

    /// <summary>Side of the search crop fed to the model (<c>instance_sz</c>).</summary>
    public int InstanceSize { get; init; } = 255;

    /// <summary>Context margin around the target (<c>context</c>).</summary>
    public double Context { get; init; } = 0.5;

    /// <summary>FDSiamFC's variant: clip the centre to <c>[0,W]×[0,H]</c> after moving it, before the size update.</summary>
    public bool ClipCenter { get; init; }

    /// <summary>Throws when a value is outside its domain.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offending property.</exception>
    public void Validate()
    {
        if (ScaleCount < 1 || ScaleCount % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(ScaleCount), ScaleCount, "must be odd and at least 1");
        if (!(ScaleStep > 0) || !double.IsFinite(ScaleStep))
            throw new ArgumentOutOfRangeException(nameof(ScaleStep), ScaleStep, "must be positive");
        if (!double.IsFinite(ScalePenalty)) throw new ArgumentOutOfRangeException(nameof(ScalePenalty), ScalePenalty, "must be finite");
        if (!(ScaleLearningRate >= 0 && ScaleLearningRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(ScaleLearningRate), ScaleLearningRate, "must be within 0..1");
        if (!(WindowInfluence >= 0 && WindowInfluence <= 1))
            throw new ArgumentOutOfRangeException(nameof(WindowInfluence), WindowInfluence, "must be within 0..1");
        if (ResponseUpsampling < 1) throw new ArgumentOutOfRangeException(nameof(ResponseUpsampling), ResponseUpsampling, "must be at least 1");
        if (TotalStride < 1) throw new ArgumentOutOfRangeException(nameof(TotalStride), TotalStride, "must be at least 1");
        if (ExemplarSize < 1) throw new ArgumentOutOfRangeException(nameof(ExemplarSize), ExemplarSize, "must be at least 1");
        if (InstanceSize < 1) throw new ArgumentOutOfRangeException(nameof(InstanceSize), InstanceSize, "must be at least 1");
        if (!(Context >= 0) || !double.IsFinite(Context)) throw new ArgumentOutOfRangeException(nameof(Context), Context, "must be ≥ 0");
    }
}
