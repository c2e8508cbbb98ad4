"""Fixtures for tests against real Prometheus 2.42 and Alertmanager 0.25 on loopback ports.

Servers are module-scoped where tests can share them (startup is cheap but adds up) and
function-scoped through the `start_*` factories where a test needs a clean server.
Every process is stopped by its pid at teardown.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Helper modules live beside this file. Put the folder on sys.path explicitly so they import the
# same way under pytest's "prepend" and "importlib" import modes (tests/ has no __init__.py).
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from it_exporter import Exporter  # noqa: E402
from it_servers import (  # noqa: E402
    ServerProcess,
    free_port,
)
from it_servers import start_alertmanager as launch_alertmanager  # noqa: E402
from it_servers import start_prometheus as launch_prometheus  # noqa: E402

StartPrometheus = Callable[..., ServerProcess]
StartAlertmanager = Callable[[], ServerProcess]


class _Launcher:
    """Starts servers into numbered work dirs and stops all of them (by pid) at teardown."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.servers: list[ServerProcess] = []

    def _dir(self, name: str) -> Path:
        return self.base / f"{name}-{len(self.servers)}"

    def prometheus(
        self,
        exporter: Exporter,
        *,
        rules: str | None = None,
        alertmanager_url: str | None = None,
        extra_targets: tuple[str, ...] = (),
    ) -> ServerProcess:
        server = launch_prometheus(
            self._dir("prometheus"),
            [exporter.address, *extra_targets],
            rules=rules,
            alertmanager_url=alertmanager_url,
        )
        self.servers.append(server)
        return server

    def alertmanager(self) -> ServerProcess:
        server = launch_alertmanager(self._dir("alertmanager"))
        self.servers.append(server)
        return server

    def stop_all(self) -> None:
        for server in reversed(self.servers):
            server.stop()


@pytest.fixture(scope="module")
def _module_launcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Launcher]:
    launcher = _Launcher(tmp_path_factory.mktemp("servers"))
    yield launcher
    launcher.stop_all()


@pytest.fixture
def _launcher(tmp_path: Path) -> Iterator[_Launcher]:
    launcher = _Launcher(tmp_path / "servers")
    yield launcher
    launcher.stop_all()


@pytest.fixture(scope="module")
def exporter() -> Iterator[Exporter]:
    """The test-controlled exporter for this module (set/remove/fail change it live)."""
    server = Exporter().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def down_target() -> str:
    """host:port of a closed port, scraped by `prometheus` so one `up` series is 0."""
    return f"127.0.0.1:{free_port()}"


@pytest.fixture(scope="module")
def alertmanager(_module_launcher: _Launcher) -> ServerProcess:
    """An Alertmanager shared by the module's tests (use distinct labels per test)."""
    return _module_launcher.alertmanager()


@pytest.fixture(scope="module")
def prometheus(_module_launcher: _Launcher, exporter: Exporter, down_target: str) -> ServerProcess:
    """A Prometheus shared by the module: scrapes `exporter` and `down_target` (job "exporter"),
    no rules, no alerting."""
    return _module_launcher.prometheus(exporter, extra_targets=(down_target,))


@pytest.fixture
def start_alertmanager(_launcher: _Launcher) -> StartAlertmanager:
    """Factory: a clean Alertmanager for one test (stopped after it)."""
    return _launcher.alertmanager


@pytest.fixture
def start_prometheus(_launcher: _Launcher, exporter: Exporter) -> StartPrometheus:
    """Factory `(rules=None, alertmanager_url=None, extra_targets=())`: a Prometheus for one
    test, scraping the module's exporter, with optional rule text and an Alertmanager to notify."""

    def start(
        rules: str | None = None,
        alertmanager_url: str | None = None,
        extra_targets: tuple[str, ...] = (),
    ) -> ServerProcess:
        return _launcher.prometheus(
            exporter, rules=rules, alertmanager_url=alertmanager_url, extra_targets=extra_targets
        )

    return start


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """Per-test XDG home for the CLI child process (ledger, logs, caches stay in tmp_path)."""
    path = tmp_path / "home"
    path.mkdir()
    return path
