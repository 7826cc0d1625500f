"""Which users' video a recorder takes, from its start settings (docs/api-notes.md, "start").

``streamTypes`` 0 records no video. A uid list for video (subscribe or unsubscribe) decides;
``#allstream#`` means everyone. A list for audio only, with none for video, means the service
subscribes no video at all. No list at all means everyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

#: The subscription list value that means "every uid".
ALL_STREAMS = "#allstream#"


class Reach(StrEnum):
    NONE = "none"  #: no video is recorded
    EVERYONE = "everyone"  #: everyone present (minus ``excluded``)
    LISTED = "listed"  #: only the ``listed`` uids


@dataclass(frozen=True)
class VideoSubscription:
    reach: Reach
    listed: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()

    @classmethod
    def of_lists(
        cls,
        *,
        stream_types: int = 2,
        subscribe_video: Iterable[str] | None = None,
        unsubscribe_video: Iterable[str] | None = None,
        subscribe_audio: Iterable[str] | None = None,
        unsubscribe_audio: Iterable[str] | None = None,
    ) -> VideoSubscription:
        if stream_types == 0:
            return cls(Reach.NONE)
        if subscribe_video is not None:
            listed = frozenset(str(u).strip() for u in subscribe_video)
            if ALL_STREAMS in listed:
                return cls(Reach.EVERYONE)
            return cls(Reach.LISTED, listed=listed)
        if unsubscribe_video is not None:
            return cls(Reach.EVERYONE, excluded=frozenset(str(u) for u in unsubscribe_video))
        audio_listed = subscribe_audio is not None or unsubscribe_audio is not None
        if audio_listed and stream_types == 2:
            return cls(Reach.NONE)  # a list for audio only: the service takes no video
        return cls(Reach.EVERYONE)

    def inputs_among(self, present: Iterable[int | str]) -> int:
        """How many of the users present send video this recorder takes."""
        if self.reach is Reach.NONE:
            return 0
        uids = {str(u) for u in present}
        if self.reach is Reach.LISTED:
            return len(uids & self.listed)
        return len(uids - self.excluded)

    def planned_inputs(self, everyone: int) -> int:
        """The video inputs to plan for; ``everyone`` is the producer's guess of how many
        users send video when the subscription is not a list."""
        if self.reach is Reach.NONE:
            return 0
        if self.reach is Reach.LISTED:
            return len(self.listed)
        return max(0, everyone)

    @property
    def counts_everyone(self) -> bool:
        return self.reach is Reach.EVERYONE

    def describe(self) -> str:
        if self.reach is Reach.NONE:
            return "no video subscribed"
        if self.reach is Reach.LISTED:
            return f"video from {len(self.listed)} listed uid{'s' if len(self.listed) != 1 else ''}"
        if self.excluded:
            return f"video from everyone but {len(self.excluded)} uid(s)"
        return "video from everyone"
