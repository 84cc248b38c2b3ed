#!/usr/bin/env bash
# Installs the Debian packages whose pictures serve as unlabeled training images (self-supervised pairs and
# distillation from a teacher; see training/README.md): GNOME, MATE and KDE Plasma wallpaper sets (photographs and
# renderings, CC-BY-SA / GPL / LGPL, see each package's copyright file). Prints the image folders, one a line, for
# `python3 -m siamese_training.train --images ...`. Idempotent; works as root or through sudo (scripts/apt-install.sh,
# shared with scripts/setup.sh).
# Not used: opencv-doc (its videos are the held-out benchmark, tools/holdout), python3-skimage (~20 pictures for a
# large dependency tree).
set -euo pipefail

packages=(gnome-backgrounds mate-backgrounds plasma-workspace-wallpapers)
folders=(/usr/share/backgrounds/gnome /usr/share/backgrounds/mate /usr/share/wallpapers)

# Progress to stderr: stdout is the folder list.
bash "$(dirname "$0")/../scripts/apt-install.sh" setup-data.sh "${packages[@]}" >&2

for f in "${folders[@]}"; do
  if [ ! -d "$f" ]; then
    echo "setup-data.sh: $f missing after install" >&2
    exit 1
  fi
  echo "$f"
done
