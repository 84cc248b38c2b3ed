namespace MLNet.Siamese.Models;

/// <summary>
/// pysot's long-term SiamRPN mode: below <see cref="ConfidenceLow"/> the target counts as lost, the state is kept and
/// the next search uses <see cref="LostInstanceSize"/> with window influence <see cref="LostWindowInfluence"/>; above
/// <see cref="ConfidenceHigh"/> tracking returns to normal.
/// </summary>
/// <param name="LostInstanceSize">Search crop side while lost (831).</param>
/// <param name="ConfidenceLow">Score below which the target is lost (0.8).</param>
/// <param name="ConfidenceHigh">Score above which normal tracking resumes (0.998).</param>
/// <param name="LostWindowInfluence">Cosine window weight while lost (0.001).</param>
public sealed record LongTermSettings(int LostInstanceSize, double ConfidenceLow, double ConfidenceHigh, double LostWindowInfluence);
