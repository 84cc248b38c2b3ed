namespace MLNet.Siamese.Models;

/// <summary>The Siamese tracker families a model pack can declare (manifest field <c>family</c>).</summary>
public enum TrackerFamily
{
    /// <summary>SiamFC: multi-scale response map (<c>siamfc</c>).</summary>
    SiamFC,
    /// <summary>SA-Siam: appearance + semantic branches, fused response (<c>sa-siam</c>).</summary>
    SASiam,
    /// <summary>SiamFC with asymmetric convolution fusion (<c>siamfc-acm</c>).</summary>
    SiamFCAcm,
    /// <summary>SiamRPN++: anchors, depth-wise cross-correlation (<c>siamrpn++</c>).</summary>
    SiamRpnPlusPlus,
    /// <summary>SiamRPN++ with asymmetric convolution fusion (<c>siamrpn++-acm</c>).</summary>
    SiamRpnPlusPlusAcm,
    /// <summary>SiamBAN: anchor-free box regression (<c>siamban</c>).</summary>
    SiamBan,
    /// <summary>SiamCAN: SiamBAN with channel and spatial attention (<c>siamcan</c>).</summary>
    SiamCan,
    /// <summary>SiamBAN with asymmetric convolution fusion (<c>siamban-acm</c>).</summary>
    SiamBanAcm,
    /// <summary>NanoTrack: compact SiamBAN-family tracker (<c>nanotrack</c>).</summary>
    NanoTrack,
}

/// <summary>How a family's model outputs become a box.</summary>
public enum DecoderKind
{
    /// <summary>Score map upsampled over a scale pyramid (SiamFC-style).</summary>
    ResponseMap,
    /// <summary>Anchor classification + regression (SiamRPN-style).</summary>
    Anchor,
    /// <summary>Per-point classification + (l,t,r,b) distances (SiamBAN-style).</summary>
    Point,
}

/// <summary>Manifest names and per-family facts.</summary>
public static class TrackerFamilies
{
    private static readonly (string Name, TrackerFamily Family, DecoderKind Decoder)[] Table =
    [
        ("siamfc", TrackerFamily.SiamFC, DecoderKind.ResponseMap),
        ("sa-siam", TrackerFamily.SASiam, DecoderKind.ResponseMap),
        ("siamfc-acm", TrackerFamily.SiamFCAcm, DecoderKind.ResponseMap),
        ("siamrpn++", TrackerFamily.SiamRpnPlusPlus, DecoderKind.Anchor),
        ("siamrpn++-acm", TrackerFamily.SiamRpnPlusPlusAcm, DecoderKind.Anchor),
        ("siamban", TrackerFamily.SiamBan, DecoderKind.Point),
        ("siamcan", TrackerFamily.SiamCan, DecoderKind.Point),
        ("siamban-acm", TrackerFamily.SiamBanAcm, DecoderKind.Point),
        ("nanotrack", TrackerFamily.NanoTrack, DecoderKind.Point),
    ];

    /// <summary>All manifest names, for error messages and help.</summary>
    public static IReadOnlyList<string> Names { get; } = Table.Select(t => t.Name).ToArray();

    /// <summary>Looks up a manifest family name (case-insensitive).</summary>
    public static bool TryParse(string? name, out TrackerFamily family)
    {
        foreach (var t in Table)
            if (string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                family = t.Family;
                return true;
            }
        family = default;
        return false;
    }

    /// <summary>The manifest name of a family.</summary>
    public static string NameOf(TrackerFamily family) => Table.First(t => t.Family == family).Name;

    /// <summary>The decoder a family uses.</summary>
    public static DecoderKind DecoderOf(TrackerFamily family) => Table.First(t => t.Family == family).Decoder;
}
