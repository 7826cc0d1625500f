"""The profile store's error hierarchy; every message names the file, field and rule at fault."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError


class ProfileError(Exception):
    """Base of every profile problem. ``path`` is the file concerned, when there is one."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class ProfileNameError(ProfileError, ValueError):
    """A name that cannot name a profile."""


class ProfileNotFoundError(ProfileError, LookupError):
    """No profile of that name exists."""


class ProfileExistsError(ProfileError):
    """A profile of that name exists already (rename, duplicate, import)."""


class ProfileWriteError(ProfileError):
    """The profile file could not be written; the previous file, if any, is untouched."""


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
    """A profile file that cannot be used. ``moved_to`` is where it was set aside, if it was."""

    def __init__(self, message: str, *, path: Path, moved_to: Path | None = None) -> None:
        if moved_to is not None:
            message += (
                f" The file was set aside as '{moved_to}' so nothing overwrites it; "
                "fix it and import it, or create the profile again."
            )
        super().__init__(message, path=path)
        self.moved_to = moved_to


class ProfileSyntaxError(ProfileFileError):
    """The file is not readable JSON; ``line`` and ``column`` point at the fault."""

    def __init__(
        self, *, path: Path, line: int, column: int, reason: str, moved_to: Path | None = None
    ) -> None:
        self.line = line
        self.column = column
        self.reason = reason
        super().__init__(
            f"Profile file '{path}' is not valid JSON: line {line}, column {column}: {reason}.",
            path=path,
            moved_to=moved_to,
        )


class ProfileValidationError(ProfileFileError):
    """The file is JSON but breaks the profile rules; ``problems`` lists each field."""

    def __init__(
        self, *, path: Path, problems: list[FieldProblem], moved_to: Path | None = None
    ) -> None:
        self.problems = problems
        listed = "\n".join(f"- {p}" for p in problems)
        super().__init__(
            f"Profile file '{path}' is not a valid profile:\n{listed}\n",
            path=path,
            moved_to=moved_to,
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
