#!/usr/bin/env bash
# Main job on a fresh machine: installs what is missing, builds, and tracks the bag in a real video end to end.
# Writes out/demo/tracks.csv (per-frame boxes and scores) and out/demo/tracks.mp4 (annotated video).
# Override with MODEL=<pack> INPUT=<video|folder> BOX=x,y,w,h.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== building the siamese CLI"
dotnet build src/MLNet.Siamese.Cli/MLNet.Siamese.Cli.csproj -c Release -f net10.0 -o out/bin -nologo -v quiet
siamese() { dotnet out/bin/siamese.dll "$@"; }

MODEL="${MODEL:-models/default}"
if [ ! -f "$MODEL/model.json" ]; then
  release=../shared/models/third_party/nanotrack-v2
  if [ ! -d "$release" ]; then
    echo "error: $MODEL has no model.json and ../shared (NanoTrack v2 weights) is not beside the project" >&2
    exit 1
  fi
  echo "== note: the project has no trained default model yet (models/default); this demo uses the public"
  echo "   NanoTrack v2 release (Apache-2.0) from ../shared, packed into out/packs/ (never committed)"
  siamese pack nanotrack --source "$release" --out out/packs/nanotrack-v2 --name nanotrack-v2
  MODEL=out/packs/nanotrack-v2
fi

INPUT="${INPUT:-../shared/data/videos/bag.avi}"
BOX="${BOX:-315,140,112,112}"
mkdir -p out/demo
echo "== tracking $INPUT from box $BOX with $MODEL"
siamese track --model "$MODEL" --input "$INPUT" --box "$BOX" --output out/demo/tracks.csv --render out/demo/tracks.mp4
echo "== done: out/demo/tracks.csv, out/demo/tracks.mp4"
