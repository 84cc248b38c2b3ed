#!/usr/bin/env bash
# Measures a model pack (default: models/default) against NanoTrack v2 in one run of the project's evaluator:
#   1. ../shared/data/sequences (the training data; person12 is the default model's held-out validation sequence),
#   2. the held-out benchmark of real sequences not in ../shared (tools/holdout, fetched from Debian's opencv-doc),
#   3. CPU speed (siamese bench: model-only and track-step ms/frame, 1 ONNX Runtime thread, same process).
# Writes OUT (default out/eval-default): shared/ and holdout/ (summary.md/json/csv, SVG plots), bench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL="${MODEL:-models/default}"
OUT="${OUT:-out/eval-default}"
SHARED="${SHARED:-../shared}"
bash scripts/setup.sh >/dev/null
dotnet build src/MLNet.Siamese.Cli/MLNet.Siamese.Cli.csproj -c Release -f net10.0 -o out/bin -nologo -v quiet
siamese() { dotnet out/bin/siamese.dll "$@"; }
[ -d "$SHARED/models/third_party/nanotrack-v2" ] || { echo "error: needs $SHARED (NanoTrack v2 weights, sequences)" >&2; exit 1; }
siamese pack nanotrack --source "$SHARED/models/third_party/nanotrack-v2" --out out/packs/nanotrack-v2 --name nanotrack-v2 >/dev/null
HOLDOUT="$(bash tools/holdout/make_holdout.sh | tail -n1)"
mkdir -p "$OUT"
echo "== shared sequences"
siamese eval -m "$MODEL" out/packs/nanotrack-v2 -d "$SHARED/data/sequences" -o "$OUT/shared" --quiet
cat "$OUT/shared/summary.md"
echo "== held-out real sequences ($HOLDOUT)"
siamese eval -m "$MODEL" out/packs/nanotrack-v2 -d "$HOLDOUT" -o "$OUT/holdout" --quiet
cat "$OUT/holdout/summary.md"
echo "== CPU speed"
siamese bench --model "$MODEL" out/packs/nanotrack-v2 --input "$SHARED/data/sequences/Bolt" --frames 300 --rounds 5 \
  | tee "$OUT/bench.txt"
