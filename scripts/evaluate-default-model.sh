#!/usr/bin/env bash
# Measures a model pack (default: models/default) against NanoTrack v2 and OpenCV's CSRT in one table per set:
#   1. ../shared/data/sequences (6 sequences; which of them a model trained on is in its MODEL_CARD.md),
#   2. the held-out benchmark of real sequences not in ../shared (tools/holdout, fetched from Debian's opencv-doc),
#   3. CPU speed (siamese bench: model-only and track-step ms/frame, 1 ONNX Runtime thread, same process).
# The two packs run in one `siamese eval`; OpenCV CSRT boxes (Debian python3-opencv, library defaults, as
# ../shared/docs/reference/HOW-opencv.md says: the shared sequences' boxes are those references, the held-out
# ones are made by tools/reference/opencv_trackers.py) are then scored with the packs' result files by one
# `siamese eval --results`, so every column of a table comes from the same scorer.
# Writes OUT (default out/eval-default): shared/ and holdout/ (the pack run), shared-all/ and holdout-all/
# (summary.md/json/csv + SVG plots with CSRT), bench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL="${MODEL:-models/default}"
OUT="${OUT:-out/eval-default}"
SHARED="${SHARED:-../shared}"
bash scripts/setup.sh >/dev/null
dotnet build src/MLNet.Siamese.Cli/MLNet.Siamese.Cli.csproj -c Release -f net10.0 -o out/bin -nologo -v quiet
siamese() { dotnet out/bin/siamese.dll "$@"; }
[ -d "$SHARED/models/third_party/nanotrack-v2" ] || { echo "error: needs $SHARED (NanoTrack v2 weights, sequences)" >&2; exit 1; }
[ -d "$SHARED/docs/reference/opencv-csrt" ] || { echo "error: needs $SHARED/docs/reference/opencv-csrt" >&2; exit 1; }
siamese pack nanotrack --source "$SHARED/models/third_party/nanotrack-v2" --out out/packs/nanotrack-v2 --name nanotrack-v2 >/dev/null
HOLDOUT="$(bash tools/holdout/make_holdout.sh | tail -n1)"
mkdir -p "$OUT"
if [ ! -f out/opencv-holdout/opencv-csrt/vtest_p5.txt ]; then
  echo "== OpenCV CSRT on the held-out sequences (once; out/opencv-holdout)"
  /usr/bin/python3 tools/reference/opencv_trackers.py --dataset "$HOLDOUT" --out out/opencv-holdout --trackers csrt
fi

# Scores the packs' results of OUT/$1 together with CSRT's boxes from $3 into OUT/$1-all.
with_csrt() {
  local set="$1" dataset="$2" csrt="$3"
  rm -rf "$OUT/$set-all"
  mkdir -p "$OUT/$set-all/results"
  cp -r "$OUT/$set/results/." "$OUT/$set-all/results/"
  cp -r "$csrt" "$OUT/$set-all/results/opencv-csrt"
  siamese eval --results "$OUT/$set-all/results" -d "$dataset" -o "$OUT/$set-all" --quiet >/dev/null
  cat "$OUT/$set-all/summary.md"
}

echo "== shared sequences"
siamese eval -m "$MODEL" out/packs/nanotrack-v2 -d "$SHARED/data/sequences" -o "$OUT/shared" --quiet >/dev/null
with_csrt shared "$SHARED/data/sequences" "$SHARED/docs/reference/opencv-csrt"
echo "== held-out real sequences ($HOLDOUT)"
siamese eval -m "$MODEL" out/packs/nanotrack-v2 -d "$HOLDOUT" -o "$OUT/holdout" --quiet >/dev/null
with_csrt holdout "$HOLDOUT" out/opencv-holdout/opencv-csrt
echo "== CPU speed"
siamese bench --model "$MODEL" out/packs/nanotrack-v2 --input "$SHARED/data/sequences/Bolt" --frames 300 --rounds 5 \
  | tee "$OUT/bench.txt"
