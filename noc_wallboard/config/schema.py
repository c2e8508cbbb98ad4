"""Typed config models. Field names follow Prometheus's `http_config` where they overlap."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from noc_wallboard.domain.timeutil import parse_duration

MAX_DURATION = timedelta(days=400)


def _duration(value: object) -> timedelta:
    try:
        if isinstance(value, timedelta):
            result = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            result = timedelta(seconds=value)
        elif isinstance(value, str):
            result = parse_duration(value)
        else:
            raise ValueError("expected a duration string such as '15s', '15m' or '1h30m'")
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, ValueError) and "duration" in str(exc):
            raise
        raise ValueError(f"invalid duration {value!r}; expected e.g. '15m', '4h'") from None
    if result <= timedelta(0):
        raise ValueError("must be a positive duration")
    if result > MAX_DURATION:
        raise ValueError("must be at most 400d")
    return result


Duration = Annotated[timedelta, BeforeValidator(_duration)]


def _existing_file(value: str | None) -> str | None:
    if value is not None and not Path(value).expanduser().is_file():
        raise ValueError(f"file not found: {value}")
    return value


ExistingFile = Annotated[str | None, AfterValidator(_existing_file)]
SEVERITIES = ("critical", "major", "minor", "warning", "info", "unknown")
Sev = Literal["critical", "major", "minor", "warning", "info", "unknown"]


def _min_interval(value: timedelta) -> timedelta:
    # A sub-second poll loop would load the source and the board for nothing.
    if value < timedelta(seconds=1):
        raise ValueError("interval must be at least 1s")
    return value


class Strict(BaseModel):
    # Unknown keys are errors: a typo must not silently disable a setting.
    model_config = ConfigDict(extra="forbid", frozen=True)


class BasicAuth(Strict):
    username: str
    password: str | None = None
    password_file: str | None = None


class TlsConfig(Strict):
    ca_file: ExistingFile = None
    cert_file: ExistingFile = None
    key_file: ExistingFile = None
    insecure_skip_verify: bool = False

    @model_validator(mode="after")
    def _pair(self) -> TlsConfig:
        if (self.cert_file is None) != (self.key_file is None):
            raise ValueError("cert_file and key_file must be given together")
        return self


class HttpConfig(Strict):
    basic_auth: BasicAuth | None = None
    bearer_token: str | None = None
    bearer_token_file: str | None = None
    tls_config: TlsConfig = TlsConfig()
    proxy_url: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)

    @field_validator("proxy_url")
    @classmethod
    def _proxy(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^(https?|socks5h?)://[^/\s]+", value):
            raise ValueError("expected a proxy URL such as http://proxy.example:3128")
        return value

    @field_validator("headers")
    @classmethod
    def _ascii_headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if not (name.isascii() and text.isascii()) or "\n" in text or "\r" in text:
                raise ValueError(f"header {name!r} must be plain ASCII on one line")
        return value

    @model_validator(mode="after")
    def _one_auth(self) -> HttpConfig:
        if self.basic_auth and (self.bearer_token or self.bearer_token_file):
            raise ValueError("use either basic_auth or a bearer token, not both")
        if self.bearer_token and self.bearer_token_file:
            raise ValueError("use either bearer_token or bearer_token_file, not both")
        return self


class SourceConfig(Strict):
    name: str = Field(min_length=1)
    kind: Literal["prometheus", "alertmanager"]
    url: str
    interval: Duration | None = None
    timeout: Duration = timedelta(seconds=10)
    http: HttpConfig = HttpConfig()
    # Incident sources only.
    severity_label: str = "severity"
    severity_map: dict[str, Sev] = Field(default_factory=dict)
    title_annotation: str = "summary"

    @field_validator("interval")
    @classmethod
    def _interval(cls, value: timedelta | None) -> timedelta | None:
        return None if value is None else _min_interval(value)

    @field_validator("timeout")
    @classmethod
    def _timeout(cls, value: timedelta) -> timedelta:
        if value > timedelta(minutes=5):
            raise ValueError("timeout must be at most 5m")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("expected an http:// or https:// URL")
        return value.rstrip("/")


class PanelConfig(Strict):
    name: str = Field(min_length=1)
    source: str
    query: str = Field(min_length=1)
    tile_labels: list[str] = Field(default_factory=lambda: ["instance"])
    title: str | None = None
    unit: str | None = None
    warning: float | None = None
    critical: float | None = None
    direction: Literal["above", "below"] = "above"


class SlaTargetConfig(Strict):
    response: Duration
    resolution: Duration

    @model_validator(mode="after")
    def _order(self) -> SlaTargetConfig:
        if self.response <= timedelta(0) or self.resolution <= timedelta(0):
            raise ValueError("targets must be positive durations")
        return self


def _default_targets() -> dict[Sev, SlaTargetConfig]:
    return {
        "critical": SlaTargetConfig(response=timedelta(minutes=15), resolution=timedelta(hours=4)),
        "major": SlaTargetConfig(response=timedelta(minutes=30), resolution=timedelta(hours=8)),
        "warning": SlaTargetConfig(response=timedelta(hours=1), resolution=timedelta(hours=24)),
    }


class SlaConfig(Strict):
    at_risk: float = Field(default=0.75, gt=0, le=1)
    targets: dict[Sev, SlaTargetConfig] = Field(default_factory=_default_targets)


class ParticipantConfig(Strict):
    name: str = Field(min_length=1)
    contact: str | None = None


def _participant(value: object) -> object:
    return {"name": value} if isinstance(value, str) else value


class RotationConfig(Strict):
    line: str = Field(min_length=1)
    participants: list[Annotated[ParticipantConfig, BeforeValidator(_participant)]] = Field(
        min_length=1
    )
    shift: Duration = timedelta(hours=12)
    handoff: time = time(8, 0)
    start: date = date(2026, 1, 5)
    timezone: str = "UTC"

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; expected e.g. 'Europe/Berlin'"
            ) from None
        return value

    @field_validator("shift")
    @classmethod
    def _shift(cls, value: timedelta) -> timedelta:
        if value < timedelta(minutes=1):
            raise ValueError("shift must be at least 1m")
        if value > timedelta(days=366):
            raise ValueError("shift must be at most 366d")
        return value


class RosterConfig(Strict):
    rotations: list[RotationConfig] = Field(default_factory=list)


class BoardSection(Strict):
    title: str = "NOC Wallboard"
    interval: Duration = timedelta(seconds=15)

    @field_validator("interval")
    @classmethod
    def _interval(cls, value: timedelta) -> timedelta:
        return _min_interval(value)

    engineer: str | None = None


class BoardConfig(Strict):
    board: BoardSection = BoardSection()
    sources: list[SourceConfig] = Field(default_factory=list)
    panels: list[PanelConfig] = Field(default_factory=list)
    sla: SlaConfig = SlaConfig()
    roster: RosterConfig = RosterConfig()

    @model_validator(mode="after")
    def _references(self) -> BoardConfig:
        names = [s.name for s in self.sources]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"source names must be unique; repeated: {', '.join(dupes)}")
        panels = [p.name for p in self.panels]
        dupes = sorted({n for n in panels if panels.count(n) > 1})
        if dupes:
            raise ValueError(f"panel names must be unique; repeated: {', '.join(dupes)}")
        kinds = {s.name: s.kind for s in self.sources}
        for i, panel in enumerate(self.panels):
            if panel.source not in kinds:
                raise ValueError(
                    f"panels[{i}].source: no source named {panel.source!r} "
                    f"(known: {', '.join(names) or 'none'})"
                )
            if kinds[panel.source] != "prometheus":
                raise ValueError(f"panels[{i}].source: {panel.source!r} is not a prometheus source")
        return self
