namespace MLNet.Siamese.Imaging;

/// <summary>Width and height of an image in pixels.</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public readonly record struct ImageSize(int Width, int Height)
{
    /// <inheritdoc />
    public override string ToString() => $"{Width}x{Height}";
}
