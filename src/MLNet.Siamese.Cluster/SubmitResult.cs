namespace MLNet.Siamese.Cluster;

/// <summary>A job board's answer to a submission.</summary>
/// <param name="Accepted">False when another, unfinished run holds the board.</param>
/// <param name="Resumed">True when the same run was already open (a submitter that was stopped and started again).</param>
/// <param name="Message">Why it was refused.</param>
[GenerateSerializer, Immutable]
internal sealed record SubmitResult([property: Id(0)] bool Accepted, [property: Id(1)] bool Resumed, [property: Id(2)] string? Message);
