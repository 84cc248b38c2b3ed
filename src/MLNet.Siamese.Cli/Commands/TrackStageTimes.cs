using System.Diagnostics.Metrics;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// Totals of the trackers' per-stage times (<see cref="TrackerMetrics"/>) while it lives: a <see cref="MeterListener"/>
/// on the library's meter, for the benchmarks. Measurements from every tracker of the process are summed, so a
/// benchmark keeps one tracker (or one sequential loop) running at a time.
/// </summary>
internal sealed class TrackStageTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly object _gate = new();
    private double _crop, _inference, _decode;
    private int _frames;

    public TrackStageTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TrackerMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, _, _) => Add(instrument.Name, seconds));
        _listener.Start();
    }

    /// <summary>Track steps measured.</summary>
    public int Frames { get { lock (_gate) return _frames; } }

    /// <summary>Total search-crop time.</summary>
    public TimeSpan Crop { get { lock (_gate) return TimeSpan.FromSeconds(_crop); } }

    /// <summary>Total model time.</summary>
    public TimeSpan Inference { get { lock (_gate) return TimeSpan.FromSeconds(_inference); } }

    /// <summary>Total decode and update time.</summary>
    public TimeSpan Decode { get { lock (_gate) return TimeSpan.FromSeconds(_decode); } }

    /// <summary>Forgets everything measured so far (e.g. after warm-up).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _crop = _inference = _decode = 0;
            _frames = 0;
        }
    }

    private void Add(string instrument, double seconds)
    {
        lock (_gate)
        {
            switch (instrument)
            {
                case TrackerMetrics.CropDuration:
                    _crop += seconds;
                    _frames++;
                    break;
                case TrackerMetrics.InferenceDuration:
                    _inference += seconds;
                    break;
                case TrackerMetrics.DecodeDuration:
                    _decode += seconds;
                    break;
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
