#!/usr/bin/env bash
# Materialise the held-out tracking benchmark (OTB layout) from the Debian package opencv-doc.
#   usage: tools/holdout/make_holdout.sh [OUT_DIR]
# Frames are re-extracted from the package videos; ground truth is copied from tools/holdout/groundtruth/.
# Idempotent: sequences whose frames and ground truth are already in place are left alone.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${MLNET_SIAMESE_CACHE:-$HOME/.cache/mlnet-siamese}/holdout"
OUT="${1:-$CACHE/sequences}"
PY="${PYTHON:-/usr/bin/python3}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
PKG_VERSION="4.6.0+dfsg-12"
DOC=usr/share/doc/opencv-doc
# sha256 of the source videos the ground truth was made on (frame indices depend on them)
declare -A SHA=(
  [vtest.avi]=45cddc9490be69345cbdab64ca583be65987e864ca408038e648db99e10516cf
  [box.mp4]=62b744b99403f899707c43398a3822441add6160379ab6dd6c12bde9e3075f8d
  [cup.mp4]=37db9cee98f70b1458985a15ad2e5b0183e90e24c281b534afcf812e5986154f
)
mkdir -p "$CACHE/deb" "$CACHE/videos" "$OUT"

"$PY" -c 'import cv2' 2>/dev/null || { echo "need python3-opencv for $PY (apt-get install python3-opencv)" >&2; exit 1; }

have_videos() {
  for v in "${!SHA[@]}"; do
    [ -f "$CACHE/videos/$v" ] && echo "${SHA[$v]}  $CACHE/videos/$v" | sha256sum -c --status || return 1
  done
}

if ! have_videos; then
  deb="$(ls "$CACHE"/deb/opencv-doc_*_all.deb 2>/dev/null | head -n1 || true)"
  if [ -z "$deb" ]; then
    ( cd "$CACHE/deb" && { apt-get download "opencv-doc=$PKG_VERSION" || { echo "opencv-doc=$PKG_VERSION not available, trying the candidate version" >&2; apt-get download opencv-doc; }; } )
    deb="$(ls "$CACHE"/deb/opencv-doc_*_all.deb | head -n1)"
  fi
  echo "extracting $deb" >&2
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  dpkg -x "$deb" "$tmp"
  cp "$tmp/$DOC/examples/data/vtest.avi" "$CACHE/videos/vtest.avi"
  gzip -dc "$tmp/$DOC/opencv4/html/box.mp4.gz" > "$CACHE/videos/box.mp4"
  gzip -dc "$tmp/$DOC/opencv4/html/cup.mp4.gz" > "$CACHE/videos/cup.mp4"
  cp "$tmp/$DOC/copyright" "$CACHE/videos/opencv-doc.copyright"
  have_videos || { echo "source videos differ from the ones the ground truth was made on (sha256 mismatch); package version changed?" >&2; exit 1; }
fi

tail -n +2 "$HERE/sequences.tsv" | while IFS=$'\t' read -r seq src first count desc; do
  case "$src" in
    */vtest.avi) video="$CACHE/videos/vtest.avi" ;;
    */box.mp4.gz) video="$CACHE/videos/box.mp4" ;;
    */cup.mp4.gz) video="$CACHE/videos/cup.mp4" ;;
    *) echo "unknown source $src" >&2; exit 1 ;;
  esac
  gt="$HERE/groundtruth/$seq.txt"
  [ "$(wc -l < "$gt")" -eq "$count" ] || { echo "$seq: $gt has $(wc -l < "$gt") lines, manifest says $count" >&2; exit 1; }
  d="$OUT/$seq"
  n="$(ls "$d/img" 2>/dev/null | grep -c '\.jpg$' || true)"
  if [ "$n" -eq "$count" ] && [ -f "$d/.done" ] && cmp -s "$gt" "$d/groundtruth_rect.txt"; then
    echo "$seq: up to date ($count frames)" >&2; continue
  fi
  rm -rf "$d"; mkdir -p "$d"
  "$PY" "$HERE/extract_frames.py" "$video" "$first" "$count" "$d" 2> >(grep -v -E 'h264 @|decode_slice_header' >&2)
  cp "$gt" "$d/groundtruth_rect.txt"
  touch "$d/.done"
  echo "$seq: $count frames" >&2
done
echo "$OUT"
