"""The contract price file: read as hostile input, written atomically.

A small JSON object, e.g. ``{"version": 1, "currency": "USD", "per_1000_minutes": {"hd":
"5.50"}}`` (prices as strings or numbers; a category left out keeps its list price). Reading
never raises: a missing file means list prices; a damaged or hand-edited one gives list prices
*and* a :class:`PriceFileError` saying what is wrong and what to do, for the panel to show.
The caller names the file (the bridge puts it in the app's config dir).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

from recorder_gui.atomic_file import write_text_atomically

from .prices import LIST, Category, PriceTable, price_problem

FILE_NAME = "prices.json"
VERSION = 1
#: A price file is a few hundred bytes; anything this large is not one.
MAX_BYTES = 64 * 1024
PRICES_KEY = "per_1000_minutes"
_TOP_KEYS = frozenset({"version", "currency", PRICES_KEY})
_NEXT_STEP = (
    "Open Prices… to enter the contract prices again (saving replaces the file), or delete "
    "the file to use list prices."
)


class PriceFileProblem(StrEnum):
    UNREADABLE = "unreadable"  #: the disk would not give the bytes (permissions, a folder)
    TOO_LARGE = "too_large"
    NOT_JSON = "not_json"
    WRONG_SHAPE = "wrong_shape"  #: JSON, but not the price file's keys and types
    BAD_PRICE = "bad_price"  #: a price that is negative, huge or not a number
    UNWRITABLE = "unwritable"


class PriceFileError(Exception):
    """What went wrong with the price file: a plain ``sentence`` and a ``next_step``."""

    def __init__(self, kind: PriceFileProblem, path: Path, detail: str, next_step: str) -> None:
        self.kind = kind
        self.path = path
        self.sentence = f"The contract price file {path.name} {detail}"
        self.next_step = next_step
        super().__init__(f"{self.sentence} {self.next_step}")


@dataclass(frozen=True)
class PriceLoad:
    """What reading the file gave: the table in use and, when the file was bad, why."""

    table: PriceTable
    error: PriceFileError | None = None

    @property
    def fell_back(self) -> bool:
        """True when list prices are used because the file could not be used."""
        return self.error is not None


_Bad = Callable[[PriceFileProblem, str], PriceFileError]


def load_prices(path: Path) -> PriceLoad:
    """The prices in ``path``; list prices (with the error) when it cannot be used."""
    try:
        return PriceLoad(_read(path))
    except PriceFileError as exc:
        return PriceLoad(LIST, exc)


def _read(path: Path) -> PriceTable:
    def bad(kind: PriceFileProblem, detail: str) -> PriceFileError:
        return PriceFileError(kind, path, detail + "; list prices are used.", _NEXT_STEP)

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return LIST
    except OSError as exc:
        raise bad(PriceFileProblem.UNREADABLE, f"cannot be read ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise bad(PriceFileProblem.TOO_LARGE, f"is larger than {MAX_BYTES // 1024} KiB")
    try:
        body = json.loads(data.decode("utf-8"), parse_float=Decimal, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise bad(PriceFileProblem.NOT_JSON, "is not readable JSON") from None
    return PriceTable(_overrides(body, bad))


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a price")


def _overrides(body: object, bad: _Bad) -> dict[Category, Decimal]:
    if not isinstance(body, dict):
        raise bad(PriceFileProblem.WRONG_SHAPE, "is not a JSON object of prices")
    unknown = [k for k in body if k not in _TOP_KEYS]
    if unknown:
        raise bad(PriceFileProblem.WRONG_SHAPE, f"has unknown entries: {_names(unknown)}")
    if body.get("version", VERSION) != VERSION:
        raise bad(PriceFileProblem.WRONG_SHAPE, f"is not version {VERSION} of the price file")
    if body.get("currency", "USD") != "USD":
        raise bad(PriceFileProblem.WRONG_SHAPE, "is not in US dollars (currency must be USD)")
    prices = body.get(PRICES_KEY, {})
    if not isinstance(prices, dict):
        raise bad(PriceFileProblem.WRONG_SHAPE, f"has no object under {PRICES_KEY}")
    known = {c.value: c for c in Category}
    unknown = [k for k in prices if k not in known]
    if unknown:
        raise bad(
            PriceFileProblem.WRONG_SHAPE,
            f"names unknown categories: {_names(unknown)} (known: {', '.join(known)})",
        )
    out: dict[Category, Decimal] = {}
    for key, raw in prices.items():
        category = known[key]
        value = _decimal(raw)
        if value is None:
            raise bad(
                PriceFileProblem.BAD_PRICE, f"has a price for {category.label} that is not a number"
            )
        problem = price_problem(value)
        if problem is not None:
            raise bad(
                PriceFileProblem.BAD_PRICE, f"has a price for {category.label} that {problem}"
            )
        out[category] = value
    return out


def _names(keys: list[str]) -> str:
    """A few of a file's own names, quoted and cut short (the file is not ours to echo)."""
    shown = [repr(k if len(k) <= 30 else k[:29] + "…") for k in sorted(keys)[:4]]
    return ", ".join(shown) + (f" and {len(keys) - 4} more" if len(keys) > 4 else "")


def _decimal(raw: object) -> Decimal | None:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | str):
        return None
    if isinstance(raw, str) and (len(raw) > 32 or not raw.strip()):
        return None
    try:
        return Decimal(raw.strip() if isinstance(raw, str) else raw)
    except (InvalidOperation, ValueError):
        return None


def prices_text(table: PriceTable) -> str:
    """The file's text for ``table``: only the contract prices (the rest follow the list)."""
    body = {
        "version": VERSION,
        "currency": "USD",
        PRICES_KEY: {c.value: str(table.per_thousand(c)) for c in Category if c in table.contract},
    }
    return json.dumps(body, indent=2) + "\n"


def save_prices(path: Path, table: PriceTable) -> None:
    """Write ``table``'s contract prices to ``path`` atomically (a list table removes it).

    Raises :class:`PriceFileError` (``UNWRITABLE``) when the disk refuses.
    """
    try:
        if table.is_list:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, prices_text(table))
    except OSError as exc:
        raise PriceFileError(
            PriceFileProblem.UNWRITABLE,
            path,
            f"could not be written ({exc.strerror}); the prices apply to this run only.",
            "Check that the config folder is writable and has room, then save again.",
        ) from None
