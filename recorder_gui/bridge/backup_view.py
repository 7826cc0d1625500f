"""``PairView``: what the views say of a recording and its backup in another region.

A plain value the session bridge hands out (``SessionBridge.pair``): which recording this one
backs up, which live backups it has, and whether "Add backup recorder" can be used now (and
if not, the sentence for its tooltip).
See docs/api-notes.md, "Backup recorder in another region".
"""

from __future__ import annotations

from dataclasses import dataclass

from recorder_gui.recording import RecordingSession, SessionManager
from recorder_gui.recording.backup import BACKUP_FOLDER, backup_problem


@dataclass(frozen=True, slots=True)
class PairView:
    #: the title of the recording this one backs up ("" when it is no backup)
    primary_title: str = ""
    #: this one is a backup (even when its primary is not in this panel)
    is_backup: bool = False
    #: its primary still runs (Stop both would stop it)
    primary_live: bool = False
    #: the titles of its live backups
    backup_titles: tuple[str, ...] = ()
    #: why "Add backup recorder" cannot be used now (None: it can)
    why_not: str | None = "No recording is selected."

    @property
    def can_add(self) -> bool:
        return self.why_not is None

    @property
    def can_stop_both(self) -> bool:
        """The pair has a live partner to stop with this one."""
        return bool(self.backup_titles) or self.primary_live

    @property
    def text(self) -> str:
        """The card's and the status panel's line about the pair ("" for a lone recording)."""
        if self.is_backup:
            of = self.primary_title or "a recording not in this panel"
            return f"Backup of {of}; files under {BACKUP_FOLDER}/"
        if self.backup_titles:
            return "Has a backup: " + ", ".join(self.backup_titles)
        return ""


def title_of(session: RecordingSession) -> str:
    """A recording's name, as ``SessionBridge.title`` writes it."""
    return f"{session.cname} · {session.mode.value} · bot uid {session.uid}"


def pair_view(manager: SessionManager, session: RecordingSession) -> PairView:
    """The pair ``session`` belongs to, as the views show it."""
    backups = [b for b in manager.backups_of(session) if not b.state.is_final]
    primary = manager.primary_of(session) if session.backup_of else None
    return PairView(
        primary_title=title_of(primary) if primary is not None else "",
        is_backup=bool(session.backup_of),
        primary_live=primary is not None and not primary.state.is_final,
        backup_titles=tuple(title_of(b) for b in backups),
        why_not=backup_problem(session, backups),
    )
