#!/usr/bin/env bash
# Main job on a fresh machine: installs what is missing, builds, and tracks a cup through a real video with the
# project's default model (models/default).
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
  echo "error: $MODEL/model.json not found (MODEL=<pack folder>)" >&2
  exit 1
fi

# Default input: a real video from Debian's opencv-doc package (Apache-2.0/BSD-3-Clause), fetched with apt by
# tools/holdout/make_holdout.sh into the cache; nothing from ../shared is needed.
if [ -z "${INPUT:-}" ]; then
  bash tools/holdout/make_holdout.sh >/dev/null
  INPUT="${MLNET_SIAMESE_CACHE:-$HOME/.cache/mlnet-siamese}/holdout/videos/cup.mp4"
  BOX="${BOX:-308,124,106,259}"
fi
BOX="${BOX:?BOX=x,y,w,h is required with INPUT}"
mkdir -p out/demo
echo "== tracking $INPUT from box $BOX with $MODEL"
siamese track --model "$MODEL" --input "$INPUT" --box "$BOX" --output out/demo/tracks.csv --render out/demo/tracks.mp4
echo "== done: out/demo/tracks.csv, out/demo/tracks.mp4"
