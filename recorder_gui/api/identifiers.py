"""Recording modes and the rules for the identifiers every request carries (uid, cname)."""

from __future__ import annotations

from enum import StrEnum

UID_MAX = 2**32 - 1
CNAME_MAX_BYTES_RTC = 63  # "< 64 bytes" (docs/api-notes.md, "Identifiers")
CNAME_MAX_BYTES_WEB = 128  # 1024 per the English page, 128 per the Chinese one: the safe one
CNAME_CHARSET = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{}|~,"
)


class Mode(StrEnum):
    """Recording mode as it appears in the URL. ``raw`` is the 2026 name of individual."""

    INDIVIDUAL = "individual"
    RAW = "raw"
    MIX = "mix"
    WEB = "web"

    @property
    def is_individual(self) -> bool:
        return self in (Mode.INDIVIDUAL, Mode.RAW)

    @property
    def label(self) -> str:
        return {
            Mode.INDIVIDUAL: "individual",
            Mode.RAW: "individual (raw)",
            Mode.MIX: "mix (composite)",
            Mode.WEB: "web page",
        }[self]


def parse_mode(value: Mode | str) -> Mode:
    if isinstance(value, Mode):
        return value
    try:
        return Mode(str(value).strip().lower())
    except ValueError:
        raise ValueError(f"mode {value!r} is not one of individual, raw, mix, web") from None


def uid_problem(value: object) -> str | None:
    """Why ``value`` is not a valid uid (a decimal string in 1..2^32-1); None if it is."""
    if isinstance(value, bool):
        return "must be a decimal string, not a boolean"
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        return f"must be a decimal string, not {type(value).__name__}"
    if not text.isascii() or not text.isdigit():
        return f"must be a decimal integer string such as '1001', got {text!r}"
    if len(text) > 1 and text.startswith("0"):
        return f"must not have leading zeros, got {text!r}"
    number = int(text)
    if not 1 <= number <= UID_MAX:
        return f"must be between 1 and {UID_MAX}, got {text}"
    return None


def normalize_uid(value: object, field: str = "uid") -> str:
    problem = uid_problem(value)
    if problem:
        raise ValueError(f"{field} {problem}")
    return str(value)


def cname_problem(cname: object, mode: Mode) -> str | None:
    """Why ``cname`` is not a valid channel name for ``mode``; None if it is."""
    if not isinstance(cname, str):
        return f"must be a string, not {type(cname).__name__}"
    if not cname:
        return "must not be empty"
    size = len(cname.encode("utf-8"))
    if mode is Mode.WEB:
        if size > CNAME_MAX_BYTES_WEB:
            return f"must be at most {CNAME_MAX_BYTES_WEB} bytes in web mode, got {size}"
        return None
    if size > CNAME_MAX_BYTES_RTC:
        return f"must be shorter than 64 bytes, got {size}"
    bad = sorted({ch for ch in cname if ch not in CNAME_CHARSET})
    if bad:
        shown = " ".join(repr(ch) for ch in bad[:5])
        return (
            f"contains characters the service does not allow ({shown}); use letters, digits, "
            "space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,"
        )
    return None
