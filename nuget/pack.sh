#!/usr/bin/env bash
# Produces the NuGet packages MLNet.Siamese, MLNet.Siamese.ML and MLNet.Siamese.Cli (dotnet tool), each with its .snupkg,
# into one folder. Release configuration; deterministic (CI=true adds ContinuousIntegrationBuild).
# Usage: nuget/pack.sh [--no-build] [OUT_DIR] [-- extra dotnet pack arguments]     (default OUT_DIR: out/packages)
#   --no-build                      reuse the existing Release build (as CI does after the tests)
#   -- -p:OnnxRuntimeNativePackage=Microsoft.ML.OnnxRuntime.Gpu.Linux
#                                   a tool package carrying the CUDA build of ONNX Runtime instead of the CPU one (the
#                                   libraries' packages are the same either way: they depend on the managed API only)
set -euo pipefail
cd "$(dirname "$0")/.."
build=()
out=out/packages
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=(--no-build); shift ;;
    --) shift; break ;;
    *) out=$1; shift ;;
  esac
done
mkdir -p "$out"
dotnet pack MLNet.Siamese.sln -c Release "${build[@]}" -o "$out" --nologo -v q "$@"
ls -l "$out"/*.nupkg "$out"/*.snupkg
