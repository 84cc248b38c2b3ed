#!/usr/bin/env bash
# Cross-validated scores of a training recipe on ../shared/data/sequences: each fold's model (a checkpoint trained
# with that fold's sequences held out, e.g. the mean of its checkpoints 3,500-5,000) tracks only its own held-out
# sequences; the folds' result files are then scored together, beside NanoTrack v2 (same `siamese eval` runs) and
# OpenCV CSRT (the boxes of ../shared/docs/reference/opencv-csrt, made with Debian's python3-opencv as
# ../shared/docs/reference/HOW-opencv.md says), by one `siamese eval --results`, so every column comes from one scorer.
#
#   training/cross-validate.sh OUT_DIR CHECKPOINT.pth=SEQ,SEQ[,...] [CHECKPOINT.pth=SEQ,...]...
#   env: as training/eval-checkpoint.sh (FAMILY, VARIANT, SIAMESE, SHARED); NAME (default-cv) names the model column
# Writes OUT_DIR/fold-N (each fold's pack and eval) and OUT_DIR/cross-validated (summary.md/json/csv + plots).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OUT_DIR CHECKPOINT.pth=SEQ,SEQ... [CHECKPOINT.pth=SEQ,...]..." >&2; exit 2; }
out="$(realpath -m "$1")"; shift
here="$(cd "$(dirname "$0")" && pwd)"
SHARED="$(realpath "${SHARED:-$here/../../shared}")"
csrt="$SHARED/docs/reference/opencv-csrt"
[ -d "$csrt" ] || { echo "error: needs $csrt (OpenCV CSRT reference boxes)" >&2; exit 1; }
export NAME="${NAME:-default-cv}" SHARED
seen=""
ckpts=(); fold_seqs=()
for fold in "$@"; do
  ckpt="${fold%%=*}"; seqs="${fold#*=}"
  [ "$ckpt" != "$fold" ] && [ -n "$seqs" ] || { echo "error: fold '$fold': expected CHECKPOINT.pth=SEQ,SEQ" >&2; exit 2; }
  [ -f "$ckpt" ] || { echo "error: fold '$fold': no such checkpoint $ckpt" >&2; exit 1; }
  for s in ${seqs//,/ }; do
    [ -d "$SHARED/data/sequences/$s" ] || { echo "error: fold '$fold': no sequence $s in $SHARED/data/sequences" >&2; exit 1; }
    case " $seen " in *" $s "*) echo "error: sequence $s is held out by two folds" >&2; exit 2;; esac
    seen="${seen:+$seen }$s"
  done
  ckpts+=("$ckpt"); fold_seqs+=("$seqs")
done
rm -rf "$out/cross-validated"
mkdir -p "$out/cross-validated/results"
for i in "${!ckpts[@]}"; do
  n=$((i + 1))
  echo "== fold $n: $(basename "${ckpts[$i]}") on ${fold_seqs[$i]}"
  SEQUENCES="${fold_seqs[$i]}" HOLDOUT=0 bash "$here/eval-checkpoint.sh" "${ckpts[$i]}" "$out/fold-$n" >/dev/null
  cp -r "$out/fold-$n/shared/results/." "$out/cross-validated/results/"
  if [ -z "${SIAMESE:-}" ]; then export SIAMESE="$out/fold-1/bin/siamese.dll"; fi   # build once
done
mkdir -p "$out/cross-validated/results/opencv-csrt/times"
for s in $seen; do
  cp "$csrt/$s.txt" "$out/cross-validated/results/opencv-csrt/"
  if [ -f "$csrt/times/${s}_time.txt" ]; then cp "$csrt/times/${s}_time.txt" "$out/cross-validated/results/opencv-csrt/times/"; fi
done
siamese() { if [[ "$SIAMESE" == *.dll ]]; then dotnet "$SIAMESE" "$@"; else "$SIAMESE" "$@"; fi; }
siamese eval --results "$out/cross-validated/results" -d "$SHARED/data/sequences" --sequences "${seen// /,}" \
  -o "$out/cross-validated" --quiet >/dev/null
cat "$out/cross-validated/summary.md"
