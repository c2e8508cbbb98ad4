"""Shared HTTP plumbing: clients per TLS/proxy setting, auth headers, error translation."""

from __future__ import annotations

import base64
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from noc_wallboard.adapters.jsonparse import decode_json, parse_off_thread
from noc_wallboard.config.schema import HttpConfig
from noc_wallboard.domain.errors import (
    SourceAuthError,
    SourceError,
    SourceProtocolError,
    SourceRejected,
    SourceTimeout,
    SourceUnavailable,
)

# A hostile or broken source must not exhaust memory: answers past this are refused.
MAX_BODY_BYTES = 64 * 1024 * 1024
USER_AGENT = "noc-wallboard"


def _read_secret(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SourceAuthError(f"cannot read {what} {path}: {exc.strerror}") from None


@dataclass(frozen=True)
class _ClientKey:
    source: str
    ca_file: str | None
    cert_file: str | None
    key_file: str | None
    insecure: bool
    proxy: str | None


class HttpClients:
    """One `httpx.AsyncClient` (connection pool) per source.

    DESIGN.md asks for one shared client; a shared pool, though, lets one hung source
    hold every connection and make healthy sources time out. A pool per source keeps
    each source's failures its own. Auth and headers are per request.
    """

    def __init__(self) -> None:
        self._clients: dict[_ClientKey, httpx.AsyncClient] = {}

    def client_for(self, http: HttpConfig, source: str = "") -> httpx.AsyncClient:
        tls = http.tls_config
        key = _ClientKey(
            source,
            tls.ca_file,
            tls.cert_file,
            tls.key_file,
            tls.insecure_skip_verify,
            http.proxy_url,
        )
        client = self._clients.get(key)
        if client is None:
            client = httpx.AsyncClient(
                verify=_ssl_context(key),
                proxy=key.proxy,
                headers={"User-Agent": USER_AGENT},
                limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
                follow_redirects=False,
                trust_env=False,
            )
            self._clients[key] = client
        return client

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()


def _ssl_context(key: _ClientKey) -> ssl.SSLContext | bool:
    if key.insecure and not key.cert_file:
        return False
    ctx = ssl.create_default_context(cafile=key.ca_file)
    if key.insecure:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if key.cert_file and key.key_file:
        ctx.load_cert_chain(key.cert_file, key.key_file)
    return ctx


def auth_headers(http: HttpConfig) -> dict[str, str]:
    """Per-request headers: extra headers plus auth. Secrets are read at request time
    so a rotated token file is picked up without a restart."""
    headers = dict(http.headers)
    if http.basic_auth is not None:
        password = http.basic_auth.password or ""
        if http.basic_auth.password_file:
            password = _read_secret(http.basic_auth.password_file, "password_file")
        token = base64.b64encode(f"{http.basic_auth.username}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    elif http.authorization is not None:
        auth = http.authorization
        secret = auth.credentials or ""
        if auth.credentials_file:
            secret = _read_secret(auth.credentials_file, "credentials_file")
        headers["Authorization"] = f"{auth.type} {secret}"
    elif http.bearer_token_file:
        headers["Authorization"] = "Bearer " + _read_secret(
            http.bearer_token_file, "bearer_token_file"
        )
    elif http.bearer_token:
        headers["Authorization"] = "Bearer " + http.bearer_token
    for name, value in headers.items():
        try:
            value.encode("ascii")
        except UnicodeEncodeError:
            # Never echo the value: it may be a secret.
            raise SourceAuthError(f"header {name} contains non-ASCII characters") from None
    return headers


@dataclass(frozen=True, slots=True)
class RawAnswer:
    status: int
    body: bytes
    headers: httpx.Headers
    # Our clock when the response headers arrived: compared with the server's Date.
    received_at: datetime | None = None

    @property
    def server_date(self) -> datetime | None:
        # Some stacks send Date twice (Werkzeug behind Flask): take the first.
        values = self.headers.get_list("date")
        value = values[0] if values else None
        if not value:
            return None
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return moment if moment.tzinfo is not None else None

    @property
    def clock_skew(self) -> timedelta | None:
        """Server clock minus ours. The Date header has whole seconds and is written
        before the body is sent, so expect up to about a second of noise."""
        server = self.server_date
        if server is None or self.received_at is None:
            return None
        return server - self.received_at


async def fetch(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    headers: dict[str, str],
    timeout: float,
    params: Any = None,
    data: Any = None,
    json: Any = None,
) -> RawAnswer:
    """One bounded request. Every transport failure becomes a SourceError."""
    try:
        async with client.stream(
            method,
            url,
            headers=headers,
            params=params,
            data=data,
            json=json,
            timeout=httpx.Timeout(timeout),
        ) as response:
            received = datetime.now(UTC)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                raise SourceProtocolError(f"answer of {declared} bytes exceeds the limit")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise SourceProtocolError(
                        f"answer exceeds {MAX_BODY_BYTES // (1024 * 1024)} MiB; refused"
                    )
                chunks.append(chunk)
            return RawAnswer(response.status_code, b"".join(chunks), response.headers, received)
    except SourceError:
        raise
    except httpx.TimeoutException:
        raise SourceTimeout(f"no answer from {url} within {timeout:g}s") from None
    except httpx.ConnectError as exc:
        raise SourceUnavailable(f"cannot connect to {url}: {_reason(exc)}") from None
    except httpx.HTTPError as exc:
        raise SourceUnavailable(f"{url}: {_reason(exc)}") from None
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise SourceRejected(f"cannot build a request to {url}: {_reason(exc)}") from None
    except ssl.SSLError as exc:
        raise SourceUnavailable(f"TLS error with {url}: {exc.reason or exc}") from None
    except OSError as exc:
        raise SourceUnavailable(f"{url}: {exc.strerror or exc}") from None


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]


def check_status(answer: RawAnswer, url: str) -> None:
    """Map HTTP status to the error family before any parsing."""
    if answer.status in (401, 403):
        raise SourceAuthError(f"HTTP {answer.status} from {url}: credentials refused")
    if answer.status == 404:
        raise SourceRejected(f"HTTP 404 from {url}: wrong URL or API not enabled")
    if answer.status >= 500 and answer.status != 503:
        raise SourceUnavailable(f"HTTP {answer.status} from {url}")
    if answer.status == 503:
        raise SourceUnavailable(f"HTTP 503 from {url}: not ready")


# Prometheus answers query errors as a JSON envelope with these statuses; its callers
# parse the envelope rather than take the bare status.
PROMETHEUS_JSON_ERRORS = (400, 422, 503)


async def request(
    client: httpx.AsyncClient,
    http: HttpConfig,
    method: str,
    url: str,
    *,
    timeout: float,
    params: Any = None,
    data: Any = None,
    json: Any = None,
    json_errors: tuple[int, ...] = (),
) -> RawAnswer:
    """One request with the source's auth and headers, its status mapped to the error
    family. Statuses in `json_errors` that come with a JSON body pass through for the
    caller to read the API's own error envelope."""
    answer = await fetch(
        client,
        method,
        url,
        headers=auth_headers(http),
        timeout=timeout,
        params=params,
        data=data,
        json=json,
    )
    is_json = "json" in answer.headers.get("content-type", "")
    if not (is_json and answer.status in json_errors):
        check_status(answer, url)
        if answer.status >= 400:
            raise SourceRejected(f"HTTP {answer.status} from {url}")
    return answer


async def get_json(
    client: httpx.AsyncClient,
    http: HttpConfig,
    url: str,
    *,
    timeout: float,
    params: Any = None,
    json_errors: tuple[int, ...] = (),
) -> tuple[Any, RawAnswer]:
    """GET and decode JSON (big bodies off the loop); protocol errors on anything else."""
    answer = await request(
        client, http, "GET", url, timeout=timeout, params=params, json_errors=json_errors
    )
    doc = await parse_off_thread(answer.body, lambda b: decode_json(b, url), url)
    return doc, answer


def snippet(body: bytes, limit: int = 80) -> str:
    """A short printable excerpt of a bad answer for the error message."""
    text = body[:limit].decode("utf-8", errors="replace")
    return " ".join(text.split()) or "(empty)"
