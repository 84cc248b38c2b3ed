#!/usr/bin/env bash
# Checks the packages as a consumer gets them (called by scripts/test.sh after the Release build and the tests):
#   1. packs MLNet.Siamese, MLNet.Siamese.ML and the tool from the existing Release build into a temporary folder feed;
#   2. inspects them: the core carries no ONNX Runtime assembly and depends on the official Microsoft.ML.OnnxRuntime,
#      the adapter carries no stand-in and depends on Microsoft.ML, the tool carries libonnxruntime.so, symbols exist;
#   3. installs the tool from the feed (isolated NuGet config) and runs `siamese --help`, `siamese pack` and `siamese track`;
#   4. creates a fresh console project referencing MLNet.Siamese from the feed (isolated config and packages folder) and
#      tracks a shared sequence through the library; its boxes must equal the tool's.
# The official Microsoft.ML.OnnxRuntime package is not in the reachable registry, so step 4 restores a TEST-ONLY
# package with that id and version, made here from the locally built assembly (official identity) and the native
# library, in a second temporary feed: it never goes near nuget/pack.sh's output.
# Prints PASS/FAIL/SKIP per check and a last line "packages: N passed, N failed, N skipped"; exit 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mlnet-siamese-packages.XXXXXX")
trap 'rm -rf "$work"' EXIT
feed=$work/feed; testfeed=$work/test-only-feed; mkdir -p "$feed" "$testfeed"
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
ort_version=$(sed -n 's:.*<OnnxRuntimeVersion>\(.*\)</OnnxRuntimeVersion>.*:\1:p' Directory.Build.props | head -1)
ml_version=$(sed -n "s:.*<MicrosoftMLVersion[^>]*>\(.*\)</MicrosoftMLVersion>.*:\1:p" Directory.Build.props | head -1)
shared=${MLNET_SIAMESE_SHARED:-$repo/../shared}
python=/usr/bin/python3; [ -x "$python" ] || python=python3
passed=0; failed=0; skipped=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/    /' "$2" | tail -30; failed=$((failed + 1)); }
skip() { echo "SKIP $1"; skipped=$((skipped + 1)); }
run() { local name=$1; shift; if "$@" >"$work/out.txt" 2>&1; then pass "$name"; return 0; else fail "$name" "$work/out.txt"; return 1; fi; }
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
run "pack (dotnet pack --no-build)" bash nuget/pack.sh --no-build "$feed" || { echo "packages: $passed passed, $failed failed, $skipped skipped"; exit 1; }
core=$feed/MLNet.Siamese.$version.nupkg; ml=$(ls "$feed"/MLNet.Siamese.ML.*.nupkg 2>/dev/null | head -1); tool=$feed/MLNet.Siamese.Cli.$version.nupkg
for f in "$core" "$ml" "$tool"; do echo "    $(basename "$f"): $(stat -c %s "$f") bytes"; unpack_info "$f"; done

# 2. Contents and dependencies.
check_core() {
  has "$core" 'lib/net8.0/MLNet.Siamese.dll' && has "$core" 'lib/net10.0/MLNet.Siamese.xml' && ! hasi "$core" 'onnxruntime' \
  && declares "$core" "<dependency id=\"Microsoft.ML.OnnxRuntime\" version=\"$ort_version\"" \
  && has "$core" 'README.md' && has "$core" 'LICENSE' && declares "$core" '<license type="expression">MIT</license>'
}
run "core package: own assemblies + docs only, depends on Microsoft.ML.OnnxRuntime $ort_version, README, MIT" check_core
check_ml() {
  has "$ml" 'lib/net10.0/MLNet.Siamese.ML.dll' && ! hasi "$ml" 'standin\|Microsoft.ML.dll' \
  && declares "$ml" "<dependency id=\"Microsoft.ML\" version=\"$ml_version\"" \
  && declares "$ml" "<dependency id=\"MLNet.Siamese\" version=\"$version\""
}
run "ML.NET adapter package: no stand-in inside, depends on Microsoft.ML $ml_version and MLNet.Siamese" check_ml
check_tool() {
  for tfm in net8.0 net10.0; do
    has "$tool" "tools/$tfm/any/siamese.dll" && has "$tool" "tools/$tfm/any/Microsoft.ML.OnnxRuntime.dll" \
    && has "$tool" "tools/$tfm/any/runtimes/linux-x64/native/libonnxruntime.so" \
    && has "$tool" "tools/$tfm/any/models/default/model.json" && has "$tool" "tools/$tfm/any/models/default/search.onnx" || return 1
  done
  declares "$tool" '<packageType name="DotnetTool"'
}
run "tool package: siamese + ONNX Runtime (managed and linux-x64 native) + the default model for net8.0 and net10.0" check_tool
run "symbol packages (.snupkg) for all three" bash -c "ls '$feed'/MLNet.Siamese.$version.snupkg '$feed'/MLNet.Siamese.Cli.$version.snupkg '$feed'/MLNet.Siamese.ML.*.snupkg"

# TEST-ONLY Microsoft.ML.OnnxRuntime package (see the header), in its own feed.
make_test_ort() {
  "$python" - "$testfeed/Microsoft.ML.OnnxRuntime.$ort_version.nupkg" "$ort_version" "$repo/src/OnnxRuntime/bin/Release" <<'PY'
import sys, zipfile
out, version, bin_dir = sys.argv[1:]
group = '<group targetFramework="{0}"><dependency id="System.Numerics.Tensors" version="9.0.19" /></group>'
nuspec = f'''<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata>
<id>Microsoft.ML.OnnxRuntime</id><version>{version}</version><authors>MLNet.Siamese tests</authors>
<description>TEST-ONLY stand-in for the official package, built from the npm ONNX Runtime sources; never publish.</description>
<dependencies>{group.format("net8.0")}{group.format("net10.0")}</dependencies></metadata></package>'''
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("Microsoft.ML.OnnxRuntime.nuspec", nuspec)
    for tfm in ("net8.0", "net10.0"):
        z.write(f"{bin_dir}/{tfm}/Microsoft.ML.OnnxRuntime.dll", f"lib/{tfm}/Microsoft.ML.OnnxRuntime.dll")
    z.write(f"{bin_dir}/net10.0/runtimes/linux-x64/native/libonnxruntime.so", "runtimes/linux-x64/native/libonnxruntime.so")
PY
}
run "test-only Microsoft.ML.OnnxRuntime $ort_version package (temporary feed)" make_test_ort

# Isolated NuGet config: only the two temporary feeds and the registry sources already configured on this machine
# (for public dependencies such as System.Numerics.Tensors); an isolated packages folder.
{
  echo '<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear />'
  echo "<add key=\"local-feed\" value=\"$feed\" /><add key=\"test-only-feed\" value=\"$testfeed\" />"
  dotnet nuget list source --format short 2>/dev/null | awk '$1 == "E" && $2 ~ /^https?:/ {printf "<add key=\"registry%d\" value=\"%s\" />\n", NR, $2}'
  echo '</packageSources></configuration>'
} > "$work/NuGet.Config"
export NUGET_PACKAGES=$work/packages DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# 3. The tool from the feed.
siamese=$work/tool/siamese
run "dotnet tool install MLNet.Siamese.Cli from the feed" dotnet tool install --tool-path "$work/tool" --configfile "$work/NuGet.Config" MLNet.Siamese.Cli --version "$version"
check_help() { "$siamese" --help >"$work/help.txt" 2>&1 && grep -q 'track' "$work/help.txt" && grep -q 'batch' "$work/help.txt"; }
run "installed tool: siamese --help" check_help
seq=$shared/data/sequences/Human3/img; box=264,311,37,69; frames=30
if [ -d "$shared/models/third_party/nanotrack-v2" ] && [ -d "$seq" ]; then
  run "installed tool: siamese pack nanotrack (NanoTrack v2 from ../shared)" "$siamese" pack nanotrack --source "$shared/models/third_party/nanotrack-v2" --out "$work/pack"
  run "installed tool: siamese track $frames frames of Human3" "$siamese" track --model "$work/pack" --input "$seq" --box "$box" --max-frames "$frames" --output "$work/tool.csv" --quiet
  track_default() {
    "$siamese" track --input "$seq" --box "$box" --max-frames "$frames" --output "$work/default.csv" --quiet \
    && [ "$(wc -l < "$work/default.csv")" -eq $((frames + 1)) ]
  }
  run "installed tool: siamese track without --model (the bundled default model)" track_default
else
  skip "installed tool: pack + track (../shared absent)"; skip "consumer project (../shared absent)"
  echo "packages: $passed passed, $failed failed, $skipped skipped ($(( $(date +%s) - start )) s)"; [ "$failed" -eq 0 ]; exit
fi

# 4. A fresh consumer of MLNet.Siamese.
mkdir -p "$work/consumer"
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup><PackageReference Include="MLNet.Siamese" Version="$version" /></ItemGroup>
</Project>
XML
cat > "$work/consumer/Program.cs" <<'CS'
using System.Globalization;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

int frames = int.Parse(args[3], CultureInfo.InvariantCulture);
var ort = typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly;
Console.Error.WriteLine($"onnxruntime: {ort.FullName} from {ort.Location}");
using var tracker = SiameseTracker.Create(args[0]);
using var source = FrameSource.Open(args[1]);
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
CS
consume() {
  cp "$work/NuGet.Config" "$work/consumer/NuGet.Config"   # <clear/> there drops the user's sources for this project
  (cd "$work/consumer" && dotnet restore --configfile "$work/NuGet.Config" && dotnet build -c Release --no-restore) >"$work/consumer.build" 2>&1 \
    || { cat "$work/consumer.build"; return 1; }
  (cd "$work/consumer" && dotnet run -c Release --no-build -- "$work/pack" "$seq" "$box" "$frames") >"$work/consumer.csv" 2>"$work/consumer.err" \
    || { cat "$work/consumer.err"; return 1; }
  cat "$work/consumer.err"
  # Bound by name, version and token to the assembly restored from the (test-only) package, not to the project build.
  grep -q "Microsoft.ML.OnnxRuntime, Version=$ort_version.0, Culture=neutral, PublicKeyToken=f27f157f0a5b7bb6 from $work/consumer/bin/" "$work/consumer.err" \
    && cmp "$work/consumer/bin/Release/net10.0/Microsoft.ML.OnnxRuntime.dll" "$NUGET_PACKAGES/microsoft.ml.onnxruntime/$ort_version/lib/net10.0/Microsoft.ML.OnnxRuntime.dll" \
    && cmp "$work/consumer/bin/Release/net10.0/MLNet.Siamese.dll" "$NUGET_PACKAGES/mlnet.siamese/$version/lib/net10.0/MLNet.Siamese.dll" \
    || { echo "ONNX Runtime / MLNet.Siamese not restored from the feeds"; return 1; }
  tail -n +2 "$work/tool.csv" | cut -d, -f3,5-8 > "$work/tool.boxes"
  [ "$(wc -l < "$work/consumer.csv")" -eq "$frames" ] && diff "$work/tool.boxes" "$work/consumer.csv"
}
run "consumer project: MLNet.Siamese from the feed tracks Human3, boxes equal the tool's" consume
grep -h '^onnxruntime:' "$work/out.txt" | sed 's/^/    /'
echo "packages: $passed passed, $failed failed, $skipped skipped ($(( $(date +%s) - start )) s)"
[ "$failed" -eq 0 ]
