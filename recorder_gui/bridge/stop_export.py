"""The stop summary as text: what Copy puts on the clipboard, the CSV and the JSON exports.

Cells are empty where the service said nothing (no placeholder dashes); the bucket and the
recording ID (sid) columns are there when the summary knows them.
"""

from __future__ import annotations

import csv
import io
import json

from .views import StopSummary


def _export_columns(summary: StopSummary) -> list[str]:
    extra = [c for c, known in (("bucket", summary.bucket), ("sid", summary.sid)) if known]
    return ["file_name", "track_type", "uid", "playable", "slice_start", *extra]


def rows_as_csv(summary: StopSummary) -> str:
    """The file list as CSV (empty cells where unknown; bucket and sid columns when known)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = _export_columns(summary)
    writer.writerow(columns)
    constant = {"bucket": summary.bucket, "sid": summary.sid}
    for row in summary.rows:
        cells = row.as_dict() | constant
        writer.writerow([cells[c] for c in columns])
    return out.getvalue()


def rows_as_json(summary: StopSummary) -> str:
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
            "files": [row.as_dict() for row in summary.rows],
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
