"""Config models of the SLA section: targets, calendars, pause rules, per-client policies."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from noc_wallboard.config.types import Duration, ZoneName

Sev = Literal["critical", "major", "minor", "warning", "info", "unknown"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_NUMBERS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


# Targets are positive durations of at most 400 days, like every duration in the config.
Target = Duration


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SlaTargetConfig(_Strict):
    response: Target
    resolution: Target


def _default_targets() -> dict[Sev, SlaTargetConfig]:
    return {
        "critical": SlaTargetConfig(response=timedelta(minutes=15), resolution=timedelta(hours=4)),
        "major": SlaTargetConfig(response=timedelta(minutes=30), resolution=timedelta(hours=8)),
        "warning": SlaTargetConfig(response=timedelta(hours=1), resolution=timedelta(hours=24)),
    }


def parse_hours(text: str) -> tuple[time, time]:
    """ "09:00-17:00" → (09:00, 17:00); "22:00-24:00" ends at midnight."""
    m = _RANGE.match(text.strip())
    if not m:
        raise ValueError(f"expected a range like '09:00-17:00', got {text!r}")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError(f"invalid time in {text!r}")
    start, end = time(h1, m1), time(0, 0) if h2 == 24 else time(h2, m2)
    if end != time(0, 0) and end <= start:
        raise ValueError(f"{text!r}: the end must be after the start (split overnight ranges)")
    return start, end


def _weekdays() -> list[Day]:
    return ["mon", "tue", "wed", "thu", "fri"]


class CalendarConfig(_Strict):
    """Business hours: the same `hours` on each of `days`, in `timezone`, minus `holidays`."""

    timezone: ZoneName
    days: list[Day] = Field(default_factory=_weekdays)
    hours: list[str] = Field(default_factory=lambda: ["09:00-17:00"], min_length=1)
    holidays: list[date] = Field(default_factory=list)

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: list[str]) -> list[str]:
        ranges = sorted(parse_hours(v) for v in value)
        for (_, end), (start, _) in pairwise(ranges):
            if end == time(0, 0) or start < end:
                raise ValueError("hour ranges must not overlap")
        return value


class PauseConfig(_Strict):
    """While an incident matches, its clocks do not count (e.g. waiting for the client)."""

    labels: dict[str, str] = Field(default_factory=dict)
    statuses: list[str] = Field(default_factory=list)


class PolicyConfig(_Strict):
    name: str = Field(min_length=1)
    match: dict[str, str] = Field(default_factory=dict)
    match_re: dict[str, str] = Field(default_factory=dict)
    calendar: str | None = None  # default: the top-level sla.calendar
    at_risk: float | None = Field(default=None, gt=0, le=1)
    targets: dict[Sev, SlaTargetConfig] = Field(min_length=1)
    pause: PauseConfig | None = None

    @field_validator("match_re")
    @classmethod
    def _regexes(cls, value: dict[str, str]) -> dict[str, str]:
        for key, rx in value.items():
            try:
                re.compile(rx)
            except re.error as exc:
                raise ValueError(f"match_re.{key}: invalid regular expression: {exc}") from None
        return value


class SlaConfig(_Strict):
    at_risk: float = Field(default=0.75, gt=0, le=1)
    calendar: str = "24x7"
    targets: dict[Sev, SlaTargetConfig] = Field(default_factory=_default_targets)
    pause: PauseConfig = PauseConfig()
    calendars: dict[str, CalendarConfig] = Field(default_factory=dict)
    policies: list[PolicyConfig] = Field(default_factory=list)

    @model_validator(mode="after")
    def _calendar_names(self) -> SlaConfig:
        known = {"24x7", *self.calendars}
        if self.calendar not in known:
            raise ValueError(f"sla.calendar: no calendar named {self.calendar!r}")
        for i, policy in enumerate(self.policies):
            if policy.calendar is not None and policy.calendar not in known:
                raise ValueError(
                    f"sla.policies[{i}].calendar: no calendar named {policy.calendar!r} "
                    f"(known: {', '.join(sorted(known))})"
                )
        names = [p.name for p in self.policies]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"sla.policies: names must be unique; repeated: {', '.join(dupes)}")
        return self
