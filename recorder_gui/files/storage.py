"""The panel's read-only view of a recording's bucket: HEAD, GET and presigned links.

Built from plain values (``StorageTarget``: vendor, region, bucket, endpoint and the key pair
read from the keyring by the caller), never from the store's models: this room sits beside the
store. boto3 is imported lazily, inside the worker thread, so the app never loads it at
start-up. Every call runs off the event loop (``asyncio.to_thread``) under a deadline, and every
failure becomes a ``StorageCheckError`` with a plain sentence and a next step. Secrets never
appear in a message, a repr or a log line.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from recorder_gui.api import storage_catalog
from recorder_gui.api.redact import SECRETS, redact

T = TypeVar("T")

AMAZON_S3 = 1
S3_COMPATIBLE = storage_catalog.S3_COMPATIBLE
SUPPORTED_VENDORS = frozenset({AMAZON_S3, S3_COMPATIBLE})
DEFAULT_TIMEOUT = 10.0
#: A playlist larger than this is not read whole (a 24 h HLS playlist is well under 1 MB).
MAX_GET_BYTES = 8 * 1024 * 1024

_DENIED = {
    "AccessDenied",
    "403",
    "Forbidden",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "AllAccessDisabled",
}
_NO_BUCKET = {"NoSuchBucket"}
_NO_KEY = {"NoSuchKey", "404", "NotFound"}


class StorageCheckError(Exception):
    """A failure to look at the storage, as a sentence and a next step for a producer.

    ``kind``: ``bucket_missing``, ``access_denied``, ``unreachable``, ``unsupported_vendor``,
    ``settings`` or ``failed``."""

    def __init__(self, kind: str, sentence: str, next_step: str) -> None:
        self.kind = kind
        self.sentence = sentence
        self.next_step = next_step
        super().__init__(f"{sentence} {next_step}")

    def __repr__(self) -> str:
        return f"StorageCheckError({self.kind!r}, {self.sentence!r})"


@dataclass(frozen=True)
class StorageTarget:
    """Where a profile's recordings are: plain values, the key pair hidden from ``repr``."""

    vendor: int
    region: int
    bucket: str
    access_key: str = field(repr=False)
    secret_key: str = field(repr=False)
    endpoint: str | None = None
    sts_token: str | None = field(default=None, repr=False)

    @property
    def place(self) -> str:
        """Where, for people: ``bucket "x" at https://host`` (never a key)."""
        where = self.endpoint or storage_catalog.region_label(self.vendor, self.region)
        return f'bucket "{self.bucket}" at {where}'


def aws_region(region: int) -> str | None:
    """Amazon S3's region number as boto3 names it (``7`` -> ``eu-central-1``)."""
    name = storage_catalog.VENDORS[AMAZON_S3].regions.get(region)
    return name.lower().replace("_", "-") if name else None


def unsupported_vendor(vendor: int) -> StorageCheckError:
    v = storage_catalog.VENDORS.get(vendor)
    name = v.name if v else f"storage vendor {vendor}"
    return StorageCheckError(
        "unsupported_vendor",
        f"The panel cannot look into {name}: it checks files in Amazon S3 (vendor 1) and "
        "S3-compatible endpoints (vendor 11) only.",
        f"Check the files in the {name} console.",
    )


class Storage:
    """One bucket, read with boto3 in worker threads; each call bounded by ``timeout``."""

    def __init__(self, target: StorageTarget, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        if target.vendor not in SUPPORTED_VENDORS:
            raise unsupported_vendor(target.vendor)
        if target.vendor == S3_COMPATIBLE and not target.endpoint:
            raise StorageCheckError(
                "settings",
                "S3-compatible storage (vendor 11) needs an endpoint, and this profile has none.",
                "Add the endpoint URL to the profile's storage settings.",
            )
        if target.vendor == AMAZON_S3 and aws_region(target.region) is None:
            raise StorageCheckError(
                "settings",
                f"Region {target.region} is not an Amazon S3 region.",
                "Pick the bucket's region in the profile's storage settings.",
            )
        SECRETS.add(target.access_key, target.secret_key, target.sts_token)
        self.target = target
        self.timeout = timeout
        self._lock = threading.Lock()
        self._client: Any = None

    def __repr__(self) -> str:
        return f"Storage({self.target!r})"

    @property
    def endpoint(self) -> str | None:
        endpoint = self.target.endpoint
        if endpoint and "://" not in endpoint:
            endpoint = "https://" + endpoint
        return endpoint

    # -- the calls (each off the event loop, under a deadline) ----------------------------

    async def check_bucket(self) -> None:
        """Raise ``StorageCheckError`` unless the bucket exists and the keys may read it."""
        await self._call(lambda c: c.head_bucket(Bucket=self.target.bucket), bucket_call=True)

    async def head(self, key: str) -> int | None:
        """The object's size in bytes, or None when there is no such object."""
        try:
            answer = await self._call(lambda c: c.head_object(Bucket=self.target.bucket, Key=key))
        except _Missing:
            return None
        return int(answer.get("ContentLength", 0))

    async def get(self, key: str, max_bytes: int = MAX_GET_BYTES) -> bytes | None:
        """The object's first ``max_bytes`` bytes, or None when there is no such object."""

        def read(client: Any) -> bytes:
            answer = client.get_object(
                Bucket=self.target.bucket, Key=key, Range=f"bytes=0-{max_bytes - 1}"
            )
            body: bytes = answer["Body"].read()
            return body

        try:
            return await self._call(read)
        except _Missing:
            return None

    async def put_text(self, key: str, text: str) -> None:
        """Write a small text object (the manifest) next to the recording's files."""
        body = text.encode("utf-8")
        await self._call(
            lambda c: c.put_object(
                Bucket=self.target.bucket,
                Key=key,
                Body=body,
                ContentType="application/json; charset=utf-8",
            ),
            writing=True,
        )

    async def presigned_url(self, key: str, expires: int = 3600) -> str:
        """A link anyone can GET until it expires (made locally; no request is sent)."""

        def sign(client: Any) -> str:
            url: str = client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.target.bucket, "Key": key},
                ExpiresIn=expires,
            )
            return url

        return await self._call(sign)

    # -- plumbing -------------------------------------------------------------------------

    async def _call(
        self, fn: Callable[[Any], T], *, bucket_call: bool = False, writing: bool = False
    ) -> T:
        def run() -> T:
            return fn(self._boto_client())

        try:
            return await asyncio.wait_for(asyncio.to_thread(run), self.timeout + 1.0)
        except TimeoutError:
            raise self._unreachable(f"did not answer within {self.timeout:g} s") from None
        except (_Missing, StorageCheckError):
            raise
        except Exception as exc:
            raise self._translate(exc, bucket_call, writing) from None

    def _boto_client(self) -> Any:
        with self._lock:
            if self._client is None:
                # botocore's DEBUG lines carry the signed headers (the access key id): never.
                for noisy in ("boto3", "botocore", "urllib3"):
                    logging.getLogger(noisy).setLevel(logging.WARNING)
                try:
                    boto3 = importlib.import_module("boto3")
                    botocore_config = importlib.import_module("botocore.config")
                except ImportError:
                    raise StorageCheckError(
                        "no_library",
                        "Checking files needs the boto3 package, which this installation "
                        "of recorder-gui lacks.",
                        "Reinstall recorder-gui with its dependencies (pip install "
                        "recorder-gui); until then, check the files in the storage's own "
                        "console.",
                    ) from None
                t = self.target
                region = aws_region(t.region) if t.vendor == AMAZON_S3 else "us-east-1"
                if t.vendor == S3_COMPATIBLE:
                    endpoint, style = self.endpoint, "path"
                else:  # the regional endpoint: presigned links must name the bucket's region
                    suffix = ".cn" if str(region).startswith("cn-") else ""
                    endpoint, style = f"https://s3.{region}.amazonaws.com{suffix}", "virtual"
                config = botocore_config.Config(
                    connect_timeout=self.timeout,
                    read_timeout=self.timeout,
                    retries={"total_max_attempts": 1, "mode": "standard"},
                    s3={"addressing_style": style},
                    signature_version="s3v4",
                )
                self._client = boto3.session.Session().client(
                    "s3",
                    endpoint_url=endpoint,
                    aws_access_key_id=t.access_key,
                    aws_secret_access_key=t.secret_key,
                    aws_session_token=t.sts_token or None,
                    region_name=region,
                    config=config,
                )
            return self._client

    def _translate(self, exc: Exception, bucket_call: bool, writing: bool = False) -> Exception:
        code = _error_code(exc)
        name = type(exc).__name__
        if code is not None:
            if code in _NO_BUCKET or (bucket_call and code in _NO_KEY):
                return StorageCheckError(
                    "bucket_missing",
                    f"There is no {self.target.place}.",
                    "Check the bucket name (and the region or endpoint) in the profile.",
                )
            if code in _NO_KEY:
                return _Missing()
            if code in _DENIED:
                return StorageCheckError(
                    "access_denied",
                    f"The storage refused the profile's keys for {self.target.place} ({code}).",
                    "Check the access key and secret in the profile, and that they may "
                    + ("write (put) objects" if writing else "read (list, head and get) objects")
                    + " in this bucket.",
                )
            return self._failed(f"answered {_clean(code, self.target)}")
        if "Connect" in name or "Endpoint" in name or "Timeout" in name or "Connection" in name:
            return self._unreachable(f"could not be reached ({name})")
        if isinstance(exc, OSError):
            return self._unreachable(f"could not be reached ({name})")
        return self._failed(f"failed ({name})")

    def _unreachable(self, why: str) -> StorageCheckError:
        return StorageCheckError(
            "unreachable",
            f"The storage for {self.target.place} {why}.",
            "Check the endpoint (or region) and the network, then check again.",
        )

    def _failed(self, why: str) -> StorageCheckError:
        return StorageCheckError(
            "failed",
            f"Looking into {self.target.place} {why}.",
            "Try again; if it keeps failing, check the files in the storage's own console.",
        )


class _Missing(Exception):
    """No such object (internal: ``head``/``get`` answer None)."""


def _error_code(exc: Exception) -> str | None:
    response = getattr(exc, "response", None)
    if not isinstance(response, dict):
        return None
    error = response.get("Error")
    code = error.get("Code") if isinstance(error, dict) else None
    if code:
        return str(code)
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return str(status) if status else None


def _clean(text: str, target: StorageTarget) -> str:
    return redact(text[:80], extra=(target.access_key, target.secret_key, target.sts_token or ""))
