namespace MLNet.Siamese.Evaluation;

/// <summary>
/// A piece of a reset-based run for EAO: from a (re)initialisation up to, not including, the next failure (then
/// <see cref="Failed"/>, and the overlap counts as 0 for every later frame) or up to the end of the sequence.
/// </summary>
/// <param name="Overlaps">Per-frame overlaps; element 0 is the initialisation frame (never averaged).</param>
/// <param name="Failed">The fragment ended with a failure.</param>
public sealed record VotFragment(IReadOnlyList<double> Overlaps, bool Failed);
