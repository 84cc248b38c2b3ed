namespace MLNet.Siamese.Imaging;

/// <summary>An 8-bit colour in the frames' channel order (blue, green, red).</summary>
/// <param name="B">Blue.</param>
/// <param name="G">Green.</param>
/// <param name="R">Red.</param>
public readonly record struct BgrColor(byte B, byte G, byte R)
{
    /// <summary>Pure red.</summary>
    public static BgrColor Red => new(0, 0, 255);

    /// <summary>Pure green.</summary>
    public static BgrColor Green => new(0, 255, 0);

    /// <summary>Pure blue.</summary>
    public static BgrColor Blue => new(255, 0, 0);

    /// <summary>Yellow.</summary>
    public static BgrColor Yellow => new(0, 255, 255);

    /// <summary>White.</summary>
    public static BgrColor White => new(255, 255, 255);
}
