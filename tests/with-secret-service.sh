#!/usr/bin/env bash
# Run a command with a real, unlocked Secret Service (gnome-keyring) on a private D-Bus session.
# Use:  dbus-run-session -- bash tests/with-secret-service.sh <command...>
# Tests marked `secret_service` run only when RECORDER_GUI_SECRET_SERVICE=1 (set here).
set -euo pipefail
work=$(mktemp -d)
export XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# The password only unlocks this throw-away keyring.
printf 'throwaway-ci-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
export RECORDER_GUI_SECRET_SERVICE=1
set +e
"$@"
rc=$?
set -e
rm -rf "$work"
exit $rc
