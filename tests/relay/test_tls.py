"""--tls-cert/--tls-key: the relay speaks HTTPS itself (a self-signed cert made here)."""

from __future__ import annotations

import datetime
import ipaddress
import shutil
import ssl
import subprocess
from pathlib import Path

import httpx
import pytest

from recorder_gui.relay import RelayServer, RelayServerError
from tests.relay.helpers import SECRET, TOKEN, events, notification, post


def _with_cryptography(cert: Path, key: Path) -> bool:
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        return False
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return True


def _with_openssl(cert: Path, key: Path) -> bool:
    if shutil.which("openssl") is None:
        return False
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
        + [
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return True


@pytest.fixture
def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    if not (_with_cryptography(cert, key) or _with_openssl(cert, key)):
        pytest.skip("neither the cryptography package nor openssl is here to make a certificate")
    return cert, key


def test_serves_https_with_the_given_certificate(
    self_signed: tuple[Path, Path], tmp_path: Path
) -> None:
    cert, key = self_signed
    trust = ssl.create_default_context(cafile=str(cert))
    with RelayServer(
        ncs_secret=SECRET,
        read_token=TOKEN,
        db=tmp_path / "r.sqlite3",
        tls_certfile=cert,
        tls_keyfile=key,
    ) as relay:
        assert relay.url.startswith("https://127.0.0.1:")
        with httpx.Client(base_url=relay.url, verify=trust) as client:
            assert client.get("/healthz").json()["ok"] is True
            assert post(client, notification()).status_code == 200
            assert len(events(client)) == 1
        with pytest.raises(httpx.HTTPError):  # plain HTTP on the TLS port gets nowhere
            httpx.get(relay.url.replace("https://", "http://") + "/healthz", timeout=5)


def test_tls_needs_both_files(self_signed: tuple[Path, Path], tmp_path: Path) -> None:
    cert, _ = self_signed
    with pytest.raises(RelayServerError, match="both"):
        RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=tmp_path / "r", tls_certfile=cert)


def test_a_key_that_does_not_match_fails_to_start(
    self_signed: tuple[Path, Path], tmp_path: Path
) -> None:
    cert, _ = self_signed
    wrong = tmp_path / "wrong.pem"
    wrong.write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    server = RelayServer(
        ncs_secret=SECRET, read_token=TOKEN, db=tmp_path / "r", tls_certfile=cert, tls_keyfile=wrong
    )
    with pytest.raises(RelayServerError, match="failed to start"):
        server.start()
