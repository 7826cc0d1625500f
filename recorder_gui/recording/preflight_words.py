"""Pre-flight's refusals in the start form's words: each names the field a producer sees.

Pydantic reports a location (``extension_service_config.web_recorder.url``) and a generic
phrase ("String should have at least 1 character"); the form shows "Web page URL: enter it".
"""

from __future__ import annotations

from pydantic import ValidationError

__all__ = ["FIELD_LABELS", "pydantic_sentences"]


#: The start form's label of each setting, so a refusal names what the producer can see.
FIELD_LABELS = {
    "url": "Web page URL",
    "video_width": "Web page size",
    "video_height": "Web page size",
    "subscribe_audio_uids": "Audio from",
    "subscribe_video_uids": "Video from",
    "unsubscribe_audio_uids": "Audio except",
    "unsubscribe_video_uids": "Video except",
    "width": "Size",
    "height": "Size",
    "fps": "Frame rate",
    "bitrate": "Bitrate",
    "max_idle_time": "Max idle",
    "av_file_type": "File types",
    "mixed_video_layout": "Layout",
    "background_color": "Background colour",
    "bucket": "Storage bucket",
    "region": "Storage region",
    "file_name_prefix": "File name prefix",
}
#: Pydantic's generic phrases, in the form's words.
_PHRASES = (
    ("String should have at least 1 character", "enter it (it cannot be empty)"),
    ("Field required", "enter it"),
)


def pydantic_sentences(exc: ValidationError, where: str) -> list[str]:
    """One plain sentence per refusal, named by the form's label when there is one."""
    out: list[str] = []
    for err in exc.errors(include_input=False, include_url=False):
        names = [str(p) for p in err["loc"] if not isinstance(p, int)]
        label = next((FIELD_LABELS[n] for n in reversed(names) if n in FIELD_LABELS), None)
        msg = str(err["msg"]).removeprefix("Value error, ")
        for generic, plain in _PHRASES:
            msg = msg.replace(generic, plain)
        if label is not None:
            for name in names:  # "subscribeAudioUids entry must be" -> "each entry must be"
                camel = name.split("_")[0] + "".join(w.title() for w in name.split("_")[1:])
                msg = msg.replace(f"{camel} entry", "each entry").replace(
                    f"{name} entry", "each entry"
                )
            sentence = f"{label}: {msg}"
        else:
            loc = ".".join(names)
            sentence = f"{where}{' ' + loc if loc else ''}: {msg}"
        sentence = sentence if sentence.endswith(".") else sentence + "."
        if sentence not in out:
            out.append(sentence)
    return out
