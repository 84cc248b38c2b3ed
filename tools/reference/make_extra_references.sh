#!/bin/sh
# Regenerate the extra NanoTrack reference tracks (see EXTRA_SEQUENCES.md) into OUTDIR.
#   tools/reference/make_extra_references.sh OUTDIR [extra args for make_extra_references.py]
# Env: PYTHON (default /usr/bin/python3), MLNET_SIAMESE_SHARED (default ../shared from the repo root),
#      THREADS (torch threads, default 1).
set -eu
if [ $# -lt 1 ]; then
    echo "usage: $0 OUTDIR [--versions v1,v2,v3] [--backends pth,onnx] [--cases a,b]" >&2
    exit 2
fi
OUTDIR=$1
shift
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
exec "$PYTHON" "$HERE/make_extra_references.py" "$OUTDIR" --threads "${THREADS:-1}" "$@"
