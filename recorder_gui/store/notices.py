"""``Notice``: a problem found while starting (journal, profile folder), as plain words.

Qt-free on purpose: the journal and the profile store make them, the window shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["warning", "error"]


@dataclass(frozen=True, slots=True)
class Notice:
    """What happened (``sentence``), what to do (``next_step``), and how loud to be.

    ``persistent`` asks the window to keep it visible for the whole run (e.g. a journal held
    in memory: every recording started in this run is forgotten on restart).
    """

    severity: Severity
    sentence: str
    next_step: str = ""
    source: str = ""
    persistent: bool = False

    @property
    def text(self) -> str:
        """One line for the log: the sentence, then the next step."""
        return f"{self.sentence} Next step: {self.next_step}" if self.next_step else self.sentence
