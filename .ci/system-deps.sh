#!/usr/bin/env bash
# Install the Debian packages the app and its tests need, when missing and when we are root.
# Qt offscreen: libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3.
# Real keyring tests: gnome-keyring dbus (dbus-run-session). Relay tests on PostgreSQL:
# postgresql (server binaries; tests/_fixtures/postgres.py runs a throwaway cluster). With
# --gui: the xcb libraries a real window needs. Bundle (make bundle, bundle-smoke): binutils
# (PyInstaller reads libraries with objdump), desktop-file-utils and appstream (validators),
# xvfb xauth (the bundle on a real X server).
set -euo pipefail
pkgs=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 gnome-keyring dbus
      postgresql desktop-file-utils appstream binutils xvfb xauth)
if [ "${1:-}" = "--gui" ]; then
  # A real window (X11 through Qt's xcb platform plugin).
  pkgs+=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
         libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-randr0 libxcb-xinerama0)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
