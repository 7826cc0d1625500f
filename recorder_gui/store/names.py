"""Profile names: one rule shared by the keyring service names and the profile file names."""

from __future__ import annotations

import unicodedata

from recorder_gui.store.errors import ProfileNameError

MAX_PROFILE_NAME_LENGTH = 64
_FORBIDDEN = set('/\\:*?"<>|')
_RESERVED = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}  # fmt: skip


def profile_name_problem(name: object) -> str | None:
    """Why ``name`` cannot name a profile, or None when it can."""
    if not isinstance(name, str):
        return f"a profile name must be text, not {type(name).__name__}"
    if not name.strip():
        return "a profile name must not be empty"
    if len(name) > MAX_PROFILE_NAME_LENGTH:
        return f"a profile name has at most {MAX_PROFILE_NAME_LENGTH} characters (got {len(name)})"
    if name != name.strip():
        return "a profile name must not start or end with a space"
    if name.startswith(".") or name.endswith("."):
        return "a profile name must not start or end with a dot"
    bad = sorted({c for c in name if c in _FORBIDDEN})
    if bad:
        return f"a profile name must not contain {' '.join(bad)}"
    if any(unicodedata.category(c).startswith("C") for c in name):
        return "a profile name must not contain control or invisible characters"
    if name.split(".")[0].upper() in _RESERVED:
        return f"{name!r} is a reserved file name on Windows"
    return None


def check_profile_name(name: str) -> str:
    """Return ``name`` if it can name a profile; raise ProfileNameError saying why not."""
    problem = profile_name_problem(name)
    if problem is not None:
        raise ProfileNameError(f"Profile name {name!r} cannot be used: {problem}.")
    return name
