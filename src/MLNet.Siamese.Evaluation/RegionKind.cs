namespace MLNet.Siamese.Evaluation;

/// <summary>What a <see cref="Region"/> row holds.</summary>
public enum RegionKind
{
    /// <summary>An axis-aligned box <c>x,y,w,h</c> (a <c>NaN</c> row is a rectangle whose box is not valid).</summary>
    Rectangle,

    /// <summary>A polygon of four or more points (VOT's 8-value rows).</summary>
    Polygon,

    /// <summary>A one-value VOT result code: 0 skipped, 1 (re)initialisation, 2 failure.</summary>
    Special,
}
