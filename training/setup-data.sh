#!/usr/bin/env bash
# Installs the Debian packages whose pictures serve as unlabeled training images (self-supervised pairs and
# distillation from a teacher; see training/README.md): GNOME, MATE and KDE Plasma wallpaper sets (photographs and
# renderings, CC-BY-SA / GPL / LGPL, see each package's copyright file). Prints the image folders, one a line, for
# `python3 -m siamese_training.train --images ...`. Idempotent; works as root or through sudo (as scripts/setup.sh).
# Not used: opencv-doc (its videos are the held-out benchmark, tools/holdout), python3-skimage (~20 pictures for a
# large dependency tree).
set -euo pipefail

packages=(gnome-backgrounds mate-backgrounds plasma-workspace-wallpapers)
folders=(/usr/share/backgrounds/gnome /usr/share/backgrounds/mate /usr/share/wallpapers)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-data.sh: apt-get not found; install these packages with your package manager: ${missing[*]}" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "setup-data.sh: run as root or install sudo; missing packages: ${missing[*]}" >&2
    exit 1
  fi
  echo "setup-data.sh: installing ${missing[*]}" >&2
  "${as_root[@]}" apt-get update >&2
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi

for f in "${folders[@]}"; do
  if [ ! -d "$f" ]; then
    echo "setup-data.sh: $f missing after install" >&2
    exit 1
  fi
  echo "$f"
done
