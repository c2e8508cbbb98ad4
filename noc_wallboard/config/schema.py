"""Typed config models. Field names follow Prometheus's `http_config` where they overlap."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from noc_wallboard.config.ack_schema import AckSection, LedgerSection
from noc_wallboard.config.sla_schema import SlaConfig
from noc_wallboard.config.sound_schema import SoundSection
from noc_wallboard.config.types import Duration, ZoneName
from noc_wallboard.config.wall_schema import PageConfig, WallConfig, check_pages
from noc_wallboard.domain.health import (
    SPARKLINE_MAX_WINDOW,
    SPARKLINE_WIDTH,
    Direction,
    PanelKind,
    Thresholds,
)
from noc_wallboard.domain.health_panels import resolve_thresholds


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


class Authorization(Strict):
    """Prometheus's `authorization`: `Authorization: <type> <credentials>`
    (Alerta wants type "Key"; PagerDuty "Token" with credentials "token=…")."""

    type: str = Field(default="Bearer", pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")
    credentials: str | None = None
    credentials_file: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Authorization:
        if (self.credentials is None) == (self.credentials_file is None):
            raise ValueError("give exactly one of credentials and credentials_file")
        return self


class HttpConfig(Strict):
    basic_auth: BasicAuth | None = None
    authorization: Authorization | None = None
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
        kinds = [
            self.basic_auth is not None,
            self.authorization is not None,
            bool(self.bearer_token or self.bearer_token_file),
        ]
        if sum(kinds) > 1:
            raise ValueError("use one of basic_auth, authorization or a bearer token")
        if self.bearer_token and self.bearer_token_file:
            raise ValueError("use either bearer_token or bearer_token_file, not both")
        return self


class SourceConfig(Strict):
    name: str = Field(min_length=1)
    kind: Literal["prometheus", "alertmanager", "prometheus_alerts", "alerta"]
    url: str
    interval: Duration | None = None
    timeout: Duration = timedelta(seconds=10)
    http: HttpConfig = HttpConfig()
    # Incident sources only.
    severity_label: str = "severity"
    severity_map: dict[str, Sev] = Field(default_factory=dict)
    title_annotation: str = "summary"
    # Alertmanager HA: the other members of the cluster, asked too and merged.
    peers: list[str] = Field(default_factory=list)

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

    @field_validator("peers")
    @classmethod
    def _peers(cls, value: list[str]) -> list[str]:
        for peer in value:
            if not re.match(r"^https?://[^/\s]+", peer):
                raise ValueError(f"expected http:// or https:// URLs, got {peer!r}")
        return [p.rstrip("/") for p in value]


class PanelConfig(Strict):
    name: str = Field(min_length=1)
    source: str
    # `targets` and `alerts` are built-in panels that need no PromQL.
    kind: Literal["query", "targets", "alerts"] = "query"
    query: str | None = Field(default=None, min_length=1)
    tile_labels: list[str] | None = None  # default depends on kind: instance, job+instance, state
    title: str | None = None
    unit: str | None = None
    warning: float | None = None
    critical: float | None = None
    # None: the kind's built-in direction (`above` for PromQL, `below` for targets).
    direction: Literal["above", "below"] | None = None
    no_data: Literal["ok", "unknown", "critical"] = "unknown"
    no_data_expiry: Duration = timedelta(hours=1)
    max_series: int = Field(default=5000, ge=1, le=1_000_000)
    group_by: str | None = Field(default=None, min_length=1)
    sparkline: Duration | None = None
    sparkline_width: int = Field(default=SPARKLINE_WIDTH, ge=10, le=2000)
    interval: Duration | None = None

    @field_validator("interval")
    @classmethod
    def _interval(cls, value: timedelta | None) -> timedelta | None:
        return None if value is None else _min_interval(value)

    @field_validator("sparkline")
    @classmethod
    def _sparkline(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value > SPARKLINE_MAX_WINDOW:
            raise ValueError("must be at most 7d (a sparkline is a few dozen pixels wide)")
        return value

    @field_validator("warning", "critical")
    @classmethod
    def _threshold(cls, value: float | None) -> float | None:
        if value is not None and math.isnan(value):
            raise ValueError("NaN is not a threshold")
        return value

    def thresholds(self) -> Thresholds:
        direction = Direction(self.direction) if self.direction is not None else None
        return resolve_thresholds(PanelKind(self.kind), self.warning, self.critical, direction)

    @model_validator(mode="after")
    def _thresholds_in_order(self) -> PanelConfig:
        limits = self.thresholds()
        if limits.inverted:
            which = "is above" if limits.direction is Direction.ABOVE else "is below"
            key = "warning" if self.warning is not None else "critical"
            raise ValueError(
                f"{key}: warning ({limits.warning:g}) {which} critical ({limits.critical:g}) "
                f"for direction {limits.direction.value!r}: the warning could never show"
            )
        return self

    @model_validator(mode="after")
    def _query_needed(self) -> PanelConfig:
        if self.kind == "query" and self.query is None:
            raise ValueError("query: required for a PromQL panel (or set kind to targets|alerts)")
        if self.kind != "query" and self.query is not None:
            raise ValueError(f"query: a built-in {self.kind!r} panel takes no PromQL")
        if self.kind != "query" and self.sparkline is not None:
            raise ValueError(f"sparkline: not available on a built-in {self.kind!r} panel")
        return self


class ParticipantConfig(Strict):
    name: str = Field(min_length=1)
    contact: str | None = None


def _participant(value: object) -> object:
    return {"name": value} if isinstance(value, str) else value


class OverrideConfig(Strict):
    """A date range handed to one person. Dates mean the rotation's hand-off time that day."""

    start: date | datetime
    end: date | datetime
    name: str = Field(min_length=1)
    contact: str | None = None

    @model_validator(mode="after")
    def _order(self) -> OverrideConfig:
        if type(self.start) is not type(self.end):
            raise ValueError("start and end must both be dates or both be local date-times")
        if isinstance(self.start, datetime) and self.start.tzinfo is not None:
            raise ValueError("start: give a local date-time without offset (the rotation's zone)")
        if isinstance(self.end, datetime) and self.end.tzinfo is not None:
            raise ValueError("end: give a local date-time without offset (the rotation's zone)")
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


def _hours(value: str | None) -> str | None:
    # Follow-the-sun legs: the rotation covers only these local hours of each day.
    if value is None:
        return None
    m = _HOURS.match(value)
    if not m or int(m[1]) > 23 or int(m[3]) > 24 or int(m[2]) > 59 or int(m[4]) > 59:
        raise ValueError(f"expected local hours such as '08:00-16:00', got {value!r}")
    if (m[1], m[2]) == (m[3], m[4]):
        raise ValueError("hours: start and end must differ")
    return value


class RotationConfig(Strict):
    line: str = Field(min_length=1)
    participants: list[Annotated[ParticipantConfig, BeforeValidator(_participant)]] = Field(
        min_length=1
    )
    shift: Duration = timedelta(hours=12)
    handoff: time = time(8, 0)
    start: date = date(2026, 1, 5)
    timezone: ZoneName = "UTC"
    hours: Annotated[str | None, AfterValidator(_hours)] = None
    overrides: list[OverrideConfig] = Field(default_factory=list)

    @field_validator("shift")
    @classmethod
    def _shift(cls, value: timedelta) -> timedelta:
        if value < timedelta(minutes=1):
            raise ValueError("shift must be at least 1m")
        if value > timedelta(days=366):
            raise ValueError("shift must be at most 366d")
        return value


class RosterFeedConfig(Strict):
    """An iCalendar feed (file or URL) or PagerDuty's /oncalls, refreshed on an interval."""

    name: str = Field(min_length=1)
    kind: Literal["ical", "pagerduty"]
    url: str | None = None
    path: str | None = None
    interval: Duration = timedelta(minutes=5)
    timeout: Duration = timedelta(seconds=20)
    http: HttpConfig = HttpConfig()
    # iCalendar: which line and person an event means.
    line: str | None = Field(default=None, min_length=1)
    pattern: str = r"^\s*(?P<person>.+?)\s*$"
    categories: dict[str, str] = Field(default_factory=dict)
    contacts: dict[str, str] = Field(default_factory=dict)
    timezone: ZoneName = "UTC"  # for floating times when the feed has no X-WR-TIMEZONE
    # PagerDuty.
    token: str | None = None
    token_file: ExistingFile = None
    escalation_policy_ids: list[str] = Field(default_factory=list)
    schedule_ids: list[str] = Field(default_factory=list)
    levels: dict[int, str] = Field(default_factory=dict)

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        try:
            compiled = re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        if "person" not in compiled.groupindex:
            raise ValueError("the pattern needs a named group (?P<person>…)")
        return value

    @field_validator("interval")
    @classmethod
    def _interval(cls, value: timedelta) -> timedelta:
        if value < timedelta(seconds=30):
            raise ValueError("interval must be at least 30s (feeds are rate-limited)")
        return value

    @model_validator(mode="after")
    def _where(self) -> RosterFeedConfig:
        # webcal:// is how calendar apps hand out subscription links; it means https://.
        if self.url is not None and not re.match(r"^(https?|webcal)://[^/\s]+", self.url):
            raise ValueError("url: expected an http://, https:// or webcal:// URL")
        if self.kind == "ical":
            if (self.url is None) == (self.path is None):
                raise ValueError("an ical feed needs exactly one of url or path")
            if self.path is not None and not Path(self.path).expanduser().is_file():
                raise ValueError(f"path: file not found: {self.path}")
        else:
            if self.path is not None:
                raise ValueError("path: a pagerduty feed reads the API; give url or nothing")
            if (self.token is None) == (self.token_file is None):
                raise ValueError("a pagerduty feed needs exactly one of token or token_file")
        return self


class RosterConfig(Strict):
    # Lines always shown, even when no rotation or feed covers them (then: an alarm).
    lines: list[str] = Field(default_factory=list)
    rotations: list[RotationConfig] = Field(default_factory=list)
    feeds: list[RosterFeedConfig] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_feeds(self) -> RosterConfig:
        names = [f.name for f in self.feeds]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"feeds: names must be unique; repeated: {', '.join(dupes)}")
        return self


class BoardSection(Strict):
    title: str = "NOC Wallboard"
    interval: Duration = timedelta(seconds=15)
    # Past this difference between a source's clock and ours the source chip warns;
    # times are corrected for any difference above a couple of seconds.
    max_clock_skew: Duration = timedelta(seconds=30)

    @field_validator("interval")
    @classmethod
    def _interval(cls, value: timedelta) -> timedelta:
        return _min_interval(value)

    engineer: str | None = None
    # Colours: "dark" (the wall's) or "light"; `--theme` overrides.
    theme: Literal["dark", "light"] = "dark"
    # "auto": the system locale's language when supported (else English); `--lang` overrides.
    language: Literal["auto", "en", "ru"] = "auto"


class BoardConfig(Strict):
    board: BoardSection = BoardSection()
    sources: list[SourceConfig] = Field(default_factory=list)
    panels: list[PanelConfig] = Field(default_factory=list)
    sla: SlaConfig = SlaConfig()
    roster: RosterConfig = RosterConfig()
    ack: AckSection = AckSection()
    sound: SoundSection = SoundSection()
    ledger: LedgerSection = LedgerSection()
    wall: WallConfig = WallConfig()
    pages: list[PageConfig] = Field(default_factory=list)

    @model_validator(mode="after")
    def _pages(self) -> BoardConfig:
        check_pages(self.pages, [p.name for p in self.panels])
        return self

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
        clash = sorted(set(names) & {f.name for f in self.roster.feeds})
        if clash:
            raise ValueError(f"roster.feeds: names already used by sources: {', '.join(clash)}")
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
