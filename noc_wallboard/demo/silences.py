"""Alertmanager silences: the model, validation of posted ones, and the mutable store.

Simulated silences (acknowledgements and maintenance windows) are computed from the schedule;
the store holds what clients posted and any change clients made to a simulated silence (an
extension or an expiry), which then takes precedence over the computed version.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from noc_wallboard.demo.formats import parse_rfc3339, rfc3339_millis
from noc_wallboard.demo.matchers import LABEL_NAME, LabelMatcher

State = Literal["pending", "active", "expired"]


class SilenceError(ValueError):
    """Rejected silence; the message is what Alertmanager would answer (as a JSON string)."""


class SilenceNotFoundError(LookupError):
    pass


@dataclass(frozen=True)
class Silence:
    id: str
    matchers: tuple[LabelMatcher, ...]
    starts_at: datetime
    ends_at: datetime
    created_by: str
    comment: str
    updated_at: datetime

    def state(self, now: datetime) -> State:
        if now < self.starts_at:
            return "pending"
        return "active" if now < self.ends_at else "expired"

    def silences(self, labels: Mapping[str, str], now: datetime) -> bool:
        return self.state(now) == "active" and all(m.matches(labels) for m in self.matchers)

    def to_json(self, now: datetime) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": {"state": self.state(now)},
            "updatedAt": rfc3339_millis(self.updated_at),
            "comment": self.comment,
            "createdBy": self.created_by,
            "endsAt": rfc3339_millis(self.ends_at),
            "matchers": [
                {"isEqual": m.is_equal, "isRegex": m.is_regex, "name": m.name, "value": m.value}
                for m in self.matchers
            ],
            "startsAt": rfc3339_millis(self.starts_at),
        }


def _field(body: Mapping[str, Any], name: str, kind: type) -> Any:
    value = body.get(name)
    if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
        raise SilenceError(f"{name} in body is required and must be of type {kind.__name__}")
    return value


def _matcher(index: int, raw: object) -> LabelMatcher:
    if not isinstance(raw, dict):
        raise SilenceError(f"invalid label matcher {index}: expected an object")
    name = _field(raw, "name", str)
    value = _field(raw, "value", str)
    is_regex = _field(raw, "isRegex", bool)
    is_equal = raw.get("isEqual", True)
    if not isinstance(is_equal, bool):
        raise SilenceError(f"invalid label matcher {index}: isEqual must be a boolean")
    if not LABEL_NAME.fullmatch(name):
        raise SilenceError(
            f"silence invalid: invalid label matcher {index}: invalid label name {name!r}"
        )
    try:
        return LabelMatcher.from_flags(name, value, is_regex, is_equal)
    except ValueError as exc:
        raise SilenceError(f"silence invalid: invalid label matcher {index}: {exc}") from None


def parse_postable(body: object, now: datetime) -> Silence:
    """Validate a POST /api/v2/silences body; the id is "" for a new silence."""
    if not isinstance(body, dict):
        raise SilenceError("parsing silence body failed: expected a JSON object")
    raw_matchers = body.get("matchers")
    if not isinstance(raw_matchers, list) or not raw_matchers:
        raise SilenceError("silence invalid: at least one matcher required")
    matchers = tuple(_matcher(i, raw) for i, raw in enumerate(raw_matchers))
    if all(m.matches_value("") for m in matchers):
        raise SilenceError("silence invalid: at least one matcher must not match the empty string")
    try:
        starts = parse_rfc3339(_field(body, "startsAt", str))
        ends = parse_rfc3339(_field(body, "endsAt", str))
    except ValueError as exc:
        raise SilenceError(f"failed to convert API silence to internal silence: {exc}") from None
    if ends <= starts:
        raise SilenceError("Failed to create silence: start time must be before end time")
    if ends < now:
        raise SilenceError("Failed to create silence: end time can't be in the past")
    silence_id = body.get("id") or ""
    if not isinstance(silence_id, str):
        raise SilenceError("id in body must be of type string")
    return Silence(
        silence_id,
        matchers,
        starts,
        ends,
        _field(body, "createdBy", str),
        _field(body, "comment", str),
        now,
    )


class SilenceStore:
    """Posted silences and client changes to simulated ones, keyed by id."""

    def __init__(self) -> None:
        self._overrides: dict[str, Silence] = {}

    def merged(self, simulated: list[Silence]) -> list[Silence]:
        result = [self._overrides.get(s.id, s) for s in simulated]
        known = {s.id for s in simulated}
        result.extend(s for sid, s in self._overrides.items() if sid not in known)
        return result

    def lookup(self, silence_id: str, simulated: list[Silence]) -> Silence | None:
        if silence_id in self._overrides:
            return self._overrides[silence_id]
        return next((s for s in simulated if s.id == silence_id), None)

    def upsert(self, posted: Silence, simulated: list[Silence], now: datetime) -> str:
        """Alertmanager's Silences.Set: update in place when allowed, else expire and create."""
        if posted.id:
            previous = self.lookup(posted.id, simulated)
            if previous is None:
                raise SilenceNotFoundError(posted.id)
            if _can_update(previous, posted, now):
                self._overrides[previous.id] = replace(posted, updated_at=now)
                return previous.id
            if previous.state(now) != "expired":
                self._expire(previous, now)
        new_id = str(uuid.uuid4())
        starts = max(posted.starts_at, now)  # a start in the past means "from now"
        self._overrides[new_id] = replace(posted, id=new_id, starts_at=starts, updated_at=now)
        return new_id

    def expire(self, silence_id: str, simulated: list[Silence], now: datetime) -> None:
        silence = self.lookup(silence_id, simulated)
        if silence is None:
            raise SilenceNotFoundError(silence_id)
        if silence.state(now) == "expired":
            raise SilenceError(f"silence {silence_id} already expired")
        self._expire(silence, now)

    def _expire(self, silence: Silence, now: datetime) -> None:
        if silence.state(now) == "pending":
            # A pending silence never took effect: Alertmanager collapses it to zero length.
            self._overrides[silence.id] = replace(
                silence, starts_at=now, ends_at=now, updated_at=now
            )
        else:
            self._overrides[silence.id] = replace(silence, ends_at=now, updated_at=now)


def _can_update(previous: Silence, posted: Silence, now: datetime) -> bool:
    if previous.matchers != posted.matchers:
        return False
    state = previous.state(now)
    if state == "expired":
        return False
    if state == "active":
        # An active silence may only be extended or shortened, not moved.
        return posted.starts_at == previous.starts_at and posted.ends_at >= now
    return posted.starts_at >= now
