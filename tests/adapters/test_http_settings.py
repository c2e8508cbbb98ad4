"""Prometheus-style HTTP settings against a real loopback HTTPS server: TLS CA, client
certificates, insecure_skip_verify, basic auth from a password file, extra headers."""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from noc_wallboard.adapters.http import HttpClients
from noc_wallboard.adapters.prometheus import PrometheusSource
from noc_wallboard.config.schema import SourceConfig
from noc_wallboard.domain.errors import SourceAuthError, SourceUnavailable
from tests.factories import CPU

VECTOR = {"status": "success", "data": {"resultType": "vector", "result": []}}


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pki")
    subj = "/CN=127.0.0.1"
    ext = "subjectAltName=IP:127.0.0.1"
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-keyout",
        str(d / "ca.key"),
        "-out",
        str(d / "ca.pem"),
        "-subj",
        "/CN=test-ca",
    )
    _openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        str(d / "srv.key"),
        "-out",
        str(d / "srv.csr"),
        "-subj",
        subj,
    )
    (d / "ext.cnf").write_text(ext + "\n")
    _openssl(
        "x509",
        "-req",
        "-in",
        str(d / "srv.csr"),
        "-CA",
        str(d / "ca.pem"),
        "-CAkey",
        str(d / "ca.key"),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        str(d / "ext.cnf"),
        "-out",
        str(d / "srv.pem"),
    )
    _openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        str(d / "cli.key"),
        "-out",
        str(d / "cli.csr"),
        "-subj",
        "/CN=board",
    )
    _openssl(
        "x509",
        "-req",
        "-in",
        str(d / "cli.csr"),
        "-CA",
        str(d / "ca.pem"),
        "-CAkey",
        str(d / "ca.key"),
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        str(d / "cli.pem"),
    )
    return {p.stem + p.suffix: p for p in d.iterdir()}


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, str]]
    require_auth: str | None = None

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        self.rfile.read(length)
        self.seen.append(dict(self.headers))
        if self.require_auth and self.headers.get("authorization") != self.require_auth:
            self.send_response(401)
            self.end_headers()
            return
        body = json.dumps(VECTOR).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(pki: dict[str, Path], require_client_cert: bool, require_auth: str | None):
    handler = type("H", (_Handler,), {"seen": [], "require_auth": require_auth})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pki["srv.pem"], pki["srv.key"])
    if require_client_cert:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(pki["ca.pem"])
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, handler


@pytest.fixture
def https(pki) -> Iterator:
    servers = []

    def start(require_client_cert: bool = False, require_auth: str | None = None):
        server, thread, handler = _serve(pki, require_client_cert, require_auth)
        servers.append((server, thread))
        return f"https://127.0.0.1:{server.server_address[1]}", handler

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


async def _query(url: str, http: dict) -> None:
    clients = HttpClients()
    try:
        cfg = SourceConfig.model_validate(
            {"name": "p", "kind": "prometheus", "url": url, "timeout": "5s", "http": http}
        )
        src = PrometheusSource(cfg, clients.client_for(cfg.http))
        await src.query_panels([CPU])
    finally:
        await clients.aclose()


async def test_tls_with_ca_file(https, pki):
    url, _ = https()
    await _query(url, {"tls_config": {"ca_file": str(pki["ca.pem"])}})


async def test_tls_without_the_ca_is_refused_with_a_clear_error(https):
    url, _ = https()
    with pytest.raises(SourceUnavailable, match=r"CERTIFICATE_VERIFY_FAILED|certificate"):
        await _query(url, {})


async def test_insecure_skip_verify(https):
    url, _ = https()
    await _query(url, {"tls_config": {"insecure_skip_verify": True}})


async def test_client_certificate(https, pki):
    url, _ = https(require_client_cert=True)
    tls = {
        "ca_file": str(pki["ca.pem"]),
        "cert_file": str(pki["cli.pem"]),
        "key_file": str(pki["cli.key"]),
    }
    await _query(url, {"tls_config": tls})
    with pytest.raises(SourceUnavailable):
        await _query(url, {"tls_config": {"ca_file": str(pki["ca.pem"])}})


async def test_basic_auth_from_password_file_and_extra_headers(https, pki, tmp_path):
    url, handler = https(require_auth="Basic Ym9hcmQ6czNjcmV0")  # board:s3cret
    pw = tmp_path / "pw"
    pw.write_text("s3cret\n")
    tls = {"ca_file": str(pki["ca.pem"])}
    await _query(
        url,
        {
            "tls_config": tls,
            "basic_auth": {"username": "board", "password_file": str(pw)},
            "headers": {"X-Scope-OrgID": "noc"},
        },
    )
    assert handler.seen[-1]["X-Scope-OrgID"] == "noc"
    pw.write_text("wrong\n")
    with pytest.raises(SourceAuthError):
        await _query(
            url, {"tls_config": tls, "basic_auth": {"username": "board", "password_file": str(pw)}}
        )
