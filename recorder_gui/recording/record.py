"""``SessionRecord``: the persistent fields of one recording, as one frozen value.

It maps 1:1 to a journal row (:class:`~.journal.JournalEntry`): the session replaces its record
in :meth:`~.session.RecordingSession.apply` and writes it, so what the journal holds is always
exactly what the session believes. ``ReadFromRecord`` lets the session show these fields as
read-only attributes (``session.sid``): writing one raises, so nothing outside ``apply`` can
change a recording's state.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, overload

from recorder_gui.api.identifiers import Mode

from .events import FileDetail, Note, SessionState, StopOutcome
from .journal import JournalEntry
from .limits import LimitKind

log = logging.getLogger("recorder_gui.recording")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SessionRecord:
    key: str
    app_id: str
    profile: str
    cname: str
    uid: str
    mode: Mode
    state: SessionState = SessionState.IDLE
    note: Note = Note()  #: why the state is what it is (journaled as its plain text)
    resource_id: str | None = None
    sid: str | None = None
    acquired_at: float | None = None
    started_at: float | None = None
    storage_prefix: str = ""
    start_maybe_sent: bool = False
    settled: bool = False
    stop_requested: bool = False
    stop_outcome: StopOutcome | None = None
    planned_seconds: int | None = None
    limit_at: float | None = None
    limit_kind: LimitKind = LimitKind.NONE
    #: the key of the recording this one backs up in another region ("" for a primary)
    backup_of: str = ""

    @property
    def reason(self) -> str:
        """The note as one plain line: what the journal keeps and logs show."""
        return self.note.text

    def with_(self, **changes: Any) -> SessionRecord:
        return dataclasses.replace(self, **changes) if changes else self

    def entry(self, step: str) -> JournalEntry:
        """The journal row of this record (never a secret: no config, token or key)."""
        return JournalEntry(
            key=self.key,
            app_id=self.app_id,
            profile=self.profile,
            cname=self.cname,
            uid=self.uid,
            mode=self.mode.value,
            state=self.state.value,
            resource_id=self.resource_id,
            sid=self.sid,
            acquired_at=self.acquired_at,
            started_at=self.started_at,
            storage_prefix=self.storage_prefix,
            step=step,
            reason=self.reason,
            start_maybe_sent=self.start_maybe_sent,
            settled=self.settled,
            stop_requested=self.stop_requested,
            stop_result=outcome_to_json(self.stop_outcome),
            planned_seconds=self.planned_seconds,
            limit_at=self.limit_at,
            limit_kind=self.limit_kind.value,
            backup_of=self.backup_of,
        )

    @classmethod
    def from_entry(cls, entry: JournalEntry) -> SessionRecord:
        """The record of a journal row. A row from a damaged disk is read leniently: an
        unknown state counts as possibly running, an unreadable stop answer as none."""
        try:
            state = SessionState(entry.state)
        except ValueError:
            state = SessionState.RECORDING
        return cls(
            key=entry.key,
            app_id=entry.app_id,
            profile=entry.profile,
            cname=entry.cname,
            uid=entry.uid,
            mode=Mode(entry.mode),
            state=state,
            note=Note(entry.reason),
            resource_id=entry.resource_id,
            sid=entry.sid,
            acquired_at=entry.acquired_at,
            started_at=entry.started_at,
            storage_prefix=entry.storage_prefix,
            start_maybe_sent=entry.start_maybe_sent,
            settled=entry.settled,
            stop_requested=entry.stop_requested,
            stop_outcome=outcome_from_json(entry.stop_result),
            planned_seconds=_int_or_none(entry.planned_seconds),
            limit_at=_float_or_none(entry.limit_at),
            limit_kind=_limit_kind(entry.limit_kind),
            backup_of=entry.backup_of if isinstance(entry.backup_of, str) else "",
        )


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _float_or_none(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _limit_kind(value: object) -> LimitKind:
    """A damaged row's unknown limit kind reads as no limit (the countdown is not shown)."""
    try:
        return LimitKind(value) if isinstance(value, str) else LimitKind.NONE
    except ValueError:
        return LimitKind.NONE


_OUTCOME_FIELDS = tuple(f.name for f in dataclasses.fields(StopOutcome))


def outcome_to_json(outcome: StopOutcome | None) -> str | None:
    if outcome is None:
        return None
    return json.dumps(dataclasses.asdict(outcome), separators=(",", ":"))


def outcome_from_json(text: str | None) -> StopOutcome | None:
    """A journaled stop answer, or None when there is none or it cannot be read."""
    if not text:
        return None
    try:
        data: dict[str, Any] = json.loads(text)
        fields: dict[str, Any] = {k: data[k] for k in _OUTCOME_FIELDS if k in data}
        for name in ("file_details", "predicted_files"):
            fields[name] = tuple(_file_detail(d) for d in fields.get(name, ()))
        fields["files"] = tuple(str(f) for f in fields.get("files", ()))
        return StopOutcome(**fields)
    except (ValueError, TypeError, AttributeError, RecursionError):
        log.warning("a journaled stop answer could not be read; it is ignored")
        return None


def _file_detail(data: Any) -> FileDetail:
    """A journaled file: its fields, or (journaled before predicted files had fields) a name."""
    return FileDetail(str(data)) if isinstance(data, str) else FileDetail(**data)


class _HasRecord(Protocol):
    _record: SessionRecord


class ReadFromRecord(Generic[T]):
    """A read-only attribute that shows one field of the owner's ``record``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> ReadFromRecord[T]: ...
    @overload
    def __get__(self, obj: _HasRecord, objtype: type | None = None) -> T: ...
    def __get__(self, obj: _HasRecord | None, objtype: type | None = None) -> T | ReadFromRecord[T]:
        if obj is None:
            return self
        value: T = getattr(obj._record, self.name)  # no property hop: read on every poll
        return value

    def __set__(self, obj: object, value: T) -> None:
        raise AttributeError(
            f"{self.name} is part of the session's record: change it through apply()"
        )
