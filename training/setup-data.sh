#!/usr/bin/env bash
# Unlabelled training data from Debian packages (self-supervised pairs and distillation from a teacher; see
# training/README.md). Idempotent; works as root or through sudo (scripts/apt-install.sh, shared with
# scripts/setup.sh).
#   setup-data.sh            installs the wallpaper sets and prints the picture folders, one a line
#                            (for `--images`): GNOME, MATE, KDE Plasma, UKUI and Lomiri wallpapers (photographs and
#                            renderings, CC-BY-SA / GPL / LGPL, see each package's copyright file), plus the natural
#                            photographs shipped as sample data by python3-skimage and python3-sklearn (BSD-3;
#                            extracted from the downloaded .deb files, the packages are not installed).
#   setup-data.sh --videos   prints the unannotated videos (for `--extra`): Megamind.avi and tree.avi of opencv-doc,
#                            extracted from the .deb that tools/holdout/make_holdout.sh downloads too.
# Never used for training: vtest.avi, box.mp4 and cup.mp4 of opencv-doc (the held-out benchmark, tools/holdout),
# Megamind_bugy.avi (a damaged copy of Megamind.avi).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${MLNET_SIAMESE_CACHE:-$HOME/.cache/mlnet-siamese}"
DATA="$CACHE/train-data"
mode="${1:-images}"
case "$mode" in
  images|--images) mode=images ;;
  --videos) mode=videos ;;
  *) echo "setup-data.sh: unknown option '$1' (expected --videos or nothing)" >&2; exit 2 ;;
esac

# Downloads one package's .deb into $1 (a cache folder) unless one is there; prints its path.
download_deb() {
  local folder="$1" package="$2" deb
  mkdir -p "$folder"
  deb="$(ls "$folder/${package}"_*.deb 2>/dev/null | head -n1 || true)"
  if [ -z "$deb" ]; then
    ( cd "$folder" && apt-get download "$package" >&2 ) || { echo "setup-data.sh: apt-get download $package failed" >&2; exit 1; }
    deb="$(ls "$folder/${package}"_*.deb | head -n1)"
  fi
  echo "$deb"
}

# Copies the named members of a .deb (paths inside it) into $2, skipping the ones already there.
extract_members() {
  local deb="$1" out="$2"; shift 2
  local missing=() m
  for m in "$@"; do [ -s "$out/$(basename "$m")" ] || missing+=("$m"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local tmp; tmp="$(mktemp -d)"
  dpkg -x "$deb" "$tmp"
  mkdir -p "$out"
  for m in "${missing[@]}"; do
    [ -s "$tmp/$m" ] || { echo "setup-data.sh: $(basename "$deb") has no $m" >&2; rm -rf "$tmp"; exit 1; }
    cp "$tmp/$m" "$out/$(basename "$m").part" && mv "$out/$(basename "$m").part" "$out/$(basename "$m")"
  done
  rm -rf "$tmp"
}

if [ "$mode" = videos ]; then
  deb="$(download_deb "$CACHE/holdout/deb" opencv-doc)"
  extract_members "$deb" "$DATA/videos" \
    usr/share/doc/opencv-doc/examples/data/Megamind.avi usr/share/doc/opencv-doc/examples/data/tree.avi
  echo "$DATA/videos/Megamind.avi"
  echo "$DATA/videos/tree.avi"
  exit 0
fi

packages=(gnome-backgrounds mate-backgrounds plasma-workspace-wallpapers ukui-wallpapers lomiri-wallpapers
          lomiri-wallpapers-20.04)
folders=(/usr/share/backgrounds /usr/share/wallpapers)

# Progress to stderr: stdout is the folder list.
bash "$HERE/../scripts/apt-install.sh" setup-data.sh "${packages[@]}" >&2
# sway-backgrounds (one logo in many sizes) would land under /usr/share/backgrounds too: not wanted.
if [ -d /usr/share/backgrounds/sway ]; then
  echo "setup-data.sh: note: /usr/share/backgrounds/sway (logos) is read too; remove sway-backgrounds to leave it out" >&2
fi

skimage="$(download_deb "$DATA/deb" python3-skimage)"
extract_members "$skimage" "$DATA/photos" $(for p in astronaut.png camera.png chelsea.png coffee.png coins.png \
  motorcycle_left.png rocket.jpg; do echo "usr/lib/python3/dist-packages/skimage/data/$p"; done)
sklearn="$(download_deb "$DATA/deb" python3-sklearn)"
extract_members "$sklearn" "$DATA/photos" \
  usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg \
  usr/lib/python3/dist-packages/sklearn/datasets/images/flower.jpg

for f in "${folders[@]}" "$DATA/photos"; do
  if [ ! -d "$f" ]; then
    echo "setup-data.sh: $f missing after install" >&2
    exit 1
  fi
  echo "$f"
done
