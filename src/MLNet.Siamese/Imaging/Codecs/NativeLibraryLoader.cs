using System.Runtime.InteropServices;

namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>
/// Loads a system library by name and resolves its exports, turning "not installed" into a
/// <see cref="NativeDependencyException"/> with an install hint instead of a bare <see cref="DllNotFoundException"/>.
/// Function pointers are used rather than [DllImport] so that no assembly-wide DllImportResolver is claimed.
/// </summary>
internal static class NativeLibraryLoader
{
    /// <summary>Loads the first of <paramref name="names"/> that the dynamic loader finds.</summary>
    public static IntPtr Load(string dependency, string hint, params string[] names)
    {
        foreach (var name in names)
            if (NativeLibrary.TryLoad(name, out var handle))
                return handle;
        throw new NativeDependencyException(dependency, $"cannot load {string.Join(" or ", names)}; {hint}");
    }

    /// <summary>Address of <paramref name="symbol"/> in <paramref name="library"/>.</summary>
    public static IntPtr Export(IntPtr library, string symbol, string dependency, string hint) =>
        NativeLibrary.TryGetExport(library, symbol, out var address)
            ? address
            : throw new NativeDependencyException(dependency, $"the loaded library has no symbol '{symbol}' (too old?); {hint}");
}
