using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// The tracker's per-stage timings, published with <see cref="System.Diagnostics.Metrics"/>: each
/// <see cref="ISiameseTracker.Track"/> records the seconds spent cropping, in the model and decoding into three
/// histograms of the meter <see cref="MeterName"/>. Listen with a <see cref="MeterListener"/>, dotnet-counters or
/// OpenTelemetry; nothing is measured into them while nobody listens.
/// </summary>
public static class TrackerMetrics
{
    /// <summary>Name of the meter the instruments belong to.</summary>
    public const string MeterName = "MLNet.Siamese.Tracking";

    /// <summary>Histogram of the search-crop time per track step, in seconds.</summary>
    public const string CropDuration = "siamese.track.crop.duration";

    /// <summary>Histogram of the model (search graphs) time per track step, in seconds.</summary>
    public const string InferenceDuration = "siamese.track.inference.duration";

    /// <summary>Histogram of the box decoding and state update time per track step, in seconds.</summary>
    public const string DecodeDuration = "siamese.track.decode.duration";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Crop = Meter.CreateHistogram<double>(CropDuration, "s", "Search crop time per track step");
    private static readonly Histogram<double> Inference = Meter.CreateHistogram<double>(InferenceDuration, "s", "Model time per track step");
    private static readonly Histogram<double> Decode = Meter.CreateHistogram<double>(DecodeDuration, "s", "Decode and update time per track step");

    /// <summary>Records one step from four <see cref="Stopwatch.GetTimestamp"/> readings (start, after crop, after model, end).</summary>
    internal static void Record(long start, long cropped, long scored, long end)
    {
        if (Crop.Enabled) Crop.Record(Stopwatch.GetElapsedTime(start, cropped).TotalSeconds);
        if (Inference.Enabled) Inference.Record(Stopwatch.GetElapsedTime(cropped, scored).TotalSeconds);
        if (Decode.Enabled) Decode.Record(Stopwatch.GetElapsedTime(scored, end).TotalSeconds);
    }
}
