"""HTTPS: the local CA is made once, its leaf covers localhost and 127.0.0.1, a client trusting the CA connects, and
the doctor names an untrusted certificate."""

from __future__ import annotations

import ipaddress
import ssl
from pathlib import Path

import aiohttp
from aiohttp import web
from cryptography import x509

from simulator.server.page.doctor import diagnose
from simulator.server.tls import ensure_certificates, server_context, trust_instructions


def test_the_ca_is_made_once_and_the_leaf_is_signed_by_it(tmp_path: Path) -> None:
    files, notes = ensure_certificates(tmp_path / "tls")
    assert len(notes) == 2 and str(files.ca_cert) in notes[0]
    ca_bytes = files.ca_cert.read_bytes()
    again, notes_again = ensure_certificates(tmp_path / "tls")
    assert notes_again == [] and again.ca_cert.read_bytes() == ca_bytes
    assert files.ca_key.stat().st_mode & 0o077 == 0  # the CA key is the owner's only
    ca = x509.load_pem_x509_certificate(ca_bytes)
    leaf = x509.load_pem_x509_certificate(files.leaf_cert.read_bytes())
    leaf.verify_directly_issued_by(ca)
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert ipaddress.ip_address("127.0.0.1") in names.get_values_for_type(x509.IPAddress)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_an_expired_leaf_is_renewed_with_the_same_ca(tmp_path: Path) -> None:
    files, _ = ensure_certificates(tmp_path)
    ca_bytes = files.ca_cert.read_bytes()
    files.leaf_cert.write_text("not a certificate")
    _, notes = ensure_certificates(tmp_path)
    assert len(notes) == 1 and "localhost" in notes[0]
    assert files.ca_cert.read_bytes() == ca_bytes
    leaf = x509.load_pem_x509_certificate(files.leaf_cert.read_bytes())
    leaf.verify_directly_issued_by(x509.load_pem_x509_certificate(ca_bytes))


def test_trust_instructions_name_each_platforms_store(tmp_path: Path) -> None:
    ca = tmp_path / "callsim-ca.pem"
    linux = "\n".join(trust_instructions(ca, "linux"))
    assert "/usr/local/share/ca-certificates" in linux and "update-ca-certificates" in linux and str(ca) in linux
    assert "security add-trusted-cert" in trust_instructions(ca, "darwin")[0]
    assert any("Chrome" in line for line in trust_instructions(ca, "darwin"))


async def _https_site(tmp_path: Path, body: str) -> tuple[web.AppRunner, int, Path]:
    files, _ = ensure_certificates(tmp_path)
    app = web.Application()

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=body, content_type="text/html")

    app.router.add_get("/", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context(files))
    await site.start()
    port = runner.addresses[0][1]
    return runner, port, files.ca_cert


async def test_a_client_that_trusts_the_ca_connects_to_localhost_and_127_0_0_1(tmp_path: Path) -> None:
    runner, port, ca = await _https_site(tmp_path, "hello over TLS")
    try:
        trusting = ssl.create_default_context(cafile=str(ca))
        async with aiohttp.ClientSession() as client:
            for host in ("127.0.0.1", "localhost"):
                async with client.get(f"https://{host}:{port}/", ssl=trusting) as response:
                    assert await response.text() == "hello over TLS"
    finally:
        await runner.cleanup()


async def test_the_doctor_names_an_untrusted_certificate_and_how_to_accept_it(tmp_path: Path) -> None:
    runner, port, _ = await _https_site(tmp_path, "<script src='/sdk.js'></script>")
    try:
        findings = await diagnose(f"https://127.0.0.1:{port}/", "http://127.0.0.1:8500")
    finally:
        await runner.cleanup()
    assert [f.code for f in findings] == ["certificate"]
    assert findings[0].severity == "error"
    assert "certificate" in findings[0].title.lower()
    assert findings[0].fix is not None and "accept the warning" in findings[0].fix
    assert f"https://127.0.0.1:{port}" in findings[0].detail
