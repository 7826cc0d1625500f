#!/bin/sh
# Install the recorder-gui bundle for the current user, without root.
#
#   ./install.sh [BUNDLE_DIR]
#
# BUNDLE_DIR is the unpacked bundle (the folder holding the recorder-gui executable and share/);
# by default the folder of this script, as in the tarball. It puts:
#   the bundle             in $XDG_DATA_HOME/recorder-gui/
#   launchers (symlinks)   $PREFIX/bin/recorder-gui and recorder-gui-emulator
#   the menu entry         $XDG_DATA_HOME/applications/io.github.recorder_gui.RecorderGui.desktop
#   the icons              $XDG_DATA_HOME/icons/hicolor/<size>/apps/
#   the AppStream metadata $XDG_DATA_HOME/metainfo/
# PREFIX defaults to ~/.local and XDG_DATA_HOME to $PREFIX/share. Every file and folder it
# creates is listed in $XDG_DATA_HOME/recorder-gui/.install-manifest, which uninstall.sh reads
# to remove exactly those. Installing over an earlier install uninstalls that one first.
set -eu

APP_ID=io.github.recorder_gui.RecorderGui
here=$(cd "$(dirname "$0")" && pwd)
bundle=$(cd "${1:-$here}" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
data=${XDG_DATA_HOME:-$PREFIX/share}
case $PREFIX in /*) ;; *) PREFIX=$PWD/$PREFIX ;; esac
case $data in /*) ;; *) data=$PWD/$data ;; esac
bindir=$PREFIX/bin
appdir=$data/recorder-gui
manifest_name=.install-manifest

die() {
    echo "install.sh: $*" >&2
    exit 1
}

[ -x "$bundle/recorder-gui" ] ||
    die "no recorder-gui executable in $bundle: pass the unpacked bundle folder"
[ -f "$bundle/share/applications/$APP_ID.desktop" ] ||
    die "$bundle/share/applications/$APP_ID.desktop is missing (build with 'make bundle')"
case $bundle/ in
    "$appdir"/*) die "the bundle is already installed at $appdir" ;;
esac
# shellcheck disable=SC1003 # '\' is a backslash, not an escaped quote
case $appdir$bindir in
    *'
'* | *'"'* | *'`'* | *'$'* | *'\'* | *%*)
        die "cannot install under a path with a newline, quote, backquote, \$, \\ or %: $appdir"
        ;;
esac

# Launchers must not overwrite someone else's file (a pipx install, say); an earlier install's
# own symlinks are fine.
for name in recorder-gui recorder-gui-emulator; do
    if [ -L "$bindir/$name" ]; then
        case $(readlink "$bindir/$name") in
            "$appdir"/*) continue ;;
        esac
    fi
    if [ -e "$bindir/$name" ] || [ -L "$bindir/$name" ]; then
        die "$bindir/$name exists already (another install?): remove it first"
    fi
done

# An earlier install: remove it first (its own manifest says what it put where).
if [ -f "$appdir/$manifest_name" ]; then
    echo "Removing the earlier install in $appdir"
    sh "$here/uninstall.sh"
elif [ -e "$appdir" ]; then
    die "$appdir exists and is not a recorder-gui install: move it away first"
fi

manifest=$(mktemp)
done_ok=0
cleanup() {
    if [ "$done_ok" -ne 1 ]; then
        echo "install.sh: failed; undoing what was done" >&2
        sh "$here/uninstall.sh" --manifest "$manifest" >/dev/null 2>&1 || true
    fi
    rm -f "$manifest"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

record() { printf '%s %s\n' "$1" "$2" >>"$manifest"; }

# mkdir -p that records each folder it creates (parents first).
make_dir() {
    [ -d "$1" ] && return 0
    make_dir "$(dirname "$1")"
    mkdir "$1"
    record d "$1"
}

put() { # put SOURCE DEST: copy one file, recorded
    make_dir "$(dirname "$2")"
    cp "$1" "$2"
    chmod 644 "$2"
    record f "$2"
}

# The bundle itself (symlinks inside it stay symlinks).
make_dir "$appdir"
cp -RP "$bundle/." "$appdir/"

# Launchers.
make_dir "$bindir"
for name in recorder-gui recorder-gui-emulator; do
    if [ -x "$appdir/$name" ]; then
        ln -s "$appdir/$name" "$bindir/$name"
        record f "$bindir/$name"
    fi
done

# The menu entry, pointing at the installed executable (quoted if the path has spaces).
exe=$appdir/recorder-gui
case $exe in
    *[!A-Za-z0-9/._+,:@=-]*) exec_value="\"$exe\"" ;;
    *) exec_value=$exe ;;
esac
desktop=$data/applications/$APP_ID.desktop
make_dir "$(dirname "$desktop")"
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
        'Exec=recorder-gui' | 'Exec=recorder-gui '*)
            printf 'Exec=%s%s\n' "$exec_value" "${line#Exec=recorder-gui}" ;;
        'TryExec=recorder-gui') printf 'TryExec=%s\n' "$exe" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$bundle/share/applications/$APP_ID.desktop" >"$desktop"
chmod 644 "$desktop"
record f "$desktop"

# Icons and AppStream metadata.
for icon in "$bundle"/share/icons/hicolor/*/apps/"$APP_ID".png \
    "$bundle"/share/icons/hicolor/*/apps/"$APP_ID".svg; do
    [ -f "$icon" ] || continue
    size=$(basename "$(dirname "$(dirname "$icon")")")
    put "$icon" "$data/icons/hicolor/$size/apps/$(basename "$icon")"
done
if [ -f "$bundle/share/metainfo/$APP_ID.metainfo.xml" ]; then
    put "$bundle/share/metainfo/$APP_ID.metainfo.xml" "$data/metainfo/$APP_ID.metainfo.xml"
fi

# Refresh the desktop's caches when the tools are there; a cache this made is recorded too.
refresh() { # refresh CACHE_FILE COMMAND...
    cache=$1
    shift
    command -v "$1" >/dev/null 2>&1 || return 0
    existed=0
    [ -e "$cache" ] && existed=1
    "$@" >/dev/null 2>&1 || true
    if [ "$existed" -eq 0 ] && [ -e "$cache" ]; then
        record c "$cache"
    fi
}
refresh "$data/applications/mimeinfo.cache" update-desktop-database -q "$data/applications"
refresh "$data/icons/hicolor/icon-theme.cache" \
    gtk-update-icon-cache -q -t -f "$data/icons/hicolor"

cp "$manifest" "$appdir/$manifest_name"
done_ok=1

echo "Installed recorder-gui in $appdir"
echo "  menu entry: $desktop"
echo "  run:        $bindir/recorder-gui   (or: recorder-gui --demo to try it with no account)"
echo "  uninstall:  $appdir/uninstall.sh"
case ":${PATH:-}:" in
    *":$bindir:"*) ;;
    *) echo "Note: $bindir is not on your PATH; the menu entry works all the same." ;;
esac
