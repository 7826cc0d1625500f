#!/bin/sh
# Remove what install.sh put in place, and nothing else.
#
#   ./uninstall.sh                    (honours PREFIX and XDG_DATA_HOME as install.sh does)
#
# It reads $XDG_DATA_HOME/recorder-gui/.install-manifest: the launchers, the menu entry, the
# icons and metadata files install.sh copied, the caches it created and the folders it made
# (removed only when empty). Then it deletes the bundle folder and refreshes the caches that
# were there before. (install.sh also calls it as `uninstall.sh --manifest FILE` to undo a
# failed install.)
set -eu

PREFIX=${PREFIX:-$HOME/.local}
data=${XDG_DATA_HOME:-$PREFIX/share}
case $PREFIX in /*) ;; *) PREFIX=$PWD/$PREFIX ;; esac
case $data in /*) ;; *) data=$PWD/$data ;; esac
appdir=$data/recorder-gui
manifest=$appdir/.install-manifest
if [ "${1:-}" = "--manifest" ]; then
    manifest=$2
fi

if [ ! -f "$manifest" ]; then
    echo "uninstall.sh: no install of recorder-gui in $appdir (no $manifest)" >&2
    exit 1
fi

# Read it before the bundle folder (which holds it) goes.
entries=$(cat "$manifest")
kept=""

# 1. Files: launchers (only if they still point into the bundle), menu entry, icons, metadata.
while IFS= read -r line; do
    [ -n "$line" ] || continue
    kind=${line%% *}
    path=${line#* }
    [ "$kind" = f ] || continue
    if [ -L "$path" ]; then
        case $(readlink "$path") in
            "$appdir"/*) rm -f "$path" ;;
            *) kept="$kept
  $path (points elsewhere now)" ;;
        esac
    elif [ -e "$path" ]; then
        rm -f "$path"
    fi
done <<EOF
$entries
EOF

# 2. The bundle.
rm -rf "$appdir"

# 3. Caches: remove those install.sh created, refresh those that were there before.
created_caches=$(printf '%s\n' "$entries" | sed -n 's/^c //p')
for cache in "$data/applications/mimeinfo.cache" "$data/icons/hicolor/icon-theme.cache"; do
    if printf '%s\n' "$created_caches" | grep -Fxq "$cache"; then
        rm -f "$cache"
    elif [ -e "$cache" ]; then
        case $cache in
            */mimeinfo.cache)
                if command -v update-desktop-database >/dev/null 2>&1; then
                    update-desktop-database -q "$data/applications" || true
                fi
                ;;
            *)
                if command -v gtk-update-icon-cache >/dev/null 2>&1; then
                    gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
                fi
                ;;
        esac
    fi
done

# 4. Folders install.sh made, deepest first, when nothing else is in them.
printf '%s\n' "$entries" | sed -n 's/^d //p' | sort -r | while IFS= read -r dir; do
    [ -n "$dir" ] || continue
    rmdir "$dir" 2>/dev/null || true
done

if [ "${1:-}" != "--manifest" ]; then
    echo "Removed recorder-gui from $appdir"
fi
if [ -n "$kept" ]; then
    echo "Left in place:$kept"
fi
