#!/usr/bin/env bash
# Checks the packages as a consumer gets them (called by scripts/test.sh after `dotnet test -c Release`):
#   1. packs the libraries (MLNet.Siamese, .Media, .Batch, .Evaluation, .Import, .ML) and the tool from the existing
#      Release build into a temporary folder feed;
#   2. inspects them: the core depends on Microsoft.ML.OnnxRuntime.Managed (the official managed API) and on nothing of
#      the layers above it (OpenCV, Parquet, ScottPlot, OnnxSharp), and carries no ONNX Runtime binary; each package built
#      on it depends on its parent at exactly this version (they share internals) and on its own library; the ML.NET adapter depends on Microsoft.ML and MLNet.Siamese and has a plain release version;
#      the tool carries ONNX Runtime (managed + linux-x64 native CPU, no other platform's) and the default model;
#      symbol packages exist;
#   3. installs the tool from the feed and runs `siamese --help`, `siamese pack`, `siamese track` (with and without
#      --model) and `siamese eval` (its PNG/SVG plots need SkiaSharp's native library);
#   4. creates a fresh console project referencing MLNet.Siamese.Media (local feed; the core comes with it) + the official Microsoft.ML.OnnxRuntime
#      (nuget.org) and tracks a shared sequence through the library; its boxes must equal the tool's;
#   5. a fresh ML.NET consumer: MLNet.Siamese.ML (feed) + Microsoft.ML + the native ORT (registry); TrackObject fitted,
#      saved with its pack, loaded in a fresh context; its boxes equal the tool's (as float32);
#   6. builds the CLI on the official GPU package (Microsoft.ML.OnnxRuntime.Gpu.Linux) into a separate folder and checks,
#      on this machine without CUDA, that `--device cuda` falls back to the CPU with one warning (same boxes as
#      `--device cpu`) and that `--no-cpu-fallback` turns it into one error line and exit 1.
#      MLNET_SIAMESE_SKIP_GPU_PACKAGE=1 skips step 6 (its first run downloads a 246 MB package).
# Steps 3-4 and 6's tracking need ../shared (MLNET_SIAMESE_SHARED overrides); they skip, counted, when it is absent.
# Steps 3-4 use an isolated NuGet config (the temporary feed + the machine's nuget.org source, MLNet.Siamese* mapped to
# the feed only) and an isolated packages folder: a package cache shared with earlier runs would keep an older
# MLNet.Siamese $version and never read the fresh one. Step 6 builds from source and uses the machine's normal config
# and cache, so the GPU package is downloaded once per machine.
# Prints PASS/FAIL/SKIP per check and a last line "packages: N passed, N failed, N skipped"; exit 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mlnet-siamese-packages.XXXXXX")
trap 'rm -rf "$work"' EXIT
feed=$work/feed; mkdir -p "$feed"
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
ort_version=$(sed -n 's:.*<OnnxRuntimeVersion>\(.*\)</OnnxRuntimeVersion>.*:\1:p' Directory.Build.props | head -1)
ocv_version=$(sed -n 's:.*<OpenCvSharpVersion>\(.*\)</OpenCvSharpVersion>.*:\1:p' Directory.Build.props | head -1)
ml_version=$(sed -n "s:.*<MicrosoftMLVersion[^>]*>\(.*\)</MicrosoftMLVersion>.*:\1:p" Directory.Build.props | head -1)
shared=${MLNET_SIAMESE_SHARED:-$repo/../shared}
python=/usr/bin/python3; [ -x "$python" ] || python=python3
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
passed=0; failed=0; skipped=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/    /' "$2" | tail -30; failed=$((failed + 1)); }
skip() { echo "SKIP $1"; skipped=$((skipped + 1)); }
run() { local name=$1; shift; if "$@" >"$work/out.txt" 2>&1; then pass "$name"; return 0; else fail "$name" "$work/out.txt"; return 1; fi; }
summary() { echo "packages: $passed passed, $failed failed, $skipped skipped ($(( $(date +%s) - start )) s)"; }
seconds_since() { echo $(( $(date +%s) - $1 )); }
# Listing and nuspec of a package, into files (grep -q on a pipe would break it under pipefail).
unpack_info() {
  "$python" - "$1" "$work/$(basename "$1").list" "$work/$(basename "$1").nuspec" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
open(sys.argv[2], "w").write("\n".join(z.namelist()) + "\n")
open(sys.argv[3], "wb").write(z.read([n for n in z.namelist() if n.endswith(".nuspec")][0]))
PY
}
has() { grep -qx "$2" "$work/$(basename "$1").list"; }
hasi() { grep -qi "$2" "$work/$(basename "$1").list"; }
declares() { grep -q "$2" "$work/$(basename "$1").nuspec"; }
start=$(date +%s)

# 1. Pack (no build: the Release outputs of the test run).
t=$(date +%s)
run "pack (dotnet pack --no-build)" bash nuget/pack.sh --no-build "$feed" || { summary; exit 1; }
echo "    pack: $(seconds_since "$t") s"
core=$feed/MLNet.Siamese.$version.nupkg; ml=$feed/MLNet.Siamese.ML.$version.nupkg; tool=$feed/MLNet.Siamese.Cli.$version.nupkg
media=$feed/MLNet.Siamese.Media.$version.nupkg; batch=$feed/MLNet.Siamese.Batch.$version.nupkg
evaluation=$feed/MLNet.Siamese.Evaluation.$version.nupkg; import=$feed/MLNet.Siamese.Import.$version.nupkg
for f in "$feed"/*.nupkg; do echo "    $(basename "$f"): $(stat -c %s "$f") bytes"; done
for f in "$core" "$ml" "$tool" "$media" "$batch" "$evaluation" "$import"; do [ -f "$f" ] && unpack_info "$f"; done

# 2. Contents and dependencies.
check_core() {
  has "$core" 'lib/net8.0/MLNet.Siamese.dll' && has "$core" 'lib/net10.0/MLNet.Siamese.xml' && ! hasi "$core" 'onnxruntime' \
  && declares "$core" "<dependency id=\"Microsoft.ML.OnnxRuntime.Managed\" version=\"$ort_version\"" \
  && ! declares "$core" '<dependency id="Microsoft.ML.OnnxRuntime"' && ! declares "$core" '<dependency id="Microsoft.ML.OnnxRuntime.Gpu' \
  && ! declares "$core" '<dependency id="OpenCvSharp4' && ! declares "$core" '<dependency id="Parquet' \
  && ! declares "$core" '<dependency id="ScottPlot' && ! declares "$core" '<dependency id="OnnxSharp' && ! declares "$core" '<dependency id="YamlDotNet' \
  && ! hasi "$core" 'OpenCvSharpExtern' \
  && has "$core" 'README.md' && has "$core" 'LICENSE' && declares "$core" '<license type="expression">MIT</license>'
}
run "core package: own assemblies + docs, no ONNX Runtime or OpenCV binary, depends on Microsoft.ML.OnnxRuntime.Managed $ort_version and no layer above it (OpenCV, Parquet, ScottPlot, OnnxSharp, YamlDotNet), README, MIT" check_core
# A package built on the core: its assembly + docs, README, MIT, its parent at exactly $version, its own library.
check_layer() { # package assembly parent library
  has "$1" "lib/net8.0/$2.dll" && has "$1" "lib/net10.0/$2.xml" && has "$1" 'README.md' && ! hasi "$1" 'onnxruntime\|OpenCvSharpExtern' \
  && declares "$1" "<dependency id=\"$3\" version=\"\[$version\]\"" && declares "$1" "<dependency id=\"$4\""
}
run "media package: depends on MLNet.Siamese [$version] and OpenCvSharp4 $ocv_version (managed; no native package)" \
  eval 'check_layer "$media" MLNet.Siamese.Media MLNet.Siamese OpenCvSharp4 && ! declares "$media" "<dependency id=\"OpenCvSharp4.official.runtime"'
run "batch package: depends on MLNet.Siamese.Media [$version] and Parquet.Net" check_layer "$batch" MLNet.Siamese.Batch MLNet.Siamese.Media Parquet.Net
run "evaluation package: depends on MLNet.Siamese.Media [$version] and ScottPlot" check_layer "$evaluation" MLNet.Siamese.Evaluation MLNet.Siamese.Media ScottPlot
run "import package: depends on MLNet.Siamese [$version], OnnxSharp and YamlDotNet" \
  eval 'check_layer "$import" MLNet.Siamese.Import MLNet.Siamese OnnxSharp && declares "$import" "<dependency id=\"YamlDotNet"'

check_ml() {
  [ -f "$ml" ] && [ "$(ls "$feed"/MLNet.Siamese.ML.*.nupkg | wc -l)" -eq 1 ] \
  && declares "$ml" "<version>$version</version>" && ! grep -qi 'signatures-only\|stand-\?in' "$work/$(basename "$ml").nuspec" \
  && has "$ml" 'lib/net10.0/MLNet.Siamese.ML.dll' && ! hasi "$ml" 'standin\|Microsoft.ML.dll\|onnxruntime' \
  && declares "$ml" "<dependency id=\"Microsoft.ML\" version=\"$ml_version\"" \
  && declares "$ml" "<dependency id=\"MLNet.Siamese.Media\" version=\"\[$version\]\""
}
run "ML.NET adapter package: version $version (no -signatures-only), depends on Microsoft.ML $ml_version and MLNet.Siamese.Media [$version], no Microsoft.ML.dll inside" check_ml
check_tool() {
  for tfm in net8.0 net10.0; do
    has "$tool" "tools/$tfm/any/siamese.dll" && has "$tool" "tools/$tfm/any/Microsoft.ML.OnnxRuntime.dll" \
    && has "$tool" "tools/$tfm/any/runtimes/linux-x64/native/libonnxruntime.so" \
    && has "$tool" "tools/$tfm/any/runtimes/linux-x64/native/libSkiaSharp.so" \
    && has "$tool" "tools/$tfm/any/runtimes/linux-x64/native/libHarfBuzzSharp.so" \
    && ! has "$tool" "tools/$tfm/any/runtimes/linux-x64/native/libonnxruntime_providers_cuda.so" \
    && has "$tool" "tools/$tfm/any/OpenCvSharp.dll" && has "$tool" "tools/$tfm/any/runtimes/linux-x64/native/libOpenCvSharpExtern.so" \
    && ! grep "^tools/$tfm/any/runtimes/" "$work/$(basename "$tool").list" | grep -qv "^tools/$tfm/any/runtimes/linux-x64/" \
    && has "$tool" "tools/$tfm/any/models/default/model.json" && has "$tool" "tools/$tfm/any/models/default/search.onnx" || return 1
  done
  declares "$tool" '<packageType name="DotnetTool"'
}
run "tool package: siamese + ONNX Runtime (managed, linux-x64 native CPU, no other platform's) + OpenCV (OpenCvSharp, linux-x64 native) + SkiaSharp/HarfBuzz linux-x64 (plots) + the default model for net8.0 and net10.0" check_tool
run "symbol packages (.snupkg) for all seven" ls "$feed/MLNet.Siamese.$version.snupkg" "$feed/MLNet.Siamese.Cli.$version.snupkg" "$feed/MLNet.Siamese.ML.$version.snupkg" \
  "$feed/MLNet.Siamese.Media.$version.snupkg" "$feed/MLNet.Siamese.Batch.$version.snupkg" "$feed/MLNet.Siamese.Evaluation.$version.snupkg" "$feed/MLNet.Siamese.Import.$version.snupkg"

# Isolated NuGet config: <clear/>, the temporary feed and the registry sources enabled on this machine, under the names
# it gives them (`dotnet nuget list source`; nuget.org when it lists none). Package source mapping sends MLNet.Siamese*
# to the feed alone, everything else (Microsoft.ML.OnnxRuntime, Microsoft.ML, ...) to the registry.
registry_sources() {
  dotnet nuget list source 2>/dev/null | awk '
    /^ *[0-9]+\. / { name = $2; enabled = ($0 ~ /\[Enabled\]/); next }
    enabled && $1 ~ /^https?:/ { printf "%s %s\n", name, $1; enabled = 0 }'
}
sources=$(registry_sources); [ -n "$sources" ] || sources="nuget.org https://api.nuget.org/v3/index.json"
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"local-feed\" value=\"$feed\" />"
  while read -r name url; do echo "    <add key=\"$name\" value=\"$url\" protocolVersion=\"3\" />"; done <<<"$sources"
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="local-feed"><package pattern="MLNet.Siamese" /><package pattern="MLNet.Siamese.*" /></packageSource>'
  while read -r name url; do echo "    <packageSource key=\"$name\"><package pattern=\"*\" /></packageSource>"; done <<<"$sources"
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} > "$work/NuGet.Config"
echo "    isolated NuGet config: local-feed + $(echo "$sources" | tr '\n' ' ')"
packages=$work/packages   # isolated packages folder (NUGET_PACKAGES) for steps 3-4

# 3. The tool from the feed.
siamese=$work/tool/siamese
seq=$shared/data/sequences/Human3/img; box=264,311,37,69; frames=30
have_shared=false; [ -d "$shared/models/third_party/nanotrack-v2" ] && [ -d "$seq" ] && have_shared=true
t=$(date +%s)
run "dotnet tool install MLNet.Siamese.Cli from the feed" \
  env NUGET_PACKAGES="$packages" dotnet tool install --tool-path "$work/tool" --configfile "$work/NuGet.Config" MLNet.Siamese.Cli --version "$version"
echo "    tool install: $(seconds_since "$t") s"
check_help() { "$siamese" --help >"$work/help.txt" 2>&1 && grep -q 'track' "$work/help.txt" && grep -q 'batch' "$work/help.txt"; }
run "installed tool: siamese --help" check_help
if $have_shared; then
  run "installed tool: siamese pack nanotrack (NanoTrack v2 from ../shared)" "$siamese" pack nanotrack --source "$shared/models/third_party/nanotrack-v2" --out "$work/pack"
  run "installed tool: siamese track $frames frames of Human3" "$siamese" track --model "$work/pack" --input "$seq" --box "$box" --max-frames "$frames" --output "$work/tool.csv" --quiet
  track_default() {
    "$siamese" track --input "$seq" --box "$box" --max-frames "$frames" --output "$work/default.csv" --quiet \
    && [ "$(wc -l < "$work/default.csv")" -eq $((frames + 1)) ]
  }
  run "installed tool: siamese track without --model (the bundled default model)" track_default
  # The plots are drawn by ScottPlot on SkiaSharp's native library: it must load from the installed tool.
  eval_plots() {
    "$siamese" eval --results "$shared/docs/reference" --dataset "$shared/data/sequences" --out "$work/eval" >/dev/null \
    && [ "$(head -c 4 "$work/eval/success.png" | od -An -c | tr -d ' ')" = '211PNG' ] && grep -q '<svg' "$work/eval/precision.svg"
  }
  run "installed tool: siamese eval draws success.png / precision.svg (SkiaSharp native library loads)" eval_plots
else
  skip "installed tool: pack + track (../shared absent)"
fi

# 4. A fresh consumer: MLNet.Siamese from the feed + the official native CPU package from the registry.
consume() {
  mkdir -p "$work/consumer"
  cp "$work/NuGet.Config" "$work/consumer/NuGet.Config"   # beside the project: <clear/> drops the user's sources here
  cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="MLNet.Siamese.Media" Version="$version" />
    <PackageReference Include="Microsoft.ML.OnnxRuntime" Version="$ort_version" />
    <PackageReference Include="OpenCvSharp4.official.runtime.linux-x64" Version="$ocv_version" />
  </ItemGroup>
</Project>
XML
  cat > "$work/consumer/Program.cs" <<'CS'
using System.Globalization;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

int frames = int.Parse(args[3], CultureInfo.InvariantCulture);
using (var tracker = SiameseTracker.Create(args[0]))
using (var source = FrameSource.Open(args[1]))
{
    var box = BoundingBox.Parse(args[2]);
    int n = 0;
    while (n < frames && source.ReadNext() is { } frame)
        using (frame)
        {
            BoundingBox b = box;
            if (n++ == 0) tracker.Init(frame, box);
            else b = tracker.Track(frame).Box;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{frame.Index},{b.X:R},{b.Y:R},{b.Width:R},{b.Height:R}"));
        }
}
var ort = typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly;
Console.Error.WriteLine($"onnxruntime: {ort.FullName} from {ort.Location}, native {Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString()}");
CS
  local t0; t0=$(date +%s)
  (cd "$work/consumer" && NUGET_PACKAGES="$packages" dotnet restore --configfile "$work/NuGet.Config") >"$work/consumer.build" 2>&1 \
    || { cat "$work/consumer.build"; return 1; }
  echo "consumer restore (isolated packages folder): $(seconds_since "$t0") s"; t0=$(date +%s)
  (cd "$work/consumer" && NUGET_PACKAGES="$packages" dotnet build -c Release --no-restore) >>"$work/consumer.build" 2>&1 \
    || { cat "$work/consumer.build"; return 1; }
  echo "consumer build: $(seconds_since "$t0") s"
  (cd "$work/consumer" && dotnet run -c Release --no-build -- "$work/pack" "$seq" "$box" "$frames") >"$work/consumer.csv" 2>"$work/consumer.err" \
    || { cat "$work/consumer.err"; return 1; }
  cat "$work/consumer.err"
  local bin=$work/consumer/bin/Release/net10.0
  # The assemblies and the native library in the output are those of the restored packages: MLNet.Siamese from the
  # local feed, ONNX Runtime's managed API and native CPU library from the official packages, native version 1.32.0.
  grep -q "^onnxruntime: Microsoft.ML.OnnxRuntime, Version=.* from $bin/Microsoft.ML.OnnxRuntime.dll, native $ort_version\$" "$work/consumer.err" \
    && cmp "$bin/MLNet.Siamese.dll" "$packages/mlnet.siamese/$version/lib/net10.0/MLNet.Siamese.dll" \
    && cmp "$bin/MLNet.Siamese.Media.dll" "$packages/mlnet.siamese.media/$version/lib/net10.0/MLNet.Siamese.Media.dll" \
    && cmp "$bin/Microsoft.ML.OnnxRuntime.dll" "$packages/microsoft.ml.onnxruntime.managed/$ort_version/lib/net8.0/Microsoft.ML.OnnxRuntime.dll" \
    && cmp "$bin/runtimes/linux-x64/native/libonnxruntime.so" "$packages/microsoft.ml.onnxruntime/$ort_version/runtimes/linux-x64/native/libonnxruntime.so" \
    || { echo "MLNet.Siamese / ONNX Runtime not restored from the feeds"; return 1; }
  tail -n +2 "$work/tool.csv" | cut -d, -f3,5-8 > "$work/tool.boxes"
  [ "$(wc -l < "$work/consumer.csv")" -eq "$frames" ] && diff "$work/tool.boxes" "$work/consumer.csv"
}
if $have_shared; then
  run "consumer project: MLNet.Siamese.Media (feed) + Microsoft.ML.OnnxRuntime $ort_version + OpenCvSharp4.official.runtime.linux-x64 $ocv_version (registry) tracks Human3, boxes equal the tool's" consume
  grep -h '^onnxruntime:\|^consumer ' "$work/out.txt" | sed 's/^/    /'
else
  skip "consumer project (../shared absent)"
fi
# Each step's build output goes once checked: a plain consumer project copies every platform's native ONNX Runtime
# (~300 MB), and CI machines have run out of disk here.
rm -rf "$work/consumer"

# 5. ML.NET consumer of MLNet.Siamese.ML (Microsoft.ML $ml_version from the registry).
check_mlnet_consumer() {
  mkdir -p "$work/mlconsumer"
  cp "$work/NuGet.Config" "$work/mlconsumer/NuGet.Config"
  cat > "$work/mlconsumer/MLConsumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="MLNet.Siamese.ML" Version="$version" />
    <PackageReference Include="Microsoft.ML" Version="$ml_version" />
    <PackageReference Include="Microsoft.ML.OnnxRuntime" Version="$ort_version" />
    <PackageReference Include="OpenCvSharp4.official.runtime.linux-x64" Version="$ocv_version" />
  </ItemGroup>
</Project>
XML
  cat > "$work/mlconsumer/Program.cs" <<'CS'
using System.Globalization;
using Microsoft.ML;
using MLNet.Siamese.ML;

// args: pack video x y w h frames model.zip — fit, save with the pack inside, load in a fresh context, print its boxes.
var ml = new MLContext(seed: 0);
var v = args.Skip(2).Take(4).Select(a => float.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var data = ml.Data.LoadFromEnumerable(new[] { new Row { Video = args[1], X = v[0], Y = v[1], Width = v[2], Height = v[3] } });
var model = ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = args[0], MaxFrames = long.Parse(args[6], CultureInfo.InvariantCulture) }).Fit(data);
ml.Save(model, data.Schema, args[7]);
var loaded = new MLContext().Load(args[7], out _);
foreach (var t in ml.Data.CreateEnumerable<TrackedVideo>(loaded.Transform(data), reuseRowObject: false))
    for (int i = 0; i < t.FrameCount; i++)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.Frames[i]},{t.BoxX[i]:R},{t.BoxY[i]:R},{t.BoxWidth[i]:R},{t.BoxHeight[i]:R}"));
Console.Error.WriteLine($"ml.net: {System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(MLContext).Assembly)?.InformationalVersion}, saved model {new FileInfo(args[7]).Length} bytes");

public sealed class Row
{
    public string Video { get; set; } = "";
    public float X { get; set; }
    public float Y { get; set; }
    public float Width { get; set; }
    public float Height { get; set; }
}
CS
  local t0; t0=$(date +%s)
  (cd "$work/mlconsumer" && NUGET_PACKAGES="$packages" dotnet build -c Release --configfile "$work/NuGet.Config") >"$work/mlconsumer.build" 2>&1 \
    || { cat "$work/mlconsumer.build"; return 1; }
  echo "ML.NET consumer restore + build (isolated packages folder): $(seconds_since "$t0") s"
  IFS=, read -r bx by bw bh <<<"$box"
  (cd "$work/mlconsumer" && dotnet run -c Release --no-build -- "$work/pack" "$seq" "$bx" "$by" "$bw" "$bh" "$frames" "$work/ml-model.zip") \
    >"$work/mlconsumer.csv" 2>"$work/mlconsumer.err" || { cat "$work/mlconsumer.err"; return 1; }
  cat "$work/mlconsumer.err"
  local bin=$work/mlconsumer/bin/Release/net10.0
  cmp "$bin/MLNet.Siamese.ML.dll" "$packages/mlnet.siamese.ml/$version/lib/net10.0/MLNet.Siamese.ML.dll" \
    && cmp "$bin/Microsoft.ML.Data.dll" "$packages/microsoft.ml/$ml_version/lib/netstandard2.0/Microsoft.ML.Data.dll" \
    || { echo "MLNet.Siamese.ML / Microsoft.ML not restored from the feeds"; return 1; }
  # TrackObject's columns are float32: the tool's boxes (double) must round to exactly the same float32 values.
  "$python" - "$work/tool.csv" "$work/mlconsumer.csv" "$frames" <<'PY'
import csv, struct, sys
f32 = lambda s: struct.unpack("f", struct.pack("f", float(s)))[0]
tool = [(int(r[2]), *map(f32, r[4:8])) for r in list(csv.reader(open(sys.argv[1])))[1:]]
ml = [(int(r[0]), *map(f32, r[1:5])) for r in csv.reader(open(sys.argv[2]))]
assert len(ml) == int(sys.argv[3]) == len(tool), (len(ml), len(tool))
bad = [(a, b) for a, b in zip(tool, ml) if a != b]
assert not bad, bad[:3]
PY
}
if $have_shared; then
  run "ML.NET consumer: MLNet.Siamese.ML (feed) + Microsoft.ML $ml_version + ORT $ort_version (registry), TrackObject saved and loaded, boxes equal the tool's" check_mlnet_consumer
  grep -h '^ml.net:\|^ML.NET consumer' "$work/out.txt" | sed 's/^/    /'
else
  skip "ML.NET consumer (../shared absent)"
fi
rm -rf "$work/mlconsumer" "$work/tool" "$packages"   # steps 3-5 done: the installed tool and the isolated packages folder go

# 6. The CLI on the official GPU package, on a machine without CUDA: fallback to the CPU, and --no-cpu-fallback.
check_gpu_package() {
  local gpu_pkg=Microsoft.ML.OnnxRuntime.Gpu.Linux
  if [ "${MLNET_SIAMESE_SKIP_GPU_PACKAGE:-}" = 1 ]; then
    skip "CLI on $gpu_pkg: MLNET_SIAMESE_SKIP_GPU_PACKAGE=1"; return
  fi
  # Separate artifacts folder (obj/ and bin/ of the CLI and the core) and output folder: the repository's Release
  # obj/ (project.assets.json restored for the CPU package) stays as the tests left it. The machine's NuGet config and
  # package cache (not the isolated ones): the package is downloaded once per machine.
  local cli=$work/gpu-cli props=(-p:OnnxRuntimeNativePackage=$gpu_pkg "-p:ArtifactsPath=$work/gpu-artifacts") t0
  t0=$(date +%s)
  run "CLI on $gpu_pkg: restore" dotnet restore src/MLNet.Siamese.Cli "${props[@]}" || return
  echo "    restore: $(seconds_since "$t0") s"; t0=$(date +%s)
  run "CLI on $gpu_pkg: build (net10.0, separate artifacts and output folders)" \
    dotnet build src/MLNet.Siamese.Cli -c Release -f net10.0 --no-restore "${props[@]}" -o "$cli" --nologo -v q || return
  echo "    build: $(seconds_since "$t0") s; output $(du -sm "$cli" | cut -f1) MB"
  local cache; cache=$(dotnet nuget locals global-packages --list | sed 's/^[^:]*: *//')
  local nupkg; nupkg=$(ls "$cache"/microsoft.ml.onnxruntime.gpu.linux/"$ort_version"/*.nupkg 2>/dev/null)
  [ -n "$nupkg" ] && echo "    $(basename "$nupkg"): $(stat -c %s "$nupkg") bytes"
  gpu_libs() {
    ls -l "$cli"/runtimes/linux-x64/native/ && [ -f "$cli/runtimes/linux-x64/native/libonnxruntime_providers_cuda.so" ] \
    && [ -f "$cli/runtimes/linux-x64/native/libonnxruntime_providers_shared.so" ] && [ -f "$cli/runtimes/linux-x64/native/libonnxruntime.so" ]
  }
  run "CLI on $gpu_pkg: output carries libonnxruntime_providers_cuda.so (+ _shared, libonnxruntime.so)" gpu_libs
  local gseq=$shared/data/sequences/Human3/img
  if [ ! -d "$gseq" ]; then skip "CLI on $gpu_pkg: --device cuda fallback / --no-cpu-fallback (../shared absent)"; return; fi
  local track=(dotnet "$cli/siamese.dll" track --input "$gseq" --box "$box" --max-frames 20 --quiet)
  local cuda_code=0
  "${track[@]}" --device cuda --output "$work/gpu-cuda.csv" 2>"$work/gpu-cuda.err" || cuda_code=$?
  if [ "$cuda_code" -eq 0 ] && [ ! -s "$work/gpu-cuda.err" ]; then
    skip "CLI on $gpu_pkg: --device cuda fallback / --no-cpu-fallback (CUDA is usable on this machine: nothing falls back)"; return
  fi
  fallback() {
    "${track[@]}" --device cpu --output "$work/gpu-cpu.csv" 2>"$work/gpu-cpu.err" || { cat "$work/gpu-cpu.err"; return 1; }
    [ "$cuda_code" -eq 0 ] || { echo "exit $cuda_code"; cat "$work/gpu-cuda.err"; return 1; }
    echo "stderr: $(cat "$work/gpu-cuda.err")"
    [ "$(wc -l < "$work/gpu-cuda.err")" -eq 1 ] && grep -q '^warning: CUDA .*CPU' "$work/gpu-cuda.err" \
    && ! grep -q '\[E:onnxruntime' "$work/gpu-cuda.err" && [ "$(wc -l < "$work/gpu-cuda.csv")" -eq 21 ] \
    && cmp "$work/gpu-cuda.csv" "$work/gpu-cpu.csv"
  }
  run "CLI on $gpu_pkg, no CUDA here: track --device cuda -> exit 0, one warning (CUDA, CPU), no [E:onnxruntime line, CSV equal to --device cpu" fallback
  grep -h '^stderr:' "$work/out.txt" | sed 's/^/    /'
  no_fallback() {
    local code=0
    "${track[@]}" --device cuda --no-cpu-fallback --output "$work/gpu-nofallback.csv" 2>"$work/gpu-nofallback.err" || code=$?
    echo "exit $code; stderr: $(cat "$work/gpu-nofallback.err")"
    [ "$code" -eq 1 ] && [ "$(wc -l < "$work/gpu-nofallback.err")" -eq 1 ] \
    && grep -q '^error: --device cuda:0: CUDA device 0 unavailable .*CPU fallback is off' "$work/gpu-nofallback.err" \
    && ! grep -q '^ *at \|Exception\|\[E:onnxruntime' "$work/gpu-nofallback.err" && [ ! -e "$work/gpu-nofallback.csv" ]
  }
  run "CLI on $gpu_pkg, no CUDA here: track --device cuda --no-cpu-fallback -> exit 1, one error line, no stack trace, no output file" no_fallback
  grep -h '^exit ' "$work/out.txt" | sed 's/^/    /'
}
check_gpu_package

summary
[ "$failed" -eq 0 ]
