#!/usr/bin/env bash
# Exports a training checkpoint of a run (default: the NanoTrack-v2-architecture student of the distillation run) to
# a model pack and scores it against NanoTrack v2 with the project's evaluator in one run, on sequences that were not
# trained on: the held-out validation sequence(s) of ../shared/data/sequences (default person12) and, with
# HOLDOUT=1, the held-out benchmark of tools/holdout (Debian opencv-doc footage, never a training source).
#
#   training/eval-checkpoint.sh RUN_DIR/checkpoint.pth OUT_DIR
#   env: FAMILY (nanotrack) VARIANT (v2) SEQUENCES (person12) HOLDOUT (0|1) SIAMESE (a built CLI: path to siamese
#        or siamese.dll; default: build src/MLNet.Siamese.Cli into OUT_DIR/bin) SHARED (../shared)
#        NAME (the pack's name, which names its results folder; default RUN-CHECKPOINT)
# Writes OUT_DIR/pack (the exported model), OUT_DIR/shared and OUT_DIR/holdout (summary.md/json/csv + plots).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 CHECKPOINT.pth OUT_DIR" >&2; exit 2; }
ckpt="$(realpath "$1")"
out="$(realpath -m "$2")"
[ -f "$ckpt" ] || { echo "error: $1: no such checkpoint" >&2; exit 1; }
cd "$(dirname "$0")/.."
FAMILY="${FAMILY:-nanotrack}"
VARIANT="${VARIANT:-v2}"
SEQUENCES="${SEQUENCES:-person12}"
SHARED="$(realpath "${SHARED:-../shared}")"
[ -f "$SHARED/models/third_party/nanotrack-v2/nanotrack.pth" ] || { echo "error: needs $SHARED (NanoTrack v2)" >&2; exit 1; }
mkdir -p "$out"
if [ -z "${SIAMESE:-}" ]; then
  dotnet build src/MLNet.Siamese.Cli/MLNet.Siamese.Cli.csproj -c Release -f net10.0 -o "$out/bin" -nologo -v quiet
  SIAMESE="$out/bin/siamese.dll"
fi
siamese() { if [[ "$SIAMESE" == *.dll ]]; then dotnet "$SIAMESE" "$@"; else "$SIAMESE" "$@"; fi; }
name="${NAME:-$(basename "$(dirname "$ckpt")")-$(basename "$ckpt" .pth)}"
(cd training && /usr/bin/python3 -m siamese_training.convert --family "$FAMILY" --variant "$VARIANT" \
  --checkpoint "$ckpt" --out "$out/pack" --name "$name" \
  --license "MIT (weights trained by MLNet.Siamese from random init; architecture: see the family)")
[ -f "$out/nanotrack-v2/model.json" ] || siamese pack nanotrack --source "$SHARED/models/third_party/nanotrack-v2" \
  --out "$out/nanotrack-v2" --name nanotrack-v2 >/dev/null
siamese eval -m "$out/pack" "$out/nanotrack-v2" -d "$SHARED/data/sequences" --sequences "$SEQUENCES" \
  -o "$out/shared" --parallel 1 --quiet
if [ "${HOLDOUT:-0}" = 1 ]; then
  holdout="$(bash tools/holdout/make_holdout.sh | tail -n1)"
  siamese eval -m "$out/pack" "$out/nanotrack-v2" -d "$holdout" -o "$out/holdout" --parallel 1 --quiet
fi
