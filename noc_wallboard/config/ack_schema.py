"""`[ack]` (one-click acknowledgement) and `[ledger]` (the board's own history)."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from noc_wallboard.config.types import Duration

Sev = Literal["critical", "major", "minor", "warning", "info", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AckSection(_Strict):
    # How long an Alertmanager ACK silence (or an Alerta ack timeout) lasts, per severity.
    # While the alert still fires, a board renews the silence before it lapses.
    duration: Duration = timedelta(hours=1)
    durations: dict[Sev, Duration] = Field(default_factory=dict)
    # Renew an ACK silence when less than this is left (must be shorter than the duration).
    renew_before: Duration = timedelta(minutes=20)
    # Touch screens on a wall may ack; plain walls never show the control.
    wall: bool = False

    def duration_for(self, severity: str) -> timedelta:
        found: timedelta | None = dict(self.durations).get(severity)  # type: ignore[call-overload]
        return found if found is not None else self.duration

    @model_validator(mode="after")
    def _renew_inside(self) -> AckSection:
        shortest = min([self.duration, *self.durations.values()])
        if self.renew_before >= shortest:
            raise ValueError(
                f"renew_before ({self.renew_before}) must be shorter than the shortest "
                f"ack duration ({shortest}), or silences would be renewed on every poll"
            )
        if shortest < timedelta(minutes=2):
            raise ValueError("ack durations must be at least 2m")
        return self


class LedgerSection(_Strict):
    # SQLAlchemy URL: `postgresql://user@host/db` to share one history between screens;
    # empty: a SQLite file in the user data dir. `${ENV}` expands, so passwords stay out.
    url: str | None = None
    path: str | None = None  # a SQLite file at this path instead of the default
    retention: Duration = timedelta(days=400)
    # A board (desk or wall) records the history it observes. `false` on screens when a
    # `noc-wallboard record` service keeps the history instead (recording twice is harmless).
    record: bool = True

    @field_validator("retention")
    @classmethod
    def _retention(cls, value: timedelta) -> timedelta:
        # The monthly SLA report compares a month with the one before: both must still
        # be in the ledger when it is made, up to the end of the month after.
        if value < timedelta(days=62):
            raise ValueError(
                "retention must be at least 62d: the monthly SLA report reads the month "
                "and the one before it"
            )
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql", "sqlite")):
            raise ValueError("expected a postgresql://… or sqlite:///… URL")
        return value

    @model_validator(mode="after")
    def _one(self) -> LedgerSection:
        if self.url is not None and self.path is not None:
            raise ValueError("give url or path, not both")
        return self
