"""The stop summary as text: what Copy puts on the clipboard, the CSV and the JSON exports.

Cells are empty where the service said nothing (no placeholder dashes); the bucket and the
recording ID (sid) columns are there when the summary knows them.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from recorder_gui.files import FilesReport

from .views import StopSummary

#: What the panel found in the bucket, when it has checked.
CHECK_FIELDS = ("in_bucket", "size_bytes", "duration_seconds", "check")


def _export_columns(summary: StopSummary, report: FilesReport | None) -> list[str]:
    extra = [c for c, known in (("bucket", summary.bucket), ("sid", summary.sid)) if known]
    checked = list(CHECK_FIELDS) if report is not None else []
    return ["file_name", "track_type", "uid", "playable", "slice_start", *extra, *checked]


def _checked(name: str, report: FilesReport | None) -> dict[str, Any]:
    row = next((r for r in report.rows if r.name == name), None) if report else None
    if row is None:
        return dict.fromkeys(CHECK_FIELDS, None)
    verdict = row.problem or ("playable" if row.playable else "present")
    return {
        "in_bucket": row.present,
        "size_bytes": row.size,
        "duration_seconds": row.duration,
        "check": verdict,
    }


def rows_as_csv(summary: StopSummary, report: FilesReport | None = None) -> str:
    """The file list as CSV (empty cells where unknown; bucket and sid columns when known; the
    check's columns when the files were checked)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = _export_columns(summary, report)
    writer.writerow(columns)
    constant = {"bucket": summary.bucket, "sid": summary.sid}
    for row in summary.rows:
        cells: dict[str, Any] = row.as_dict() | constant | _checked(row.name, report)
        writer.writerow(["" if cells[c] is None else cells[c] for c in columns])
    return out.getvalue()


def rows_as_json(summary: StopSummary, report: FilesReport | None = None) -> str:
    return json.dumps(
        {
            "recording": summary.name,
            "channel": summary.cname,
            "sid": summary.sid or None,
            "uploading_status": summary.uploading or None,
            "storage_vendor": summary.vendor or None,
            "bucket": summary.bucket or None,
            "storage_prefix": summary.storage_prefix,
            "duration_seconds": summary.duration_seconds,
            "predicted": summary.predicted,
            "files": [
                row.as_dict() | (_checked(row.name, report) if report else {})
                for row in summary.rows
            ],
            "check": report.summary if report else None,
        },
        indent=2,
        ensure_ascii=False,
    )


def summary_as_text(summary: StopSummary) -> str:
    """What Copy puts on the clipboard: which recording, where, then one full name a line."""
    lines = [summary.name, summary.count_text]
    if summary.where_text:
        lines.append(f"Stored in: {summary.where_text}")
    if summary.sid:
        lines.append(f"Recording ID (sid): {summary.sid}")
    return "\n".join([*lines, "", *(row.name for row in summary.rows)]) + "\n"
