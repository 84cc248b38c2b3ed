#!/usr/bin/env bash
# Renders SVG plots written by `siamese eval` in headless Chromium and saves PNG screenshots beside them, to check
# that the plots display in a real browser. Optional (CI does not need it): installs the Debian package `chromium`
# when it is missing (as root, or through sudo).
#
#   bash scripts/screenshot-plots.sh out/eval/success.svg [out/eval/precision.svg ...]
#   bash scripts/screenshot-plots.sh out/eval            # every *.svg in the folder
#
# Writes <plot>.png next to each SVG (never commit them: out/ is ignored).
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 <plot.svg|folder>..." >&2
  exit 2
fi

browser=""
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
done
if [ -z "$browser" ]; then
  if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
    echo "screenshot-plots.sh: chromium is missing; install it (apt-get install chromium) or run as root" >&2
    exit 1
  fi
  echo "screenshot-plots.sh: installing chromium"
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
  browser=chromium
fi

svgs=()
for arg in "$@"; do
  if [ -d "$arg" ]; then
    while IFS= read -r f; do svgs+=("$f"); done < <(find "$arg" -maxdepth 1 -name '*.svg' | sort)
  else
    svgs+=("$arg")
  fi
done

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
for svg in "${svgs[@]}"; do
  png="${svg%.svg}.png"
  # The plots are 640x480; the window matches so the screenshot shows the whole chart.
  "$browser" --no-sandbox --headless --disable-gpu --hide-scrollbars \
    --disable-background-networking --disable-component-update --no-first-run --disable-dev-shm-usage \
    --user-data-dir="$profile" --window-size=640,480 --screenshot="$(realpath -m "$png")" \
    "file://$(realpath "$svg")" >/dev/null 2>&1
  if [ ! -s "$png" ]; then
    echo "screenshot-plots.sh: no screenshot for $svg" >&2
    exit 1
  fi
  echo "$png"
done
