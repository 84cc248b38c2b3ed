#!/usr/bin/env bash
# Keeps snapshots of a running training's checkpoint for model selection, for runs started without --keep-every:
# polls RUN_DIR/checkpoint.pth once a minute and copies it to RUN_DIR/checkpoint-STEP.pth when STEP is a multiple
# of EVERY; ends when RUN_DIR/final.pth appears (the last checkpoint is then kept too).
#   nohup nice -n 19 bash training/keep-checkpoints.sh /work/runs/distill-v2 500 > /work/runs/keep.log 2>&1 &
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 RUN_DIR EVERY" >&2; exit 2; }
run="$1"; every="$2"
[ -d "$run" ] || { echo "error: $run: no such run folder" >&2; exit 1; }
last=""
step_of() {
  /usr/bin/python3 -c 'import sys, torch; print(int(torch.load(sys.argv[1], map_location="cpu")["step"]))' "$1"
}
while :; do
  done_=0; [ -f "$run/final.pth" ] && done_=1
  if [ -f "$run/checkpoint.pth" ]; then
    stamp="$(stat -c %Y "$run/checkpoint.pth")"
    if [ "$stamp" != "$last" ]; then
      tmp="$run/.keep.tmp"
      cp "$run/checkpoint.pth" "$tmp"            # a copy first: the trainer replaces checkpoint.pth atomically
      step="$(step_of "$tmp")"
      if [ $((step % every)) -eq 0 ] || [ $done_ -eq 1 ]; then
        mv "$tmp" "$run/checkpoint-$step.pth"
        echo "$(date -u +%FT%TZ) kept checkpoint-$step.pth"
      else
        rm -f "$tmp"
      fi
      last="$stamp"
    fi
  fi
  [ $done_ -eq 1 ] && exit 0
  sleep 60
done
