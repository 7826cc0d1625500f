"""Profiles on disk: one JSON file per profile under the config dir, written atomically.

A file that cannot be read is moved aside to ``<name>.corrupt-<timestamp>`` and reported, so
nothing ever overwrites it silently. Every filesystem failure (read-only or full disk, no
permission, a file where the folder should be) is raised as a ProfileError naming the path,
the cause and the next step: never a raw OSError. Given a CredentialStore, rename, delete and
duplicate keep the profile's keyring secrets in step; export and import never carry secrets.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from recorder_gui.atomic_file import write_text_atomically
from recorder_gui.store import paths
from recorder_gui.store.credentials import CredentialStore
from recorder_gui.store.errors import (
    FIX_FOLDER,
    FieldProblem,
    ProfileExistsError,
    ProfileFileError,
    ProfileNotFoundError,
    ProfileStoreUnavailableError,
    ProfileSyntaxError,
    ProfileValidationError,
    ProfileVersionError,
    ProfileWriteError,
    os_problem,
    problems_from,
)
from recorder_gui.store.migrations import MigrationError, file_version, migrate
from recorder_gui.store.models import SCHEMA_VERSION, Profile
from recorder_gui.store.names import check_profile_name

log = logging.getLogger(__name__)

SUFFIX = ".json"
LAST_USED_FILE = ".last-used"


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temp file beside ``path``, fsync, then rename over ``path``."""
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        raise ProfileWriteError(
            f"Could not write '{path}': {os_problem(exc)}; the previous file is unchanged. "
            + FIX_FOLDER,
            path=path,
            next_step=FIX_FOLDER,
        ) from exc


def _dump(profile: Profile) -> str:
    return json.dumps(profile.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def _parse(path: Path, text: str, *, name: str | None) -> Profile:
    """Parse, migrate and validate; errors are ProfileFileErrors that name ``path``."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProfileSyntaxError(
            path=path, line=exc.lineno, column=exc.colno, reason=exc.msg
        ) from None
    if not isinstance(raw, dict):
        problem = FieldProblem("(whole profile)", "dict_type", "the file must hold a JSON object")
        raise ProfileValidationError(path=path, problems=[problem])
    try:
        data: dict[str, Any] = migrate(raw)
    except MigrationError as exc:
        if exc.newer:
            raise ProfileVersionError(
                path=path, version=exc.version, supported=SCHEMA_VERSION
            ) from None
        problem = FieldProblem("schema_version", "version", str(exc))
        raise ProfileValidationError(path=path, problems=[problem]) from None
    if name is not None:
        data["name"] = name
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileValidationError(path=path, problems=problems_from(exc)) from None


class ProfileStore:
    """Named profiles in ``directory`` (default: ``<config dir>/profiles``)."""

    def __init__(
        self, directory: Path | None = None, *, credentials: CredentialStore | None = None
    ) -> None:
        self._directory = directory
        self._credentials = credentials

    def __repr__(self) -> str:
        return f"ProfileStore({str(self._where())!r})"

    def _where(self) -> Path:
        return self._directory or paths.config_dir(create=False) / "profiles"

    @property
    def directory(self) -> Path:
        """The profile directory, created on demand (ProfileStoreUnavailableError if it cannot)."""
        directory = self._where()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProfileStoreUnavailableError(
                f"The profile folder '{directory}' cannot be created: {os_problem(exc)}.",
                path=directory,
            ) from exc
        return directory

    def path_for(self, name: str) -> Path:
        """The file that holds profile ``name``."""
        return self.directory / f"{check_profile_name(name)}{SUFFIX}"

    def exists(self, name: str) -> bool:
        """True when a profile file of that name exists."""
        path = self.path_for(name)
        try:
            return path.is_file()
        except OSError as exc:
            raise _unreadable(path, exc) from exc

    def list_names(self) -> list[str]:
        """Profile names, sorted for a picker (case-insensitively)."""
        directory = self.directory
        try:
            with os.scandir(directory) as found:
                files = [Path(e.path) for e in found if e.name.endswith(SUFFIX)]
        except OSError as exc:
            raise _unreadable(directory, exc) from exc
        names = []
        for path in files:
            try:
                names.append(check_profile_name(path.stem))
            except ValueError:
                log.warning("Ignoring %s: its file name is not a valid profile name.", path)
        return sorted(names, key=lambda n: (n.casefold(), n))

    # -- read and write -----------------------------------------------------------------

    def load(self, name: str) -> Profile:
        """Read, migrate and validate a profile; a broken file is set aside and reported."""
        path = self.path_for(name)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ProfileNotFoundError(f"There is no profile named {name!r}.", path=path) from None
        except UnicodeDecodeError as exc:
            moved, not_moved = self._set_aside(path)
            raise ProfileFileError(
                f"Profile file '{path}' is not UTF-8 text ({exc.reason}).",
                path=path,
                moved_to=moved,
                not_moved=not_moved,
            ) from exc
        except OSError as exc:
            raise _unreadable(path, exc) from exc
        try:
            return _parse(path, text, name=name)
        except ProfileVersionError:
            raise
        except ProfileSyntaxError as exc:
            moved, not_moved = self._set_aside(path)
            raise ProfileSyntaxError(
                path=path,
                line=exc.line,
                column=exc.column,
                reason=exc.reason,
                moved_to=moved,
                not_moved=not_moved,
            ) from None
        except ProfileValidationError as exc:
            moved, not_moved = self._set_aside(path)
            raise ProfileValidationError(
                path=path, problems=exc.problems, moved_to=moved, not_moved=not_moved
            ) from None

    def save(self, profile: Profile) -> Path:
        """Write ``profile`` atomically (validating it again first); return the file."""
        profile = Profile.model_validate(profile.model_dump())
        path = self.path_for(profile.name)
        self._refuse_newer(path)
        _write_atomically(path, _dump(profile))
        log.info("Saved profile %r to %s.", profile.name, path)
        return path

    def delete(self, name: str) -> None:
        """Remove the profile file and, with a CredentialStore, its secrets."""
        path = self.path_for(name)
        if not self.exists(name):
            raise ProfileNotFoundError(f"There is no profile named {name!r}.", path=path)
        _remove(path, f"Could not delete the profile file '{path}'")
        if self._credentials is not None:
            self._credentials.delete_profile(name)
        if self._recorded_last_used() == name:
            try:
                self._last_used_path().unlink(missing_ok=True)
            except OSError as exc:  # harmless: last_used skips a profile that is gone
                log.warning("Could not clear %s: %s", self._last_used_path(), os_problem(exc))
        log.info("Deleted profile %r.", name)

    def rename(self, old: str, new: str) -> Profile:
        """Rename a profile, its file, its secrets and the last-used mark."""
        profile = self.load(old)
        if new == old:
            return profile
        self._refuse_existing(new)
        renamed = profile.model_copy(update={"name": check_profile_name(new)})
        self.save(renamed)
        _remove(
            self.path_for(old),
            f"Profile {old!r} was saved as {new!r}, but its old file could not be removed",
        )
        if self._credentials is not None:
            self._credentials.rename_profile(old, new)
        if self._recorded_last_used() == old:
            self.set_last_used(new)
        return renamed

    def duplicate(self, name: str, new_name: str, *, with_secrets: bool = True) -> Profile:
        """Copy a profile under a new name (and, by default, its secrets)."""
        self._refuse_existing(new_name)
        copy = self.load(name).model_copy(update={"name": check_profile_name(new_name)})
        self.save(copy)
        if with_secrets and self._credentials is not None:
            self._credentials.copy_profile(name, new_name)
        return copy

    # -- sharing ------------------------------------------------------------------------

    def export_profile(self, name: str, path: Path) -> Path:
        """Write a shareable copy of a profile (never any secret) to ``path``."""
        path = Path(path)
        _write_atomically(path, _dump(self.load(name)))
        return path

    def import_profile(self, path: Path, *, name: str | None = None) -> Profile:
        """Add the profile in ``path`` (optionally under another name); ``path`` is not moved."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileFileError(f"Could not read '{path}' ({exc}).", path=path) from exc
        profile = _parse(path, text, name=check_profile_name(name) if name else None)
        self._refuse_existing(profile.name)
        self.save(profile)
        return profile

    # -- last used ----------------------------------------------------------------------

    def _last_used_path(self) -> Path:
        return self.directory / LAST_USED_FILE

    def _recorded_last_used(self, *, strict: bool = False) -> str | None:
        path = self._last_used_path()
        try:
            return path.read_text(encoding="utf-8").strip() or None
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        except OSError as exc:
            if strict:
                raise _unreadable(path, exc) from exc
            return None

    @property
    def last_used(self) -> str | None:
        """The profile chosen last time, if it still exists (ProfileError if unreadable)."""
        name = self._recorded_last_used(strict=True)
        try:
            return name if name and self.exists(name) else None
        except ValueError:
            return None

    def set_last_used(self, name: str) -> None:
        """Remember ``name`` as the profile to open next time."""
        if not self.exists(name):
            raise ProfileNotFoundError(f"There is no profile named {name!r}.")
        _write_atomically(self._last_used_path(), name + "\n")

    # -- helpers ------------------------------------------------------------------------

    def _refuse_existing(self, name: str) -> None:
        if self.exists(name):
            raise ProfileExistsError(
                f"A profile named {name!r} exists already; choose another name.",
                path=self.path_for(name),
            )

    def _refuse_newer(self, path: Path) -> None:
        try:
            version = file_version(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, AttributeError):
            return
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise ProfileVersionError(path=path, version=version, supported=SCHEMA_VERSION)

    def _set_aside(self, path: Path) -> tuple[Path | None, str | None]:
        """Move a broken file aside: (where it went, None) or (None, why it could not)."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = path.with_name(f"{path.stem}.corrupt-{stamp}")
        counter = 1
        try:
            while target.exists():
                target = path.with_name(f"{path.stem}.corrupt-{stamp}-{counter}")
                counter += 1
            os.replace(path, target)
        except OSError as exc:
            log.warning("Profile file %s could not be used nor set aside: %s", path, exc)
            return None, os_problem(exc)
        log.warning("Profile file %s could not be used; set aside as %s.", path, target)
        return target, None


def _unreadable(path: Path, exc: OSError) -> ProfileStoreUnavailableError:
    return ProfileStoreUnavailableError(f"'{path}' cannot be read: {os_problem(exc)}.", path=path)


def _remove(path: Path, what: str) -> None:
    try:
        path.unlink()
    except OSError as exc:
        raise ProfileWriteError(
            f"{what}: {os_problem(exc)}. {FIX_FOLDER}", path=path, next_step=FIX_FOLDER
        ) from exc
