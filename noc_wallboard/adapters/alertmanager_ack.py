"""Acknowledgement on Alertmanager: a silence of exactly one alert.

The silence is made of the alert's own labels (every one, equality matchers), so it
silences that alert and nothing else — never chosen by display text. Its comment begins
`ACK` (karma's convention) and carries the request id, which is how a resend after a
crash recognises the silence its first attempt made.

Rule for renewal: while the alert still fires, a board renews an ACK silence of ours
(same id, same matchers, same start) before it lapses; once the alert has resolved the
silence is left to expire by itself, so a recurrence later is a new, unacknowledged alert.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from noc_wallboard.domain.ack import (
    ACK_MARK,
    AckRefused,
    AckRequest,
    ack_comment,
    request_marker,
)
from noc_wallboard.domain.errors import SourceProtocolError
from noc_wallboard.domain.timeutil import parse_rfc3339

LIVE_STATES = ("active", "pending")


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def silence_matchers(labels: Mapping[str, str]) -> list[dict[str, Any]]:
    return [
        {"name": name, "value": value, "isRegex": False, "isEqual": True}
        for name, value in sorted(labels.items())
    ]


def silence_body(
    request: AckRequest, now: datetime, duration: timedelta, comment: str | None = None
) -> dict[str, Any]:
    if not request.labels:
        raise AckRefused("the alert's labels are unknown: cannot build a silence for it")
    return {
        "matchers": silence_matchers(request.labels),
        "startsAt": rfc3339(now),
        "endsAt": rfc3339(now + duration),
        "createdBy": request.actor,
        "comment": comment or ack_comment(request.actor, request.comment, request.id),
    }


@dataclass(frozen=True, slots=True)
class Silence:
    id: str
    state: str
    comment: str
    created_by: str
    starts_at: str
    ends_at: datetime
    matchers: tuple[Mapping[str, Any], ...]

    @property
    def live(self) -> bool:
        return self.state in LIVE_STATES

    @property
    def is_ack(self) -> bool:
        return self.comment.strip().upper().startswith("ACK")

    @property
    def ours(self) -> bool:
        return f"[{ACK_MARK} " in self.comment

    def matches(self, labels: Mapping[str, str]) -> bool:
        """Alertmanager's own matching: every matcher must hold for the alert's labels."""
        if not self.matchers:
            return False
        for m in self.matchers:
            value = labels.get(str(m.get("name")), "")
            wanted = str(m.get("value", ""))
            if m.get("isRegex"):
                try:
                    hit = re.fullmatch(wanted, value) is not None
                except re.error:
                    return False
            else:
                hit = value == wanted
            if hit != bool(m.get("isEqual", True)):
                return False
        return True

    def exact(self, labels: Mapping[str, str]) -> bool:
        """One equality matcher per label of the alert, nothing else: made for it alone."""
        wanted = {(k, v) for k, v in labels.items()}
        have = {
            (str(m.get("name")), str(m.get("value")))
            for m in self.matchers
            if not m.get("isRegex") and m.get("isEqual", True)
        }
        return len(have) == len(self.matchers) and have == wanted

    def started(self) -> datetime:
        try:
            return parse_rfc3339(self.starts_at)
        except ValueError:
            return self.ends_at

    def repost(self, ends_at: datetime, comment: str | None = None) -> dict[str, Any]:
        """The same silence with a new end (and comment): Alertmanager updates it in place
        when id, matchers and an active silence's start are unchanged."""
        return {
            "id": self.id,
            "matchers": [dict(m) for m in self.matchers],
            "startsAt": self.starts_at,
            "endsAt": rfc3339(ends_at),
            "createdBy": self.created_by,
            "comment": comment if comment is not None else self.comment,
        }


def parse_silence_list(doc: Any) -> list[Silence]:
    if not isinstance(doc, list):
        raise SourceProtocolError("silences answer is not a list")
    out: list[Silence] = []
    for item in doc:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        status = item.get("status")
        matchers = item.get("matchers")
        try:
            ends = parse_rfc3339(str(item.get("endsAt")))
        except ValueError:
            continue
        out.append(
            Silence(
                id=item["id"],
                state=str(status.get("state")) if isinstance(status, dict) else "",
                comment=str(item.get("comment") or ""),
                created_by=str(item.get("createdBy") or ""),
                starts_at=str(item.get("startsAt") or ""),
                ends_at=ends,
                matchers=tuple(m for m in matchers if isinstance(m, dict))
                if isinstance(matchers, list)
                else (),
            )
        )
    return out


def earlier_attempt(silences: Sequence[Silence], request_id: str) -> Silence | None:
    marker = request_marker(request_id)
    return next((s for s in silences if s.live and marker in s.comment), None)


def ack_silences_of(silences: Sequence[Silence], labels: Mapping[str, str]) -> list[Silence]:
    return [s for s in silences if s.live and s.is_ack and s.matches(labels)]


def _quoted(value: str) -> str:
    """A matcher value as Alertmanager 0.25's parser reads it: only backslash, quote and
    newline are escapes (a JSON `\\uXXXX` would be taken literally)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def alert_filter(labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """`filter` params narrowing the alerts answer to this alert's name (quoted, escaped)."""
    name = labels.get("alertname")
    if name is None:
        return []
    return [("filter", f"alertname={_quoted(name)}")]


def alert_is_firing(doc: Any, fingerprint: str) -> bool:
    if not isinstance(doc, list):
        raise SourceProtocolError("alerts answer is not a list")
    return any(isinstance(a, dict) and a.get("fingerprint") == fingerprint for a in doc)


def silence_id_of(doc: Any) -> str:
    if isinstance(doc, dict) and isinstance(doc.get("silenceID"), str):
        return str(doc["silenceID"])
    raise SourceProtocolError("silence answer without a silenceID")


def refusal_text(body: bytes) -> str:
    """Alertmanager answers a 400 with a bare JSON string."""
    try:
        doc = json.loads(body)
    except ValueError:
        doc = body.decode("utf-8", errors="replace")
    if isinstance(doc, dict):
        doc = doc.get("message") or doc.get("error") or doc
    return " ".join(str(doc).split())[:300]


def renewals(
    silences: Sequence[Silence],
    firing: Mapping[str, str],
    now: datetime,
    durations: Callable[[str], timedelta],
    renew_before: timedelta,
) -> list[dict[str, Any]]:
    """Bodies that renew our ACK silences still silencing a firing alert and close to
    their end. `firing` maps silence id → board severity of the alert it silences."""
    bodies = []
    for s in silences:
        if s.state != "active" or not (s.is_ack and s.ours) or s.id not in firing:
            continue
        if s.ends_at - now >= renew_before:
            continue
        bodies.append(s.repost(now + durations(firing[s.id])))
    return bodies
