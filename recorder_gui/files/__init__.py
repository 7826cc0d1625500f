"""Files you can trust: the recording's objects checked in the storage itself (no Qt).

See docs/files.md.
"""

from recorder_gui.files.check import FileRow, FilesReport, check_files, presigned_url
from recorder_gui.files.storage import Storage, StorageCheckError, StorageTarget

__all__ = [
    "FileRow",
    "FilesReport",
    "Storage",
    "StorageCheckError",
    "StorageTarget",
    "check_files",
    "presigned_url",
]
