namespace MLNet.Siamese.Tracking;

/// <summary>The decoder's choice: offset of the target centre from the crop centre and its size, in frame pixels.</summary>
/// <param name="Index">Index of the chosen point in the score map.</param>
/// <param name="DeltaX">Centre offset along x.</param>
/// <param name="DeltaY">Centre offset along y.</param>
/// <param name="Width">Predicted width.</param>
/// <param name="Height">Predicted height.</param>
/// <param name="LearningRate">Size smoothing rate for this frame: penalty × score × LR.</param>
/// <param name="Score">Raw foreground score of the chosen point.</param>
internal readonly record struct PointDecision(int Index, double DeltaX, double DeltaY, double Width, double Height, double LearningRate, float Score);
