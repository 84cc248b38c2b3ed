namespace MLNet.Siamese.Imaging;

/// <summary>
/// Per-call state of one crop: produces the horizontal pass of region rows on demand and keeps the last two (the
/// vertical pass needs a pair, and consecutive output rows often share one) plus the all-pad row, computed once.
/// Rows that lie outside the image, or whose columns all do, are the pad row. Lives on the stack of
/// <see cref="CropWorkspace.Extract(ReadOnlySpan{byte}, int, int, int, int, int, int, int, PadColor, ColorOrder, Span{float})"/>;
/// every pointer is pinned there.
/// </summary>
internal unsafe struct CropRowCache
{
    /// <summary>Bytes kept past the last region pixel of a row buffer (the kernels read up to 3 beyond it); a multiple of 3
    /// so that buffers hold whole pixels.</summary>
    public const int Slack = 9;

    private const int PadSlot = 2;

    private readonly byte* _pixels;
    private readonly long _pixelLength;
    private readonly int _width, _height, _stride, _xmin, _ymin, _size, _outSize;
    private readonly byte* _line;
    private readonly byte* _padLine;
    private readonly int* _offsets;
    private readonly int* _weights;
    private readonly int* _slots;
    private readonly bool _allowAvx2;
    private readonly long _x0, _x1; // image columns covered by the region: [_x0, _x1)
    private int _row0, _row1;
    private bool _padReady;

    /// <summary>Binds the pinned buffers: <paramref name="line"/> and <paramref name="padLine"/> hold <c>size*3+Slack</c>
    /// bytes (the latter filled with the pad colour), <paramref name="slots"/> holds <c>3 slots × 3 planes × outSize</c> ints.</summary>
    public CropRowCache(byte* pixels, long pixelLength, int width, int height, int stride, int xmin, int ymin, int size,
                        int outSize, byte* line, byte* padLine, int* offsets, int* weights, int* slots, bool allowAvx2)
    {
        _pixels = pixels;
        _pixelLength = pixelLength;
        _width = width;
        _height = height;
        _stride = stride;
        _xmin = xmin;
        _ymin = ymin;
        _size = size;
        _outSize = outSize;
        _line = line;
        _padLine = padLine;
        _offsets = offsets;
        _weights = weights;
        _slots = slots;
        _allowAvx2 = allowAvx2;
        _x0 = Math.Max((long)xmin, 0);
        _x1 = Math.Min((long)xmin + size, width);
        _row0 = _row1 = -1;
        _padReady = false;
    }

    /// <summary>The horizontal pass of region rows <paramref name="r0"/> and <paramref name="r1"/> (3 planes each, B G R).</summary>
    public void Pair(int r0, int r1, out int* h0, out int* h1)
    {
        // Keep r1 alive if it is already cached while r0 is being computed.
        int busy = _row0 == r1 ? 0 : _row1 == r1 ? 1 : -1;
        h0 = Fetch(r0, busy, out int slot0);
        h1 = r1 == r0 ? h0 : Fetch(r1, slot0, out _);
    }

    private int* Fetch(int r, int busySlot, out int slot)
    {
        long y = (long)_ymin + r;
        if (y < 0 || y >= _height || _x1 <= _x0)
        {
            slot = PadSlot;
            if (!_padReady)
            {
                Horizontal(_padLine, PadSlot);
                _padReady = true;
            }
            return Slot(PadSlot);
        }
        if (_row0 == r) { slot = 0; return Slot(0); }
        if (_row1 == r) { slot = 1; return Slot(1); }

        slot = busySlot == 0 ? 1 : 0;
        if (slot == 0) _row0 = r; else _row1 = r;
        long rowStart = y * _stride;
        byte* src;
        if (_x0 == _xmin && _x1 == (long)_xmin + _size && rowStart + _x1 * 3 + 3 <= _pixelLength)
        {
            src = _pixels + rowStart + (long)_xmin * 3; // wholly inside and the over-read stays in the buffer: no copy
        }
        else
        {
            BuildLine(rowStart);
            src = _line;
        }
        Horizontal(src, slot);
        return Slot(slot);
    }

    /// <summary>Assembles the padded region row: pad, the covered image span, pad (including the slack).</summary>
    private void BuildLine(long rowStart)
    {
        long total = (long)_size * 3 + Slack;
        long left = (_x0 - _xmin) * 3;
        long mid = (_x1 - _x0) * 3;
        Buffer.MemoryCopy(_padLine, _line, total, left);
        Buffer.MemoryCopy(_pixels + rowStart + _x0 * 3, _line + left, total - left, mid);
        Buffer.MemoryCopy(_padLine, _line + left + mid, total - left - mid, total - left - mid);
    }

    private void Horizontal(byte* src, int slot)
    {
        int* h = Slot(slot);
        CropKernels.Horizontal(src, _offsets, _weights, _outSize, h, h + _outSize, h + 2 * _outSize, _allowAvx2);
    }

    private int* Slot(int slot) => _slots + (long)slot * 3 * _outSize;
}
