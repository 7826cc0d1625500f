"""Every documented Agora code, with a plain-language meaning and the next step.

See docs/api-notes.md, "Error codes".

One table serves the error hierarchy, the engine's reports and the UI's error banner.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CodeInfo:
    meaning: str
    next_step: str


#: Service-level ``code`` values (docs/api-notes.md, "Error codes").
CODES: dict[int, CodeInfo] = {
    2: CodeInfo(
        "The service rejected a parameter (wrong type, spelling, case, range, or a missing "
        "required field).",
        "Check the field named in the reason and correct the setting.",
    ),
    7: CodeInfo(
        "This recording was already started with the same resource.",
        "Nothing to do: query the running recording instead of starting it again.",
    ),
    8: CodeInfo(
        "The request header, method or URL was not accepted, or the body was not JSON.",
        "Report this as a bug in recorder-gui, with the request ID.",
    ),
    15: CodeInfo(
        "The service failed to start the recording (undocumented code 15).",
        "Wait a few seconds and start again; if it repeats, contact Agora support with the "
        "request ID.",
    ),
    32: CodeInfo(
        "The uploader could not use the storage settings.",
        "Check the storage vendor, region, bucket and keys in the profile.",
    ),
    47: CodeInfo("Uploading a file failed.", "Check the storage bucket and keys."),
    49: CodeInfo(
        "The recording is already stopping or has stopped (repeated stop, idle exit, or the "
        "recorder was removed).",
        "Nothing to do: the recording is over.",
    ),
    50: CodeInfo(
        "Uploading the files did not finish in time.",
        "The files will still be uploaded; check the storage later.",
    ),
    51: CodeInfo(
        "The uploader hit a processing error.", "Check the storage, then contact support."
    ),
    52: CodeInfo(
        "The recording service did not start in time.",
        "Start the recording again with a new resource.",
    ),
    53: CodeInfo(
        "Another recording with the same channel and bot uid is already running.",
        "Stop that recording first, or start this one with a different bot uid.",
    ),
    62: CodeInfo(
        "The recording service did not answer in time (or, on acquire, cloud recording is "
        "not enabled for this App ID).",
        "Wait a few seconds and try again; on acquire, check that cloud recording is enabled "
        "in the Agora Console.",
    ),
    65: CodeInfo(
        "The request reached the service but did not complete (network jitter).",
        "Try again with the same resource after a few seconds.",
    ),
    109: CodeInfo(
        "The recording bot's RTC token has expired.",
        "Build a new token (or check the App Certificate) and start again.",
    ),
    110: CodeInfo(
        "The recording bot's RTC token is invalid.",
        "Check the App Certificate in the profile and start again.",
    ),
    400: CodeInfo("The App ID is invalid.", "Check the App ID in the profile."),
    401: CodeInfo(
        "The channel name is invalid.",
        "Use at most 64 bytes of letters, digits, space and ! # $ % & ( ) + - : ; < = . > ? @ "
        "[ ] ^ _ { } | ~ ,",
    ),
    404: CodeInfo(
        "The service has no running recording for this resource and sid (it ended, never "
        "started, or is failing over).",
        "If it just started, it probably failed: check the storage settings and token. "
        "Otherwise it has ended.",
    ),
    405: CodeInfo(
        "The App ID is not active (disabled or overdue).",
        "Check the project's status and billing in the Agora Console.",
    ),
    406: CodeInfo(
        "The concurrent recording quota is used up.",
        "Stop a recording you no longer need, or ask Agora to raise the quota.",
    ),
    432: CodeInfo(
        "A parameter does not match the resource (App ID, channel or uid differ from acquire).",
        "Acquire a new resource with the same channel and uid you start with.",
    ),
    433: CodeInfo(
        "The resource has expired (more than 5 minutes since acquire).",
        "Acquire a new resource and start right away.",
    ),
    435: CodeInfo(
        "Nothing was recorded: nobody published audio or video while the recorder was there.",
        "No files were made. Check that the hosts publish before recording.",
    ),
    500: CodeInfo("The service had an internal error.", "Wait a few seconds and try again."),
    501: CodeInfo(
        "No recording worker is available, or the recording service is exiting.",
        "Wait a few seconds and try again.",
    ),
    502: CodeInfo(
        "The service could not allocate a recording worker.",
        "Acquire a new resource and start again.",
    ),
    504: CodeInfo(
        "Allocating a recording worker timed out.",
        "Wait a few seconds and acquire again.",
    ),
    1001: CodeInfo(
        "The resource ID could not be read by the service.",
        "Acquire a new resource; do not edit resource IDs by hand.",
    ),
    1003: CodeInfo(
        "The App ID or sid does not match the resource.",
        "Use the sid returned by the start of this resource.",
    ),
    1004: CodeInfo(
        "The recording is already running.",
        "Nothing to do: query the running recording.",
    ),
    1005: CodeInfo(
        "This resource was already used for a recording.",
        "Acquire a new resource for each recording.",
    ),
    1013: CodeInfo("The channel name is invalid.", "Correct the channel name."),
    1028: CodeInfo(
        "The service rejected the layout (invalid updateLayout body).",
        "Check the layout: at most 17 regions, all inside the canvas, and custom regions "
        "only with the custom layout.",
    ),
}

#: Gateway-level ``message`` texts (docs/api-notes.md, "Transport and domains", "Error codes").
GATEWAY_MESSAGES: dict[str, CodeInfo] = {
    "unauthorized": CodeInfo(
        "The request carried no credentials.",
        "Enter the Customer ID and Customer Secret in the profile.",
    ),
    "invalid authentication credentials": CodeInfo(
        "The Customer ID or Customer Secret is wrong, or does not belong to this App ID, or "
        "cloud recording is not enabled for it.",
        "Check the Customer ID and Secret (Console > RESTful API) and that cloud recording is "
        "enabled for the App ID.",
    ),
    "no route matched with those values": CodeInfo(
        "The service did not recognise the address of the request.",
        "Check the App ID and the API domain; report it if they are right.",
    ),
    "api rate limit exceeded": CodeInfo(
        "Too many requests per second for this account (limit 10 per second).",
        "Wait a moment; recorder-gui slows down and retries where that is safe.",
    ),
    "invalid appid": CodeInfo("The App ID is invalid.", "Check the App ID in the profile."),
    "appid is invalid": CodeInfo("The App ID is invalid.", "Check the App ID in the profile."),
}

#: ``serverResponse.status`` meanings (docs/api-notes.md, "query").
STATUS_MEANINGS: dict[int, str] = {
    0: "not started",
    1: "initialization complete",
    2: "components starting",
    3: "some components ready",
    4: "all components ready",
    5: "recording in progress",
    6: "stop requested",
    7: "all components stopped",
    8: "exited",
    20: "exited abnormally",
}

#: Statuses that mean the recording is running (docs/api-notes.md, "Lifecycle and call rules").
RUNNING_STATUSES = frozenset({4, 5})
#: Statuses after which the task is over (docs/api-notes.md, "query").
ENDED_STATUSES = frozenset({6, 7, 8, 20})


def is_running(status: int | None) -> bool:
    """4 or 5: every component is ready, or the recording is in progress."""
    return status in RUNNING_STATUSES


def has_ended(status: int | None) -> bool:
    """6, 7, 8 or 20: stop requested, stopped, exited, or exited abnormally."""
    return status in ENDED_STATUSES


def is_live(status: int | None) -> bool:
    """A status the service gave that does not mean over: the task still answers (starting,
    running, or a status nobody documented)."""
    return status is not None and not has_ended(status)


def status_meaning(status: int | None) -> str:
    if status is None:
        return "unknown"
    return STATUS_MEANINGS.get(status, f"unknown status {status}")


def code_info(code: int | None, message: str | None = None) -> CodeInfo | None:
    """The table entry for a service code, or for a gateway message when there is no code."""
    if code is not None and code in CODES:
        return CODES[code]
    if message:
        return GATEWAY_MESSAGES.get(message.strip().lower())
    return None
