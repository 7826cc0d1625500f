"""Smoke check: the app's file checks inside the frozen bundle (``packaging/smoke.py``, step 4).

boto3 and m3u8 load by name on the first check, which PyInstaller cannot see, and botocore's
data files are cut to S3's model: this runs the frozen app's own checker (its self-test,
``packaging/pyinstaller/entry_app.py``) against moto's S3 server from the build venv, on objects
put here: the bucket, an object's size, a missing object, a presigned link that must fetch the
object, and a playlist whose segments are all there.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import subprocess
import urllib.request
from collections.abc import Callable

from smoke_checks import check

SELFTEST_S3_ENV = "RECORDER_GUI_BUNDLE_SELFTEST_S3"
PLAYLIST = (
    b"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:15\n"
    b"#EXTINF:15.0,\na.ts\n#EXTINF:15.0,\nb.ts\n#EXT-X-ENDLIST\n"
)

SelfTest = Callable[[dict[str, str]], "subprocess.CompletedProcess[str]"]


def frozen_file_checks(selftest: SelfTest) -> str:
    """``selftest(env)`` runs the bundle's self-test with ``env`` added; a note for the line."""
    try:
        moto_server = importlib.import_module("moto.server")
    except ImportError:
        return "no moto in this Python: the file checks were not run"
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint, body = f"http://{host}:{port}", os.urandom(1234)
        for path, data in (
            ("/smoke-bucket", b""),
            ("/smoke-bucket/smoke/a.ts", body),
            ("/smoke-bucket/smoke/b.ts", body),
            ("/smoke-bucket/smoke/show.m3u8", PLAYLIST),
        ):
            put = urllib.request.Request(
                endpoint + path,
                data=data,
                method="PUT",
                headers={"Content-Type": "application/octet-stream"},
            )
            urllib.request.urlopen(put, timeout=10).close()
        where = {
            "endpoint": endpoint,
            "bucket": "smoke-bucket",
            "key": "smoke/a.ts",
            "files": ["smoke/show.m3u8"],
            "seconds": "30",
            "access_key": "AKSMOKE0000000000001",
            "secret_key": "smoke-secret-key",
        }
        result = selftest({SELFTEST_S3_ENV: json.dumps(where)})
        check(result.returncode == 0, f"selftest exit {result.returncode}: {result.stderr}")
        report = json.loads(result.stdout.strip().splitlines()[-1])["storage"]
        check("error" not in report, f"the file check failed frozen: {report.get('error')}")
        check(report["size"] == len(body), f"HEAD gave {report['size']}, not {len(body)}")
        check(report["missing"] is None, f"a missing object gave {report['missing']}")
        with urllib.request.urlopen(str(report["link"]), timeout=10) as answer:
            check(answer.read() == body, "the presigned link did not fetch the object")
        check(report.get("ok") is True, f"the playlist's check: {report.get('summary')}")
        return (
            "bucket, HEAD, a missing object, a presigned link, and a playlist with its "
            f"segments ({report['summary']}) against moto"
        )
    finally:
        server.stop()
