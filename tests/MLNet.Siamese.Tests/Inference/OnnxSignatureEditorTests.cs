using Microsoft.ML.OnnxRuntime;
using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Tests.Inference;

public class OnnxSignatureEditorTests
{
    [SkippableTheory]
    [InlineData("nanotrack-v1/nanotrack_backbone_sim.onnx", 48)]
    [InlineData("nanotrack-v2/nanotrack_backbone_sim.onnx", 48)]
    [InlineData("nanotrack-v3/nanotrack_backbone.onnx", 96)]
    public void Freed_backbone_runs_at_127_and_is_unchanged_at_255(string file, int channels)
    {
        var original = File.ReadAllBytes(SharedData.Require("models/third_party/" + file));
        var edited = OnnxSignatureEditor.FreeSpatialDimensions(original, ["input"]);

        using var fixedSession = new InferenceSession(original);
        using var freeSession = new InferenceSession(edited);
        Assert.Equal([1, 3, -1, -1], freeSession.InputMetadata["input"].Dimensions);

        var rng = new Random(7);
        var x255 = Enumerable.Range(0, 3 * 255 * 255).Select(_ => (float)rng.Next(256)).ToArray();
        var a = Run(fixedSession, x255, 255);
        var b = Run(freeSession, x255, 255);
        Assert.Equal(a.Shape, b.Shape);
        // The edit changes the signature only; ONNX Runtime may pick other kernels once shapes are symbolic, so
        // the outputs agree to float32 rounding, not bit for bit.
        Assert.Equal(a.Data.Length, b.Data.Length);
        Assert.True(a.Data.Zip(b.Data).Max(p => Math.Abs(p.First - p.Second)) < 1e-4);

        var x127 = Enumerable.Range(0, 3 * 127 * 127).Select(_ => (float)rng.Next(256)).ToArray();
        var z = Run(freeSession, x127, 127);
        Assert.Equal([1L, channels, 8, 8], z.Shape);
        Assert.All(z.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Garbage_bytes_are_a_format_error()
    {
        Assert.Throws<FormatException>(() => OnnxSignatureEditor.FreeSpatialDimensions([0xFF, 0xFF, 0xFF], ["input"]));
    }

    [SkippableFact]
    public void Unknown_input_name_is_a_format_error()
    {
        var original = File.ReadAllBytes(SharedData.Require("models/third_party/nanotrack-v2/nanotrack_backbone_sim.onnx"));
        var ex = Assert.Throws<FormatException>(() => OnnxSignatureEditor.FreeSpatialDimensions(original, ["images"]));
        Assert.Contains("images", ex.Message);
    }

    private static (long[] Shape, float[] Data) Run(InferenceSession session, float[] input, int side)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 3, side, side]);
        using var results = session.Run(new RunOptions(), ["input"], [value], ["output"]);
        var t = results[0];
        return (t.GetTensorTypeAndShape().Shape, t.GetTensorDataAsSpan<float>().ToArray());
    }
}
