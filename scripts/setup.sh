#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages MLNet.Siamese needs at run time and for its reference tests and training code
# (python3 with OpenCV, numpy, PyTorch and onnx: PyPI is not used). ONNX Runtime, ML.NET and OpenCV (OpenCvSharp4 with
# its official native runtime, FFmpeg built in) come from their official NuGet packages at restore time.
#   libgtk-3-0: OpenCV's native library (libOpenCvSharpExtern.so from OpenCvSharp4.official.runtime.linux-x64) links
#               against GTK 3 (its highgui module); without it the library cannot load.
#   ffmpeg:     not used to decode or encode anymore (OpenCV does, with its own FFmpeg); kept as the local stream
#               SERVER of the live-input tests (ffmpeg -listen 1 http://127.0.0.1:PORT) and to make the test videos
#               (truncated, variable-frame-rate, rotated ones).
#   redis-server: the cluster tests' membership store (`siamese cluster`; the test fixture starts its own instance).
# libturbojpeg0 and libpng16-16 are no longer needed (OpenCV decodes JPEG and PNG itself).
# Idempotent: only missing packages are installed, and
# `apt-get update` runs only when something must be installed. Works as root, or through sudo when available.
set -euo pipefail

packages=(libgtk-3-0 ffmpeg python3-opencv python3-numpy python3-torch python3-onnx openssl redis-server)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup.sh: all packages present (${packages[*]})"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup.sh: apt-get not found; install these packages with your package manager: ${missing[*]}" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup.sh: run as root or install sudo; missing packages: ${missing[*]}" >&2
  exit 1
fi

echo "setup.sh: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
