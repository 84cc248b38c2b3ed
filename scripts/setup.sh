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
# Idempotent: only missing packages are installed (scripts/apt-install.sh), and `apt-get update` runs only when
# something must be installed. Works as root, or through sudo when available.
set -euo pipefail

packages=(libgtk-3-0 ffmpeg python3-opencv python3-numpy python3-torch python3-onnx openssl redis-server)

bash "$(dirname "$0")/apt-install.sh" setup.sh "${packages[@]}"
