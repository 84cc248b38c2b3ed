#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages given that are not installed yet (shared by scripts/setup.sh and
# training/setup-data.sh). Usage: apt-install.sh CALLER PACKAGE...  (CALLER prefixes the messages).
# Idempotent: `apt-get update` runs only when something must be installed. Works as root, or through sudo when
# available. Progress goes to stdout (callers whose stdout is data redirect it), problems to stderr with exit 1.
set -euo pipefail

caller=$1
shift
packages=("$@")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "$caller: all packages present (${packages[*]})"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "$caller: apt-get not found; install these packages with your package manager: ${missing[*]}" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "$caller: run as root or install sudo; missing packages: ${missing[*]}" >&2
  exit 1
fi

echo "$caller: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
