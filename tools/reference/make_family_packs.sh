#!/usr/bin/env bash
# Export one small model pack per tracker family / decoder path for the C# parity tests.
#
#   tools/reference/make_family_packs.sh OUTDIR [--with-r50] [--with-mobilev2] [--only NAME[,NAME...]]
#
# Random weights use fixed seeds (random:1; see training/siamese_training/random_init.py), so a rerun on the same
# machine (torch version, thread count) writes identical packs. The FDSiamFC-30 pack is converted from the released
# weights in ../shared (skipped with a message when ../shared is absent). Every pack is validated by running its
# ONNX through onnx_torch.py against the torch module (training/EXPORT.md). Prints name, size and export time and
# writes OUTDIR/packs.tsv.
#
# Default set (~175 MB, about a minute on an idle 2-core machine):
#   siamfc-alexnet-random1            siamfc, AlexNetV1 widths, clipCenter false
#   fdsiamfc-30                       siamfc, FDSiamfc_30.pth (MIT), clipCenter true
#   sa-siam-alexnet-random1           sa-siam (exemplar + context template inputs)
#   siamfc-acm-alexnet-random1        siamfc-acm (templateBox input)
#   siamrpn++-alex-lt-random1         siamrpn++ alex (287 -> 21x21, baseSize 0) + longTerm (thresholds 0.95/0.985
#                                     so that the random scores do switch between the modes)
#   siamrpn++-tiny-c64-random1        siamrpn++ multi-level (zf2..zf4, weighted fusion), tiny backbone
#   siamrpn++-acm-tiny-c64-random1    siamrpn++-acm (zk2_cls..zk4_loc), tiny backbone
#   siamban-tiny-c64-random1          siamban (exp inside, loc_scale), tiny backbone
#   siamcan-tiny-c64-random1          siamcan, tiny backbone
#   siamban-acm-tiny-c64-random1      siamban-acm, tiny backbone
#   nanotrack-v3-random1              nanotrack v3 (15x15 output)
#   siamban-acm-tiny-c64-split-random1  --layout split (shared backbone.onnx + template_head/search_head graphs)
# --with-mobilev2: siamrpn++-mobilev2-random1 (public pysot layout, 256 channels, 59 MB)
# --with-r50:      siamrpn++-r50-split-random1 and siamban-r50-split-random1 (public layouts, split layout:
#                  ~220 MB each; the single layout would be ~400 MB because both graphs hold the backbone)
set -euo pipefail

usage() { sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
OUT="$1"; shift
WITH_R50=0; WITH_MV2=0; ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --with-r50) WITH_R50=1 ;;
    --with-mobilev2) WITH_MV2=1 ;;
    --only) ONLY="$2"; shift ;;
    *) usage ;;
  esac
  shift
done

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3
SHARED="${MLNET_SIAMESE_SHARED:-$REPO/../shared}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# name | family | variant | channels | checkpoint | extra options
SPECS=(
  "siamfc-alexnet-random1|siamfc|alexnet||random:1|"
  "fdsiamfc-30|siamfc|fdsiamfc-30||$SHARED/models/third_party/fdsiamfc/FDSiamfc_30.pth|"
  "sa-siam-alexnet-random1|sa-siam|alexnet||random:1|"
  "siamfc-acm-alexnet-random1|siamfc-acm|alexnet||random:1|"
  "siamrpn++-alex-lt-random1|siamrpn++|alex||random:1|--set longTerm.confidenceLow=0.95 --set longTerm.confidenceHigh=0.985"
  "siamrpn++-tiny-c64-random1|siamrpn++|tiny|64|random:1|"
  "siamrpn++-acm-tiny-c64-random1|siamrpn++-acm|tiny|64|random:1|"
  "siamban-tiny-c64-random1|siamban|tiny|64|random:1|"
  "siamcan-tiny-c64-random1|siamcan|tiny|64|random:1|"
  "siamban-acm-tiny-c64-random1|siamban-acm|tiny|64|random:1|"
  "nanotrack-v3-random1|nanotrack|v3||random:1|"
  "siamban-acm-tiny-c64-split-random1|siamban-acm|tiny|64|random:1|--layout split"
)
[ "$WITH_MV2" = 1 ] && SPECS+=("siamrpn++-mobilev2-random1|siamrpn++|mobilev2||random:1|")
[ "$WITH_R50" = 1 ] && SPECS+=("siamrpn++-r50-split-random1|siamrpn++|r50||random:1|--layout split"
                               "siamban-r50-split-random1|siamban|r50||random:1|--layout split")

printf 'name\tfamily\tvariant\tbytes\texport_s\tvalidation_s\tworst_rel_diff\n' > "$OUT/packs.tsv"
printf '%-34s %-14s %9s %9s %9s\n' pack family MB export_s check_s
for spec in "${SPECS[@]}"; do
  IFS='|' read -r name family variant channels ckpt extra <<< "$spec"
  if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$name,"* ]]; then continue; fi
  if [[ "$ckpt" != random:* ]] && [ ! -f "$ckpt" ]; then
    echo "skip $name: $ckpt not found (shared folder absent?)" >&2
    continue
  fi
  args=(--family "$family" --variant "$variant" --checkpoint "$ckpt" --out "$OUT/$name" --name "$name" --threads 2)
  [ -n "$channels" ] && args+=(--channels "$channels")
  # shellcheck disable=SC2206
  [ -n "$extra" ] && args+=($extra)
  rm -rf "${OUT:?}/$name"
  (cd "$REPO/training" && "$PY" -m siamese_training.convert "${args[@]}" > /dev/null)
  "$PY" - "$OUT/$name" "$family" "$variant" "$OUT/packs.tsv" <<'EOF'
import json, sys
d, family, variant, tsv = sys.argv[1:5]
info = json.load(open(d + "/export-info.json"))
size = sum(info["bytes"].values())
v = info.get("validation", {})
with open(tsv, "a") as f:
    f.write("%s\t%s\t%s\t%d\t%.1f\t%.1f\t%.2g\n" % (info["name"], family, variant, size, info["export_seconds"],
                                                   info.get("validation_seconds", 0), v.get("worst_relative", 0)))
print("%-34s %-14s %9.1f %9.1f %9.1f" % (info["name"], family, size / 1e6, info["export_seconds"],
                                          info.get("validation_seconds", 0)))
EOF
done
