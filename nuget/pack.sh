#!/usr/bin/env bash
# Produces the NuGet packages (the libraries MLNet.Siamese, .Media, .Batch, .Evaluation, .Import, .ML and the dotnet tool
# MLNet.Siamese.Cli), each with its .snupkg,
# into one folder. Release configuration; deterministic (CI=true adds ContinuousIntegrationBuild).
# Usage: nuget/pack.sh [--no-build] [OUT_DIR] [-- extra dotnet pack arguments]     (default OUT_DIR: out/packages)
#   --no-build                      reuse the existing Release build (as CI does after the tests)
# The libraries' packages depend on Microsoft.ML.OnnxRuntime.Managed only; the tool package carries the official CPU
# native runtime for linux-x64 (the application's choice, OnnxRuntimeNativePackage, left at its default).
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
