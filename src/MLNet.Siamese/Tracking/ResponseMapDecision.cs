namespace MLNet.Siamese.Tracking;

/// <summary>The response-map decoder's choice for one frame and the state it leads to.</summary>
/// <param name="ScaleIndex">Index of the chosen search scale (0 = smallest crop).</param>
/// <param name="Row">Row of the peak in the upsampled map after the window blend.</param>
/// <param name="Column">Column of the peak in the upsampled map after the window blend.</param>
/// <param name="Score">
/// Peak of the chosen scale's upsampled response, scale penalty included, before normalisation: the value that won
/// the scale choice. It is in the model's output units (siamfc's responses already carry <c>out_scale</c>), not a
/// probability.
/// </param>
/// <param name="ScaleChange">The size multiplier <c>(1-scale_lr) + scale_lr*f</c> applied to the target and both crop sides.</param>
/// <param name="State">The state after the update (moved centre, scaled sizes).</param>
internal readonly record struct ResponseMapDecision(int ScaleIndex, int Row, int Column, float Score, double ScaleChange, SiamFcState State);
