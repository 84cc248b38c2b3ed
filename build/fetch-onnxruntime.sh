#!/usr/bin/env bash
# Fetches ONNX Runtime 1.29 (official C# API sources + linux-x64 CPU native library) from the npm package
# com.github.asus4.onnxruntime@0.4.9 into a cache outside git, verifying the pinned sha512 integrity.
# Idempotent and offline once cached. Prints the cache folder on stdout.
# Usage: fetch-onnxruntime.sh [cache-root]   (default: $MLNET_SIAMESE_CACHE or ~/.cache/mlnet-siamese)
set -euo pipefail

PKG=com.github.asus4.onnxruntime
VER=0.4.9
INTEGRITY='sha512-BkzxduSZ9IkeDP6Q8lz2TFU2ie7hSSvS7ZIfzMooExoq0CNzJnuuGaUJ7IsojBgqO4ouD1jXah8OYyJbCN29Fg=='

root="${1:-${MLNET_SIAMESE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mlnet-siamese}}"
dest="$root/onnxruntime-npm-$VER"
marker="$dest/.complete"

if [ -f "$marker" ]; then echo "$dest"; exit 0; fi

mkdir -p "$root"
exec 9>"$root/.onnxruntime-$VER.lock"
# Several target frameworks build in parallel: only one process downloads.
flock 9
if [ -f "$marker" ]; then echo "$dest"; exit 0; fi

if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is required once to fetch ONNX Runtime ($PKG@$VER) into $dest." >&2
  echo "       Install Node.js/npm (Debian: apt-get install npm) or run scripts/setup.sh, then build again." >&2
  echo "       Alternatively build with -p:UseOfficialOnnxRuntime=true where a NuGet feed has Microsoft.ML.OnnxRuntime." >&2
  exit 3
fi

work=$(mktemp -d "$root/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "Fetching $PKG@$VER from the npm registry (about 150 MB, once)..." >&2
(cd "$work" && npm pack "$PKG@$VER" --silent >/dev/null 2>"$work/npm.err") || {
  cat "$work/npm.err" >&2; echo "error: npm pack $PKG@$VER failed" >&2; exit 4; }
tgz="$work/$PKG-$VER.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "error: integrity mismatch for $PKG@$VER: expected $INTEGRITY, got $actual" >&2; exit 5
fi
mkdir -p "$work/x"
tar -xzf "$tgz" -C "$work/x" package/Runtime package/Plugins/Linux/x64 package/LICENSE package/ThirdPartyNotices.txt
rm -rf "$dest"
mkdir -p "$dest/native/linux-x64"
find "$work/x/package/Runtime" -name '*.meta' -delete
mv "$work/x/package/Runtime" "$dest/Runtime"
cp "$work/x/package/Plugins/Linux/x64/"*.so "$dest/native/linux-x64/"
cp "$work/x/package/LICENSE" "$work/x/package/ThirdPartyNotices.txt" "$dest/"
touch "$marker"
echo "$dest"
