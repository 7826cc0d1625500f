"""Regions the service's preset layouts give users in join order.

Used to preview a preset on the canvas and for "edit as custom", which turns the preview into
custom regions carrying the users' uids. Geometry: docs/api-notes.md, "Composite layouts";
guesses where Agora shows figures only (UNCONFIRMED) are marked in comments and in
``preset_hint``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import MAX_REGIONS, LayoutMode, Region, RenderMode, round6

__all__ = ["FLOATING_GAP", "FLOATING_TILE", "preset_hint", "preset_regions"]

FLOATING_TILE = 0.235
FLOATING_GAP = 0.012
_FLOATING_STEP = FLOATING_TILE + FLOATING_GAP  # 0.247

#: Vertical layout: total users up to -> (slots, columns, small w denominator, h denom).
_VERTICAL_BUCKETS: tuple[tuple[int, int, int, int, int], ...] = (
    (5, 4, 1, 5, 4),
    (7, 6, 1, 7, 6),
    (9, 8, 1, 9, 8),
    (17, 16, 2, 10, 8),
)

_HINTS = {
    LayoutMode.FLOATING: (
        "Floating: the first user to join fills the canvas; users 2-17 float in 0.235 tiles, "
        "four to a row from the bottom-left upward. The tiles are drawn on top of the first user "
        "(stacking order is UNCONFIRMED by Agora)."
    ),
    LayoutMode.BEST_FIT: (
        "Best fit: an equal grid by user count (1 full canvas, 2 side by side, 3-4 2x2, 5-9 3x3, "
        "10-16 4x4, 17 in 0.2 cells). Two users side by side and the row-major fill order are "
        "guesses: Agora shows these only as figures (UNCONFIRMED)."
    ),
    LayoutMode.VERTICAL: (
        "Vertical: the maxResolutionUid user is large on the left, the others tile the right "
        "edge top to bottom. The large window's width (the rest of the canvas) and the fill "
        "order of the two right columns for 10-17 users (row by row) are guesses (UNCONFIRMED)."
    ),
    LayoutMode.CUSTOM: (
        "Custom: you place up to 17 regions yourself; a region without a uid takes the next "
        "user in join order. Later regions are drawn on top (UNCONFIRMED by Agora)."
    ),
}


def preset_hint(mode: LayoutMode) -> str:
    """One or two sentences on what ``mode`` does and which of its geometry is a guess."""
    return _HINTS[LayoutMode(mode)]


def _region(uid: str, x: float, y: float, width: float, height: float) -> Region:
    return Region(uid, round6(x), round6(y), round6(width), round6(height), 1.0, RenderMode.CROP)


def _floating(uids: Sequence[str]) -> list[Region]:
    out: list[Region] = []
    for n, uid in enumerate(uids):
        if n == 0:
            out.append(_region(uid, 0.0, 0.0, 1.0, 1.0))
            continue
        col, row = (n - 1) % 4, (n - 1) // 4
        x = FLOATING_GAP + _FLOATING_STEP * col
        y = 1.0 - FLOATING_GAP - FLOATING_TILE - _FLOATING_STEP * row  # 0.753, 0.506, ...
        out.append(_region(uid, x, y, FLOATING_TILE, FLOATING_TILE))
    return out


def _grid(uids: Sequence[str], cols: int, rows: int) -> list[Region]:
    # Fill order row-major from the top-left: UNCONFIRMED (Agora shows figures only).
    out: list[Region] = []
    for n, uid in enumerate(uids):
        col, row = n % cols, n // cols
        out.append(_region(uid, col / cols, row / rows, 1 / cols, 1 / rows))
    return out


def _best_fit(uids: Sequence[str]) -> list[Region]:
    count = len(uids)
    if count == 0:
        return []
    if count == 1:
        return _grid(uids, 1, 1)
    if count == 2:
        # UNCONFIRMED: side by side (two full-height halves) rather than stacked.
        return _grid(uids, 2, 1)
    if count <= 4:
        return _grid(uids, 2, 2)
    if count <= 9:
        return _grid(uids, 3, 3)
    if count <= 16:
        return _grid(uids, 4, 4)
    # 17 users: 0.2 cells, rows 1-4 hold 4 users between 0.1 side bands, user 17 centred below.
    out = [
        _region(uid, 0.1 + 0.2 * (n % 4), 0.2 * (n // 4), 0.2, 0.2) for n, uid in enumerate(uids)
    ]
    out[16] = _region(uids[16], 0.4, 0.8, 0.2, 0.2)
    return out


def _vertical(uids: Sequence[str], max_resolution_uid: str | None) -> list[Region]:
    count = len(uids)
    if count == 0:
        return []
    large = max_resolution_uid if max_resolution_uid in uids else None
    if large is None and count == 1:
        return [_region(uids[0], 0.0, 0.0, 1.0, 1.0)]  # one user, no large uid: full canvas [CN]
    small = [uid for uid in uids if uid != large]
    # The bucket follows the total user count. Without a large user the large area stays
    # empty, so the bucket is chosen as if one more user were large (the service's own
    # behaviour there is UNCONFIRMED); users beyond the slots are not shown.
    total = count if large is not None else min(count + 1, MAX_REGIONS)
    slots, cols, w_den, h_den = next(b[1:] for b in _VERTICAL_BUCKETS if total <= b[0])
    large_width = (w_den - cols) / w_den  # 4/5, 6/7, 8/9, 8/10: UNCONFIRMED
    out: list[Region] = []
    if large is not None:
        out.append(_region(large, 0.0, 0.0, large_width, 1.0))
    for n, uid in enumerate(small[:slots]):
        # Two columns (10-17 users) fill row by row, top to bottom: UNCONFIRMED.
        col, row = n % cols, n // cols
        x = (w_den - cols + col) / w_den
        out.append(_region(uid, x, row / h_den, 1 / w_den, 1 / h_den))
    return out


def preset_regions(
    mode: LayoutMode, uids: Sequence[str], max_resolution_uid: str | None = None
) -> list[Region]:
    """The regions preset ``mode`` gives ``uids`` (join order; only the first 17 are shown).

    The list is in stacking order. ``max_resolution_uid`` matters only for the vertical layout.
    """
    mode = LayoutMode(mode)
    shown = list(dict.fromkeys(str(uid) for uid in uids))[:MAX_REGIONS]
    if mode is LayoutMode.FLOATING:
        return _floating(shown)
    if mode is LayoutMode.BEST_FIT:
        return _best_fit(shown)
    if mode is LayoutMode.VERTICAL:
        return _vertical(shown, max_resolution_uid)
    raise ValueError("the custom layout has no preset geometry: its regions are the layout")
