#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages MLNet.Siamese needs at run time (ffmpeg, libturbojpeg, libpng) and for its
# reference tests and training code (python3 with OpenCV, numpy, PyTorch and onnx: PyPI is not used), and redis-server
# for the cluster tests (membership store of `siamese cluster`; the test fixture starts its own instance). ONNX Runtime and
# ML.NET come from their official NuGet packages at restore time. Idempotent: only missing packages are installed, and
# `apt-get update` runs only when something must be installed. Works as root, or through sudo when available.
set -euo pipefail

packages=(ffmpeg libturbojpeg0 libpng16-16 python3-opencv python3-numpy python3-torch python3-onnx openssl redis-server)

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
