namespace MLNet.Siamese.Evaluation;

/// <summary>How trackers are run and scored.</summary>
public enum EvaluationProtocol
{
    /// <summary>OTB/UAV123 one-pass: success (AUC), precision, normalised precision.</summary>
    Otb,

    /// <summary>GOT-10k one-pass: AO, SR0.5, SR0.75 on visible frames, boxes bounded to the image.</summary>
    Got10k,

    /// <summary>VOT reset-based (supervised): accuracy, robustness, EAO.</summary>
    Vot,
}
