namespace MLNet.Siamese;

/// <summary>Base of every error the library raises on purpose; catch this to handle all of them.</summary>
public class SiameseException : Exception
{
    /// <summary>Creates the exception with a message and an optional cause.</summary>
    public SiameseException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A model pack (folder + <c>model.json</c>) is missing, malformed or inconsistent with its ONNX files.</summary>
public sealed class ModelPackException : SiameseException
{
    /// <summary>Creates the exception naming the offending file and, when known, the manifest field.</summary>
    public ModelPackException(string path, string? field, string message, Exception? inner = null)
        : base(Compose(path, field, message), inner)
    {
        Path = path;
        Field = field;
    }

    /// <summary>The file (manifest or ONNX model) involved.</summary>
    public string Path { get; }

    /// <summary>The manifest field involved, as a JSON path such as <c>search[1].file</c>; null when not field-specific.</summary>
    public string? Field { get; }

    private static string Compose(string path, string? field, string message) =>
        field is null ? $"{path}: {message}" : $"{path}: field '{field}': {message}";
}

/// <summary>A video file or image folder cannot be opened or decoded.</summary>
public sealed class FrameSourceException : SiameseException
{
    /// <summary>Creates the exception naming the file and, when known, the frame index.</summary>
    public FrameSourceException(string path, string message, long? frameIndex = null, Exception? inner = null)
        : base(frameIndex is null ? $"{path}: {message}" : $"{path}: frame {frameIndex}: {message}", inner)
    {
        Path = path;
        FrameIndex = frameIndex;
    }

    /// <summary>The video file, image file or folder involved.</summary>
    public string Path { get; }

    /// <summary>Zero-based index of the frame involved, when known.</summary>
    public long? FrameIndex { get; }
}

/// <summary>A native dependency (ffmpeg, libturbojpeg, libpng, ONNX Runtime) is not installed or not loadable.</summary>
public sealed class NativeDependencyException : SiameseException
{
    /// <summary>Creates the exception naming the dependency and how to install it.</summary>
    public NativeDependencyException(string dependency, string hint, Exception? inner = null)
        : base($"{dependency} is not available: {hint}", inner)
    {
        Dependency = dependency;
    }

    /// <summary>The library or program that could not be loaded.</summary>
    public string Dependency { get; }
}

/// <summary>Tracking was asked for something invalid (box outside the frame, frame size change, use before init).</summary>
public sealed class TrackingException : SiameseException
{
    /// <summary>Creates the exception.</summary>
    public TrackingException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>An output file (track table, rendered video) cannot be written.</summary>
public sealed class OutputException : SiameseException
{
    /// <summary>Creates the exception naming the file.</summary>
    public OutputException(string path, string message, Exception? inner = null) : base($"{path}: {message}", inner)
    {
        Path = path;
    }

    /// <summary>The output file involved.</summary>
    public string Path { get; }
}
