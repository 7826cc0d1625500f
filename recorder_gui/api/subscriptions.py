"""Subscription lists of recordingConfig and streamSubscribe (docs/api-notes.md, "start").

Shared by the start body's :class:`~.config_models.RecordingConfig` and the update body's uid
lists: each list is a whitelist (``subscribe…``) or a blacklist (``unSubscribe…``) of at most
32 uid strings, or ``["#allstream#"]``; never empty (an empty whitelist records nobody).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .identifiers import uid_problem

ALL_STREAMS = "#allstream#"
MAX_SUBSCRIBE = 32

#: Wire names of the subscription lists (the documented ``unSubscribe`` spelling).
UID_LIST_NAMES = {
    "subscribe_audio_uids": "subscribeAudioUids",
    "unsubscribe_audio_uids": "unSubscribeAudioUids",
    "subscribe_video_uids": "subscribeVideoUids",
    "unsubscribe_video_uids": "unSubscribeVideoUids",
}


def uid_list(values: list[str] | None, field: str) -> list[str] | None:
    """``values`` checked as one subscription list named ``field`` (a Python or wire name);
    ValueError with a sentence otherwise."""
    if values is None:
        return None
    field = UID_LIST_NAMES.get(field, field)
    if not values:
        media = "audio" if "Audio" in field else "video"
        if field.startswith("subscribe"):
            raise ValueError(
                f"{field} is an empty list, which records nobody's {media}; leave the field "
                "out to record everyone"
            )
        raise ValueError(
            f"{field} is an empty list, which leaves nobody out; leave the field out instead"
        )
    if len(values) > MAX_SUBSCRIBE:
        raise ValueError(f"{field} holds at most {MAX_SUBSCRIBE} uids, got {len(values)}")
    out = []
    for value in values:
        text = str(value)
        if text != ALL_STREAMS:
            problem = uid_problem(text)
            if problem:
                raise ValueError(f"{field} entry {problem}")
        out.append(text)
    if len(set(out)) != len(out):
        raise ValueError(f"{field} lists a uid twice")
    return out


@dataclass(frozen=True, slots=True)
class Lists:
    """Which of the four lists are set (``None`` = left out)."""

    subscribe_audio: list[str] | None
    unsubscribe_audio: list[str] | None
    subscribe_video: list[str] | None
    unsubscribe_video: list[str] | None

    @property
    def audio(self) -> bool:
        return self.subscribe_audio is not None or self.unsubscribe_audio is not None

    @property
    def video(self) -> bool:
        return self.subscribe_video is not None or self.unsubscribe_video is not None

    def problem(self, stream_types: int) -> str | None:
        """The first rule these lists break with ``streamTypes``, as a sentence; None if none."""
        if self.subscribe_audio is not None and self.unsubscribe_audio is not None:
            return "subscribeAudioUids and unSubscribeAudioUids cannot both be set; choose one"
        if self.subscribe_video is not None and self.unsubscribe_video is not None:
            return "subscribeVideoUids and unSubscribeVideoUids cannot both be set; choose one"
        if self.audio and stream_types == 1:
            return "audio uid lists need streamTypes 0 or 2 (audio is not recorded)"
        if self.video and stream_types == 0:
            return "video uid lists need streamTypes 1 or 2 (video is not recorded)"
        return None

    def one_sided_whitelist(self, stream_types: int) -> Literal["audio", "video"] | None:
        """The media type left unrecorded because only the other has a whitelist."""
        if stream_types != 2:
            return None
        if self.subscribe_audio is not None and not self.video:
            return "video"
        if self.subscribe_video is not None and not self.audio:
            return "audio"
        return None
