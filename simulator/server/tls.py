"""HTTPS for `callsim serve --https`: a local certificate authority made once, and a leaf for localhost it signs."""

from __future__ import annotations

import datetime
import ipaddress
import os
import ssl
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from simulator.errors import CallsimError

CA_NAME = "callsim local development CA"
LEAF_DNS = ("localhost",)
LEAF_IPS = ("127.0.0.1", "::1")
CA_DAYS = 3650
LEAF_DAYS = 397  # browsers refuse leaves valid for more than 398 days
RENEW_BEFORE = datetime.timedelta(days=7)


@dataclass(frozen=True)
class TlsFiles:
    """The PEM files of the local CA and the leaf the server presents."""

    folder: Path

    @property
    def ca_cert(self) -> Path:
        return self.folder / "callsim-ca.pem"

    @property
    def ca_key(self) -> Path:
        return self.folder / "callsim-ca-key.pem"

    @property
    def leaf_cert(self) -> Path:
        return self.folder / "localhost.pem"

    @property
    def leaf_key(self) -> Path:
        return self.folder / "localhost-key.pem"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _write_private(path: Path, data: bytes) -> None:
    """Write a key readable by its owner only (the CA key can sign certificates this machine may trust)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    pem, pkcs8 = serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8
    return key.private_bytes(pem, pkcs8, serialization.NoEncryption())


def _make_ca(files: TlsFiles) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "callsim")]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # keyCertSign + cRLSign only
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(files.ca_key, _key_pem(key))
    files.ca_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _make_leaf(files: TlsFiles) -> None:
    ca_key = serialization.load_pem_private_key(files.ca_key.read_bytes(), password=None)
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise CallsimError(f"{files.ca_key}: not the EC key callsim made; delete {files.folder} to start over")
    ca_cert = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    names: list[x509.GeneralName] = [x509.DNSName(name) for name in LEAF_DNS]
    names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in LEAF_IPS]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(min(now + datetime.timedelta(days=LEAF_DAYS), ca_cert.not_valid_after_utc))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_private(files.leaf_key, _key_pem(key))
    chain = cert.public_bytes(serialization.Encoding.PEM) + files.ca_cert.read_bytes()
    files.leaf_cert.write_bytes(chain)


def _still_good(path: Path) -> bool:
    try:
        cert = x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError):
        return False
    return cert.not_valid_after_utc - RENEW_BEFORE > _now()


def ensure_certificates(folder: Path) -> tuple[TlsFiles, list[str]]:
    """The CA (made once) and a current leaf in `folder`, and notes on what was made now."""
    files = TlsFiles(folder)
    notes = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not (files.ca_key.is_file() and _still_good(files.ca_cert)):
            _make_ca(files)
            notes.append(f"made a local certificate authority: {files.ca_cert}")
            files.leaf_cert.unlink(missing_ok=True)  # signed by the old CA, if any
        if not (files.leaf_key.is_file() and _still_good(files.leaf_cert)):
            _make_leaf(files)
            notes.append(f"made a certificate for {', '.join(LEAF_DNS + LEAF_IPS)}, signed by it")
    except OSError as error:
        raise CallsimError(f"cannot write the HTTPS certificates in {folder}: {error.strerror or error}") from None
    return files, notes


def server_context(files: TlsFiles) -> ssl.SSLContext:
    """An SSL context that presents the leaf (and the CA, as its chain)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(files.leaf_cert, files.leaf_key)
    except (OSError, ssl.SSLError) as error:
        raise CallsimError(f"cannot load {files.leaf_cert}: {error}; delete {files.folder} to make new ones") from None
    return context


def trust_instructions(ca: Path, platform: str | None = None) -> list[str]:
    """How to make browsers trust the CA, for this platform first."""
    platform = platform or sys.platform
    debian = f"sudo cp {ca} /usr/local/share/ca-certificates/callsim-ca.crt && sudo update-ca-certificates"
    mac = f"sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain {ca}"
    windows = f"certutil -user -addstore Root {ca}"
    chrome = (
        "Chrome/Chromium (Linux) read their own store: certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n callsim -i "
        f"{ca}; or, for a throwaway profile, start it with --ignore-certificate-errors"
    )
    firefox = "Firefox: Settings → Privacy & Security → Certificates → View Certificates → Authorities → Import"
    if platform == "darwin":
        return [f"macOS keychain: {mac}", chrome, firefox]
    if platform == "win32":
        return [f"Windows: {windows}", chrome, firefox]
    return [f"Debian/Ubuntu: {debian}", f"macOS keychain: {mac}", chrome, firefox]
