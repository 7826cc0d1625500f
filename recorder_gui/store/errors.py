"""The profile store's error hierarchy; every message names the file, field and rule at fault."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError


class ProfileError(Exception):
    """Base of every profile problem. ``path`` is the file concerned, when there is one.

    ``next_step`` is what to do about it, when the message does not say it already.
    """

    def __init__(self, message: str, *, path: Path | None = None, next_step: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.next_step = next_step


def os_problem(exc: OSError) -> str:
    """Why a file operation failed, in a few plain words (and the system's own, if other)."""
    plain = {
        errno.ENOSPC: "the disk is full",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOTDIR: "part of the path is a file, not a folder",
        errno.EISDIR: "it is a folder, not a file",
    }.get(exc.errno or 0)
    system = exc.strerror or str(exc)
    if plain is None or plain.casefold() == system.casefold():
        return plain or system
    return f"{plain} ({system})"


#: The next step for a folder or file the store cannot read or write.
FIX_FOLDER = (
    "Make the folder readable and writable (or free disk space), then restart recorder-gui."
)


class ProfileNameError(ProfileError, ValueError):
    """A name that cannot name a profile."""


class ProfileNotFoundError(ProfileError, LookupError):
    """No profile of that name exists."""


class ProfileExistsError(ProfileError):
    """A profile of that name exists already (rename, duplicate, import)."""


class ProfileWriteError(ProfileError):
    """The profile file could not be written; the previous file, if any, is untouched."""


class ProfileStoreUnavailableError(ProfileError):
    """The profile folder (or a file in it) cannot be created or read: read-only or full disk,
    no permission, a file where a folder should be. The message names the path and the cause."""

    def __init__(self, message: str, *, path: Path, next_step: str = FIX_FOLDER) -> None:
        super().__init__(f"{message} {next_step}", path=path, next_step=next_step)


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One invalid field: dotted location, pydantic rule (error type), and a sentence."""

    field: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message} [rule: {self.rule}]"


def problems_from(exc: ValidationError) -> list[FieldProblem]:
    """Turn a pydantic ValidationError into problems a dialog can show next to its fields."""
    out: list[FieldProblem] = []
    for err in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(part) for part in err["loc"]) or "(whole profile)"
        message = str(err["msg"]).removeprefix("Value error, ")
        out.append(FieldProblem(field, str(err["type"]), message))
    return out


class ProfileFileError(ProfileError):
    """A profile file that cannot be used. ``moved_to`` is where it was set aside, if it was;
    ``not_moved`` says why setting it aside failed (it then stays where it is)."""

    def __init__(
        self,
        message: str,
        *,
        path: Path,
        moved_to: Path | None = None,
        not_moved: str | None = None,
    ) -> None:
        if moved_to is not None:
            message += (
                f" The file was set aside as '{moved_to}' so nothing overwrites it; "
                "fix it and import it, or create the profile again."
            )
        elif not_moved is not None:
            message += (
                f" It could not be set aside ({not_moved}), so it stays in place; "
                "fix or remove it, or make its folder writable."
            )
        super().__init__(message, path=path)
        self.moved_to = moved_to
        self.not_moved = not_moved


class ProfileSyntaxError(ProfileFileError):
    """The file is not readable JSON; ``line`` and ``column`` point at the fault."""

    def __init__(
        self,
        *,
        path: Path,
        line: int,
        column: int,
        reason: str,
        moved_to: Path | None = None,
        not_moved: str | None = None,
    ) -> None:
        self.line = line
        self.column = column
        self.reason = reason
        super().__init__(
            f"Profile file '{path}' is not valid JSON: line {line}, column {column}: {reason}.",
            path=path,
            moved_to=moved_to,
            not_moved=not_moved,
        )


class ProfileValidationError(ProfileFileError):
    """The file is JSON but breaks the profile rules; ``problems`` lists each field."""

    def __init__(
        self,
        *,
        path: Path,
        problems: list[FieldProblem],
        moved_to: Path | None = None,
        not_moved: str | None = None,
    ) -> None:
        self.problems = problems
        listed = "\n".join(f"- {p}" for p in problems)
        super().__init__(
            f"Profile file '{path}' is not a valid profile:\n{listed}\n",
            path=path,
            moved_to=moved_to,
            not_moved=not_moved,
        )


class ProfileVersionError(ProfileFileError):
    """The file was written by a newer recorder-gui; it is left alone."""

    def __init__(self, *, path: Path, version: object, supported: int) -> None:
        self.version = version
        super().__init__(
            f"Profile file '{path}' has schema version {version!r}, but this recorder-gui "
            f"reads versions 1 to {supported}; update recorder-gui to use it.",
            path=path,
        )
