"""Entry point of the bundled ``recorder-gui`` executable (PyInstaller runs it as __main__);
called as ``recorder-gui-emulator`` (a link to it), it runs the emulator alone.

With ``RECORDER_GUI_BUNDLE_SELFTEST=1`` in the environment it opens no window: it prints, as one
JSON line, what the frozen bundle can find (its version from the package metadata, keyring's
backends discovered through entry points, the backend keyring picks) and exits. With the value
``roundtrip`` it also writes, reads and deletes a throw-away secret; with
``RECORDER_GUI_BUNDLE_SELFTEST_S3`` it also looks into a bucket with the app's file checks
(boto3 inside the bundle). ``packaging/smoke.py``
uses it; modules are imported by name at run time so that this check cannot make PyInstaller
collect what the spec forgot.
"""

from __future__ import annotations

import importlib
import json
import os
import sys

SELFTEST_ENV = "RECORDER_GUI_BUNDLE_SELFTEST"
#: Called by this name (the bundle's link, or an install's launcher), it is the emulator.
EMULATOR_NAME = "recorder-gui-emulator"
#: JSON {"endpoint", "bucket", "key", "files", "seconds", "access_key", "secret_key"}: also
#: look into that bucket
SELFTEST_S3_ENV = "RECORDER_GUI_BUNDLE_SELFTEST_S3"


def selftest(mode: str) -> int:
    report: dict[str, object] = {"frozen": bool(getattr(sys, "frozen", False))}
    metadata = importlib.import_module("importlib.metadata")
    try:
        report["version"] = metadata.version("recorder-gui")
    except metadata.PackageNotFoundError:
        report["version"] = None
    compat = importlib.import_module("keyring.compat.py312")  # what keyring itself uses
    found = compat.metadata.entry_points(group="keyring.backends")
    report["keyring_entry_points"] = sorted(ep.name for ep in found)
    modules = {}
    for name in ("keyring.backends.SecretService", "secretstorage", "jeepney.io.blocking"):
        try:
            importlib.import_module(name)
        except Exception as exc:  # report every failure, do not stop at the first
            modules[name] = f"{type(exc).__name__}: {exc}"
        else:
            modules[name] = "ok"
    report["modules"] = modules
    keyring = importlib.import_module("keyring")
    backend = keyring.get_keyring()
    report["keyring_backend"] = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if mode == "roundtrip":
        service, user = "recorder-gui-bundle-selftest", "smoke"
        try:
            keyring.set_password(service, user, "s3cret")
            report["roundtrip"] = keyring.get_password(service, user) == "s3cret"
            keyring.delete_password(service, user)
        except Exception as exc:
            report["roundtrip"] = f"{type(exc).__name__}: {exc}"
    bucket = os.environ.get(SELFTEST_S3_ENV)
    if bucket:
        report["storage"] = storage_check(json.loads(bucket))
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


def storage_check(where: dict[str, str]) -> dict[str, object]:
    """The file checks' own code (boto3 and m3u8 loaded by name on the first call, as in the
    app) against an S3-compatible bucket: the bucket, one object's size, a presigned link, and
    the whole check of the listed files (``where["files"]``, a playlist among them)."""
    asyncio = importlib.import_module("asyncio")
    storage = importlib.import_module("recorder_gui.files.storage")
    files_check = importlib.import_module("recorder_gui.files.check")
    target = storage.StorageTarget(
        11,
        0,
        where["bucket"],
        access_key=where["access_key"],
        secret_key=where["secret_key"],
        endpoint=where["endpoint"],
    )

    async def check() -> dict[str, object]:
        bucket = storage.Storage(target)
        await bucket.check_bucket()
        report = await files_check.check_files(
            bucket, list(where["files"]), recording_seconds=float(where["seconds"])
        )
        return {
            "size": await bucket.head(where["key"]),
            "missing": await bucket.head(where["key"] + ".none"),
            "link": await bucket.presigned_url(where["key"]),
            "summary": report.summary,
            "ok": report.ok,
        }

    try:
        result: dict[str, object] = asyncio.run(check())
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    return result


def main() -> int:
    if os.path.basename(sys.argv[0]).startswith(EMULATOR_NAME):
        # ``recorder-gui-emulator`` is a link to this executable: the same Python, modules and
        # libraries, so the bundle carries them once (a second executable added 4 MB).
        from recorder_gui.emulator.__main__ import main as emulator_main

        return emulator_main()
    mode = os.environ.get(SELFTEST_ENV, "")
    if mode:
        return selftest(mode)
    from recorder_gui.app import main as app_main

    return app_main()


if __name__ == "__main__":
    sys.exit(main())
