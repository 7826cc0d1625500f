"""One event in a producer's words, for a timeline line ("uploaded 14 files to your storage")."""

from __future__ import annotations

from recorder_gui.callbacks.catalog import EventType, spec_of
from recorder_gui.callbacks.details import (
    ERROR_LEVELS,
    MODULES,
    WEB_STOP_CODES,
    leave_reasons,
    progress,
    uploaded_files,
)
from recorder_gui.callbacks.envelope import Envelope, as_int, as_text

_MAX = 160


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX else text[: _MAX - 1] + "…"


def describe(env: Envelope) -> str:
    """A short sentence without a time; unknown types read "unknown event N"."""
    spec = spec_of(env.event_type)
    if spec is None:
        return f"unknown event {env.event_type}"
    d = env.details
    match env.event_type:
        case EventType.UPLOADED:
            files = uploaded_files(env)
            return f"uploaded {_files(len(files))} to your storage" if files else spec.title
        case EventType.BACKUPED:
            n = len(uploaded_files(env))
            what = _files(n) if n else "some files"
            return f"{what} went to Agora's backup and will be forwarded to your storage"
        case EventType.UPLOADING_PROGRESS:
            frac = progress(env)
            return spec.title if frac is None else f"upload {frac:.0%} done"
        case EventType.RECORDER_LEAVE:
            reasons = leave_reasons(as_int(d.get("leaveCode")))
            return spec.title + (": " + "; ".join(reasons) if reasons else "")
        case EventType.SESSION_EXIT:
            status = as_int(d.get("exitStatus"))
            if status == 0:
                return "the recording session ended normally"
            if status == 1:
                return "the recording session ended abnormally"
            return spec.title
        case EventType.SESSION_FAILOVER:
            uid = as_text(d.get("newUid"))
            return spec.title + (f" (bot uid {uid})" if uid else "")
        case EventType.ERROR:
            level = ERROR_LEVELS.get(as_int(d.get("errorLevel")) or 0, "")
            module_no = as_int(d.get("module"))
            module = MODULES.get(module_no if module_no is not None else -1, "")
            code = as_int(d.get("errorCode"))
            msg = as_text(d.get("errorMsg"))
            head = f"{level} error" if level else "error"
            head += f" {code}" if code is not None else ""
            head += f" in the {module}" if module else ""
            return _clip(head + (f": {msg}" if msg else ""))
        case EventType.WARNING:
            code = as_int(d.get("warnCode"))
            if code == 31:
                return "re-uploading files to your storage"
            if code == 32:
                return "re-uploading files to Agora's backup"
            return spec.title + (f" (code {code})" if code is not None else "")
        case EventType.SLICE_START:
            uid = as_text(d.get("streamUid"))
            return "recording began" if uid in ("", "0") else f"recording of uid {uid} began"
        case EventType.AUDIO_STREAM_STATE | EventType.VIDEO_STREAM_STATE:
            kind = "audio" if env.event_type == EventType.AUDIO_STREAM_STATE else "video"
            uid = as_text(d.get("streamUid")) or "?"
            state = as_int(d.get("state"))
            if state == 0:
                return f"receiving {kind} from uid {uid}"
            if state == 1:
                return f"no {kind} from uid {uid}"
            return f"{kind} from uid {uid} changed"
        case EventType.WEB_RECORDER_STOPPED:
            code = as_int(d.get("code"))
            why = WEB_STOP_CODES.get(code if code is not None else -1)
            return spec.title + (f": {why}" if why else "")
        case EventType.SNAPSHOT_FILE:
            name = as_text(d.get("fileName"))
            return _clip(spec.title + (f": {name}" if name else ""))
        case EventType.RTMP_PUBLISH_STATUS:
            rtmp = as_text(d.get("status"))
            return spec.title + (f": {rtmp}" if rtmp else "")
    return spec.title
