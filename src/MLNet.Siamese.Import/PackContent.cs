namespace MLNet.Siamese.Models.Import;

/// <summary>The files of a pack to write: ONNX graphs (as they will load, edits included) and the manifest text.</summary>
internal sealed record PackContent(IReadOnlyList<(string Name, byte[] Bytes)> Files, string Manifest);
