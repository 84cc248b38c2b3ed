using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// Response-map decoding of the SiamFC family (SiamFC, FDSiamFC, SA-Siam, SiamFC-ACM) with siamfc-pytorch's
/// <c>update</c> semantics: each scale's response is upsampled bicubically (OpenCV-exact), non-centre scales are
/// penalised, the scale with the highest peak wins, its map is normalised and blended with a Hann window, and the
/// peak's displacement moves the centre while the size follows the chosen scale. The arithmetic follows numpy 1.x on
/// the reference's dtypes (float32 maps and state, float64 window, displacement and crop sides), so the chosen scale
/// and peak agree exactly and the new state agrees to the last bit. All buffers are allocated in the constructor.
/// </summary>
internal sealed class ResponseMapDecoder
{
    private readonly int _size, _up;
    private readonly ResponseMapParameters _p;
    private readonly BicubicUpsampler _upsampler;
    private readonly double[] _scaleFactors;
    private readonly double[] _hann;
    private readonly float[][] _maps;
    private readonly float[] _maxima;

    /// <summary>
    /// Creates a decoder for <paramref name="responseSize"/>² responses. <paramref name="scaleFactors"/> overrides
    /// <see cref="ComputeScaleFactors"/> (e.g. with the values a reference run printed); it must hold
    /// <see cref="ResponseMapParameters.ScaleCount"/> positive values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid size or parameters.</exception>
    /// <exception cref="ArgumentException">Wrong number of scale factors.</exception>
    public ResponseMapDecoder(int responseSize, ResponseMapParameters parameters, double[]? scaleFactors = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(responseSize);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        _p = parameters;
        _size = responseSize;
        _up = responseSize * parameters.ResponseUpsampling;
        _upsampler = new BicubicUpsampler(responseSize, _up);
        _scaleFactors = scaleFactors is null ? ComputeScaleFactors(parameters.ScaleStep, parameters.ScaleCount) : (double[])scaleFactors.Clone();
        if (_scaleFactors.Length != parameters.ScaleCount || _scaleFactors.Any(f => !(f > 0) || !double.IsFinite(f)))
            throw new ArgumentException($"expected {parameters.ScaleCount} positive scale factors", nameof(scaleFactors));

        // hann_window = outer(hanning(U), hanning(U)); hann_window /= hann_window.sum()
        _hann = CosineWindow.Outer(_up);
        double total = NumpySum.Sum<double>(_hann);
        for (int i = 0; i < _hann.Length; i++) _hann[i] /= total;

        _maps = new float[parameters.ScaleCount][];
        for (int s = 0; s < _maps.Length; s++) _maps[s] = new float[_up * _up];
        _maxima = new float[parameters.ScaleCount];
    }

    /// <summary>Side of the raw response (17 for SiamFC).</summary>
    public int ResponseSize => _size;

    /// <summary>Side of the upsampled response (272 for SiamFC).</summary>
    public int UpsampledSize => _up;

    /// <summary>The hyperparameters.</summary>
    public ResponseMapParameters Parameters => _p;

    /// <summary>Search scale factors, smallest first; crop <c>s</c> has side <c>SearchSide * ScaleFactors[s]</c>.</summary>
    public ReadOnlySpan<double> ScaleFactors => _scaleFactors;

    /// <summary>
    /// <c>step ** linspace(-(n//2), n//2, n)</c> with the C library's <c>pow</c>. numpy may evaluate the power with a
    /// vectorised routine that is one ulp away for some exponents; that shifts a crop side by ~1e-16 relative.
    /// </summary>
    public static double[] ComputeScaleFactors(double step, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var f = new double[count];
        int half = count / 2;
        // linspace of integers from -half to half is exact.
        for (int i = 0; i < count; i++) f[i] = Math.Pow(step, i - half);
        return f;
    }

    /// <summary>
    /// Decodes one frame. <paramref name="responses"/> holds the <c>ScaleCount × S × S</c> float32 responses in scale
    /// order (already multiplied by the model's out_scale); <paramref name="state"/> is the state the crops were taken
    /// with. The frame size is only read when <see cref="ResponseMapParameters.ClipCenter"/> is set.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong response length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Clipping is on and the frame size is not positive.</exception>
    public ResponseMapDecision Decode(ReadOnlySpan<float> responses, in SiamFcState state, int frameWidth = 0, int frameHeight = 0)
    {
        int raw = _size * _size, n = _up * _up, scales = _maps.Length;
        if (responses.Length != scales * raw)
            throw new ArgumentException($"responses has {responses.Length} values, expected {scales}×{_size}×{_size}", nameof(responses));
        if (_p.ClipCenter)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameWidth);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameHeight);
        }

        // Upsample; responses[:n//2] and [n//2+1:] *= scale_penalty (float32 times the float32-cast penalty).
        float penalty = (float)_p.ScalePenalty;
        for (int s = 0; s < scales; s++)
        {
            var map = _maps[s];
            _upsampler.Resize(responses.Slice(s * raw, raw), map);
            if (s != scales / 2)
                for (int i = 0; i < n; i++) map[i] *= penalty;
            _maxima[s] = Max(map);
        }
        int best = 0;
        for (int s = 1; s < scales; s++)
            if (_maxima[s] > _maxima[best]) best = s; // strict: first maximum wins, as np.argmax

        var r = _maps[best];
        float min = Min(r);
        for (int i = 0; i < n; i++) r[i] -= min;
        // response /= response.sum() + 1e-16: a float32 sum, promoted to float64 for the epsilon, cast back for the divide.
        float denominator = (float)((double)NumpySum.Sum<float>(r) + 1e-16);
        for (int i = 0; i < n; i++) r[i] /= denominator;

        // (1 - wi) * response is float32; wi * hann is float64; their sum is float64.
        float keep = (float)(1 - _p.WindowInfluence);
        double wi = _p.WindowInfluence;
        int loc = 0;
        double bestValue = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double v = (double)(keep * r[i]) + wi * _hann[i];
            if (v > bestValue)
            {
                bestValue = v;
                loc = i;
            }
        }
        int row = loc / _up, col = loc % _up;

        double f = _scaleFactors[best];
        double centre = (_up - 1) / 2.0;
        double dy = (row - centre) * _p.TotalStride / _p.ResponseUpsampling * state.SearchSide * f / _p.InstanceSize;
        double dx = (col - centre) * _p.TotalStride / _p.ResponseUpsampling * state.SearchSide * f / _p.InstanceSize;
        // center (float32) += disp (float64): added in float64, stored back as float32.
        float cy = (float)(state.CenterY + dy), cx = (float)(state.CenterX + dx);
        if (_p.ClipCenter)
        {
            cy = Math.Clamp(cy, 0f, frameHeight);
            cx = Math.Clamp(cx, 0f, frameWidth);
        }

        double scale = (1 - _p.ScaleLearningRate) * 1.0 + _p.ScaleLearningRate * f;
        // target_sz (float32 array) *= scale (float64 scalar): value-based casting multiplies in float32.
        float s32 = (float)scale;
        var next = new SiamFcState(cx, cy, state.Width * s32, state.Height * s32, state.ExemplarSide * scale, state.SearchSide * scale);
        return new ResponseMapDecision(best, row, col, _maxima[best], scale, next);
    }

    private static float Max(ReadOnlySpan<float> v)
    {
        float m = v[0];
        for (int i = 1; i < v.Length; i++) if (v[i] > m) m = v[i];
        return m;
    }

    private static float Min(ReadOnlySpan<float> v)
    {
        float m = v[0];
        for (int i = 1; i < v.Length; i++) if (v[i] < m) m = v[i];
        return m;
    }
}
