namespace MLNet.Siamese.Models;

/// <summary>Checks that a pack's search graphs produce what its family's decoder reads, with the right shapes.</summary>
internal sealed class DecoderContract
{
    private readonly ManifestValidator _validator;
    private readonly TrackerFamily _family;
    private readonly List<GraphSpec> _search;
    private readonly int _scoreSize;
    private readonly ScalePyramid? _scales;
    private readonly AnchorSettings? _anchors;

    public DecoderContract(ManifestValidator validator, TrackerFamily family, List<GraphSpec> search, int scoreSize,
        ScalePyramid? scales, AnchorSettings? anchors)
    {
        _validator = validator;
        _family = family;
        _search = search;
        _scoreSize = scoreSize;
        _scales = scales;
        _anchors = anchors;
    }

    public void Check()
    {
        switch (TrackerFamilies.DecoderOf(_family))
        {
            case DecoderKind.Point:
                Require("cls", c => c is 1 or 2, "1 or 2 channels (sigmoid or 2-way softmax)");
                Require("loc", c => c == 4, "4 channels (l, t, r, b)");
                break;
            case DecoderKind.Anchor:
                int a = _anchors!.Count;
                Require("cls", c => c == 2 * a, $"{2 * a} channels (2 classes x {a} anchors)");
                Require("loc", c => c == 4 * a, $"{4 * a} channels (4 coordinates x {a} anchors)");
                break;
            case DecoderKind.ResponseMap:
                Require("response", c => c == 1, "1 channel", batch: _scales!.Count);
                RequireInstanceBatch(_scales.Count);
                break;
        }
    }

    private void Require(string bind, Func<long, bool> channelsOk, string what, int batch = 1)
    {
        var produced = _search.SelectMany(g => g.Outputs.Select((o, i) => (g, o, i))).FirstOrDefault(p => p.o.Bind == bind);
        if (produced.o is null)
            throw _validator.Error("search", $"no graph output is bound to \"{bind}\", which the {TrackerFamilies.NameOf(_family)} decoder needs");
        var s = produced.o.Shape;
        string field = $"{produced.g.Field}.outputs[{produced.i}].shape";
        bool batchOk = s.Count == 4 && (s[0] == -1 || s[0] == batch);
        if (!batchOk || !channelsOk(s[1]) || s[2] != _scoreSize || s[3] != _scoreSize)
            throw _validator.Error(field, $"\"{bind}\" must be [{(batch == 1 ? "1" : $"{batch} or -1")}, C, {_scoreSize}, {_scoreSize}] with {what}; got [{string.Join(", ", s)}]");
    }

    private void RequireInstanceBatch(int batch)
    {
        foreach (var g in _search)
            for (int i = 0; i < g.Inputs.Count; i++)
                if (g.Inputs[i].Bind == ManifestValidator.Instance && g.Inputs[i].Shape[0] != -1 && g.Inputs[i].Shape[0] != batch)
                    throw _validator.Error($"{g.Field}.inputs[{i}].shape", $"the search crop batch must be {batch} (one per scale) or -1");
    }
}
