"""Run the real command line (`python -m noc_wallboard …`) and build its TOML configs."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CLI_TIMEOUT_S = 60.0
SEVERITIES = ("critical", "major", "minor", "warning", "info", "unknown")

# SLA targets and a roster shared by most test configs (the contract's example config).
SLA_AND_ROSTER = """
[sla]
at_risk = 0.75
[sla.targets.critical]
response = "15m"
resolution = "4h"
[sla.targets.warning]
response = "1h"
resolution = "24h"

[[roster.rotations]]
line = "L1"
timezone = "UTC"
shift = "12h"
handoff = "08:00"
start = 2026-01-05
participants = ["Anna", "Ben"]
"""


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def _table(header: str, entries: dict[str, Any]) -> str:
    lines = [header]
    nested: list[str] = []
    for key, value in entries.items():
        if isinstance(value, dict):
            # Sub-tables (e.g. sources.severity_map) must follow the plain keys of their parent.
            nested.append(_table(f"[{header.strip('[]')}.{key}]", value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join([*lines, *nested])


def write_config(
    path: Path,
    *,
    sources: Sequence[dict[str, Any]] = (),
    panels: Sequence[dict[str, Any]] = (),
    title: str = "Integration",
    extra: str = SLA_AND_ROSTER,
) -> Path:
    """Write a board config: `[board]`, one `[[sources]]`/`[[panels]]` table per dict, `extra`."""
    parts = [_table("[board]", {"title": title, "interval": "5s"})]
    parts += [_table("[[sources]]", source) for source in sources]
    parts += [_table("[[panels]]", panel) for panel in panels]
    parts.append(extra)
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def prometheus_source(name: str, url: str) -> dict[str, Any]:
    return {"name": name, "kind": "prometheus", "url": url, "timeout": "5s"}


def alertmanager_source(
    name: str, url: str, severity_map: dict[str, str] | None = None
) -> dict[str, Any]:
    source: dict[str, Any] = {
        "name": name,
        "kind": "alertmanager",
        "url": url,
        "timeout": "5s",
        "severity_label": "severity",
    }
    if severity_map:
        source["severity_map"] = severity_map
    return source


def cli_env(home: Path) -> dict[str, str]:
    """Environment for the child: repo importable, offscreen Qt, user dirs inside tmp_path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["QT_QPA_PLATFORM"] = "offscreen"
    # The app may write a ledger, logs or caches through platformdirs: keep them out of $HOME.
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    # A developer proxy must not swallow loopback traffic; wide columns keep tables on one line.
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["COLUMNS"] = "200"
    env["PYTHONWARNINGS"] = "default"
    return env


def run_cli(
    *args: str, home: Path, timeout: float = CLI_TIMEOUT_S
) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "noc_wallboard", *args]
    try:
        return subprocess.run(
            argv,
            cwd=REPO,
            env=cli_env(home),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            f"{' '.join(argv)} did not finish within {timeout:.0f}s\n"
            f"stdout: {exc.stdout!r}\nstderr: {exc.stderr!r}",
            pytrace=False,
        )


def describe(result: subprocess.CompletedProcess[str]) -> str:
    return (
        f"exit={result.returncode}\n--- stdout ---\n{result.stdout[-4000:]}"
        f"\n--- stderr ---\n{result.stderr[-4000:]}"
    )


def snapshot(config: Path, home: Path) -> dict[str, Any]:
    """`snapshot --format json`: must exit 0 and print one JSON document."""
    result = run_cli("snapshot", "--config", str(config), "--format", "json", home=home)
    assert result.returncode == 0, describe(result)
    assert "Traceback" not in result.stderr, describe(result)
    try:
        data: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"snapshot stdout is not JSON ({exc})\n{describe(result)}") from None
    return data


def parse_time(text: str) -> datetime:
    """RFC 3339 UTC with `Z`, as the contract requires."""
    assert isinstance(text, str) and text.endswith("Z"), f"not an RFC 3339 UTC time: {text!r}"
    moment = datetime.fromisoformat(text)
    assert moment.utcoffset() is not None
    return moment.astimezone(UTC)


def source_status(snap: dict[str, Any], name: str) -> dict[str, Any]:
    matches = [s for s in snap["sources"] if s["name"] == name]
    assert len(matches) == 1, f"source {name!r} in {snap['sources']}"
    return matches[0]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (signature, length, 'IHDR', width, height)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG: {head[:8]!r}"
    assert head[12:16] == b"IHDR", f"{path}: first chunk is {head[12:16]!r}, not IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return width, height
