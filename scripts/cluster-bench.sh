#!/usr/bin/env bash
# Measures the cluster mode against plain `siamese batch` on this machine (issue 16, item 4): the same job list
# (JOBS jobs over ../shared, FRAMES frames each, default model) through
#   1. siamese batch (one process),
#   2. siamese cluster with 1 worker process, 3. with 2 worker processes,
# with a redis-server of its own on a free loopback port. Every figure includes one model load (batch: process start and
# model load; cluster: the submitter's connection and each worker's model load, the workers already running).
# Prints wall time, frames/s, processor time of the tracking processes (cores used = cpu / wall) and the load average,
# then the overhead per job of the cluster mode and the projection for N machines. Usage:
#   bash scripts/cluster-bench.sh [JOBS=16] [FRAMES=40]    (needs a Release build of src/MLNet.Siamese.Cli)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${1:-16}; FRAMES=${2:-40}
CLI=src/MLNet.Siamese.Cli/bin/Release/net10.0/siamese.dll
S=$(cd ../shared/data && pwd)
[ -f "$CLI" ] || { echo "build first: dotnet build src/MLNet.Siamese.Cli -c Release" >&2; exit 1; }
work=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

videos=("$S/videos/bag.avi|bag|315,140,112,112" "$S/sequences/Bolt/img|runner|336,165,26,61" "$S/sequences/Human3/img|walker|264,311,37,69"
        "$S/sequences/wakeboard7/img|rider|623,299,11,38" "$S/sequences/person12/img|person|490,235,34,85")
echo "job,video,target,start_frame,x,y,w,h" > "$work/jobs.csv"
for i in $(seq 1 "$JOBS"); do
  IFS='|' read -r v t b <<< "${videos[$(( (i - 1) % ${#videos[@]} ))]}"
  echo "j$i,$v,$t,$(( (i - 1) / ${#videos[@]} )),$b" >> "$work/jobs.csv"
done

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu() { local t=0; for p in "$@"; do t=$(( t + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat") )); done; echo "$t"; }
now() { date +%s.%N; }
report() { # name wall cpu_ticks frames
  python3 -c "import sys; n,w,c,f=sys.argv[1],float(sys.argv[2]),int(sys.argv[3])/100,int(sys.argv[4]); print(f'{n:<22} wall {w:6.1f} s  {f/w:6.1f} frames/s  cpu {c:6.1f} s  cores used {c/w:4.2f}')" "$@"
}
frames() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['frames'])" "$1"; }

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg); $JOBS jobs x $FRAMES frames"
t0=$(now)
/usr/bin/time -f "%U %S" -o "$work/batch.time" dotnet "$CLI" batch --jobs "$work/jobs.csv" -o "$work/batch" --max-frames "$FRAMES" -q 2> "$work/batch.err"
t1=$(now)
batch_wall=$(python3 -c "print($t1 - $t0)"); batch_cpu=$(awk '{printf "%d", ($1 + $2) * 100}' "$work/batch.time")
batch_frames=$(frames "$work/batch/summary.json")
report "batch (1 process)" "$batch_wall" "$batch_cpu" "$batch_frames" | tee "$work/results"

rport=$(port); mkdir -p "$work/redis"
redis-server --port "$rport" --bind 127.0.0.1 --dir "$work/redis" --appendonly yes --save "" > "$work/redis.log" 2>&1 &
pids+=($!); sleep 1
m="redis://127.0.0.1:$rport"

for n in 1 2; do
  cid="bench$n"; out="$work/cluster$n"; wp=()
  for w in $(seq 1 "$n"); do
    : > "$work/w$n-$w.log"
    dotnet "$CLI" cluster worker --membership "$m" --cluster-id "$cid" --out "$out" --name "w$w" \
      --silo-port "$(port)" --gateway-port "$(port)" --advertise 127.0.0.1 > "$work/w$n-$w.log" 2>&1 &
    wp+=($!); pids+=($!)
  done
  for w in $(seq 1 "$n"); do until grep -q ready "$work/w$n-$w.log"; do sleep 0.5; done; done
  c0=$(cpu "${wp[@]}"); t0=$(now)
  /usr/bin/time -f "%U %S" -o "$work/submit$n.time" dotnet "$CLI" cluster submit --jobs "$work/jobs.csv" --out "$out" --membership "$m" --cluster-id "$cid" --max-frames "$FRAMES" -q 2> "$work/submit$n.err"
  t1=$(now); c1=$(cpu "${wp[@]}")
  sub_cpu=$(awk '{printf "%d", ($1 + $2) * 100}' "$work/submit$n.time")
  report "cluster, $n worker(s)" "$(python3 -c "print($t1 - $t0)")" "$(( c1 - c0 ))" "$(frames "$out/summary.json")" | tee -a "$work/results"
  echo "  (submitter process: cpu $(python3 -c "print($sub_cpu/100)") s)"
  for f in tracks.csv tracks.jsonl tracks.parquet; do cmp -s "$work/batch/$f" "$out/$f" || { echo "  $f differs from batch's!"; exit 1; }; done
  echo "  tables byte-identical to batch's"
  for p in "${wp[@]}"; do kill "$p"; done; for p in "${wp[@]}"; do wait "$p" 2>/dev/null || true; done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/results" "$JOBS" <<'PY'
import re, sys
rows = [tuple(map(float, re.findall(r"wall\s+([\d.]+) s\s+([\d.]+) frames/s", l)[0])) for l in open(sys.argv[1])]
jobs = int(sys.argv[2])
(bw, bf), (c1w, c1f), (c2w, c2f) = rows
print(f"overhead of the cluster mode per job (1 worker vs batch, same pipeline): {(c1w - bw) / jobs * 1000:.0f} ms ({(c1w / bw - 1) * 100:+.0f}% of the run)")
print(f"2 workers on this machine vs 1: {c2f / c1f:.2f}x")
for n in (2, 4, 8, 16, 64):
    print(f"projection, {n} machines like this one (1 worker each, shared folder keeping up): ~{n * c1f:.0f} frames/s, {n * c1f / bf:.1f}x one machine's batch")
PY
