"""When incidents happen: a deterministic schedule of alerts, acknowledgements and resolutions.

The schedule is built from independent *slots*. Each slot repeats a cycle of fixed length; what
happens inside cycle k depends only on (seed, slot, k), so the incidents active at any moment are
computed directly. Four *steady* slots (one per client) always hold exactly one firing incident,
eleven *random* slots hold at most one each: so 4–15 alerts fire at any time, never fewer, never
more. A few random slots play a fixed opening script around the start, so the board looks
lived-in the moment the demo starts (SLA clocks fresh, at risk and breached).
"""

from __future__ import annotations

import hashlib
import math
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from noc_wallboard.demo.rules import (
    DISK_FULL,
    HIGH_CPU,
    HIGH_LATENCY,
    HOST_DOWN,
    RANDOM_RULES,
    STEADY_RULES_FIRST,
    STEADY_RULES_SECOND,
    Rule,
)
from noc_wallboard.demo.topology import CLIENT_SPECS, Host

STEADY_SLOTS = len(CLIENT_SPECS)
RANDOM_SLOTS = 11
ODD_SEVERITY = "P3"  # outside every severity map: the board must show it as unknown
_MIN_FIRING = 240.0
_ACK_COMMENTS = (
    "investigating",
    "on it",
    "checking with the client",
    "known issue, vendor ticket opened",
    "looking into it, update in 30 min",
    "escalated to L2",
)
_ACK_LENGTHS = (1800.0, 3600.0, 3600.0, 7200.0)
MAX_ACK_LENGTH = max(_ACK_LENGTHS)


@dataclass(frozen=True)
class Ack:
    """An acknowledgement: an Alertmanager silence on exactly the alert's labels."""

    silence_id: str
    at: float
    until: float
    by: str
    comment: str


@dataclass(frozen=True)
class Incident:
    key: str
    rule: Rule
    severity: str | None
    host: Host
    fires_at: float  # elapsed seconds; `pending` from fires_at - rule.for_seconds
    resolves_at: float
    level: float
    ack: Ack | None

    @property
    def alertname(self) -> str:
        return self.rule.alertname

    @property
    def active_at(self) -> float:
        return self.fires_at - self.rule.for_seconds

    @cached_property
    def labels(self) -> dict[str, str]:
        labels = {"alertname": self.alertname, **self.host.labels()}
        if self.severity is not None:
            labels["severity"] = self.severity
        return dict(sorted(labels.items()))

    def is_active(self, t: float) -> bool:
        """Pending or firing (what Prometheus lists)."""
        return self.active_at <= t < self.resolves_at

    def is_firing(self, t: float) -> bool:
        """Sent to Alertmanager."""
        return self.fires_at <= t < self.resolves_at


@dataclass(frozen=True)
class _Script:
    rule: Rule
    severity: str | None
    host: str
    fires_at: float
    resolves_at: float
    ack_after: float | None = None


_M = 60.0
# The opening act, relative to the start: a breached critical, one at risk, the same alert on two
# instances, an acknowledged one, a critical acked in time, an odd severity and a missing one.
OPENING: tuple[_Script, ...] = (
    _Script(HOST_DOWN, "critical", "acme-db-02", -20 * _M, 25 * _M),
    _Script(DISK_FULL, "critical", "globex-db-01", -12 * _M, 50 * _M),
    _Script(HIGH_CPU, "warning", "initech-web-01", -45 * _M, 40 * _M, ack_after=7 * _M),
    _Script(HIGH_CPU, "warning", "initech-web-02", -4 * _M, 30 * _M),
    _Script(HIGH_LATENCY, ODD_SEVERITY, "umbrella-api-01", -90 * _M, 60 * _M),
    _Script(HIGH_LATENCY, "critical", "acme-lb-01", -30 * _M, 20 * _M, ack_after=6 * _M),
    _Script(DISK_FULL, None, "umbrella-db-01", -50 * _M, 15 * _M),
)


@dataclass(frozen=True)
class _Slot:
    index: int
    period: float
    offset: float  # cycle k spans [offset + k*period, offset + (k+1)*period)
    client: str | None  # steady slots stay on one client's hosts
    script: _Script | None


class IncidentSchedule:
    def __init__(self, seed: int, hosts: Sequence[Host], engineers: Sequence[str]) -> None:
        self._seed = seed
        self._hosts = tuple(hosts)
        self._by_name = {h.name: h for h in self._hosts}
        self._engineers = tuple(engineers)
        self._cache: dict[tuple[int, int], tuple[Incident, ...]] = {}
        rng = random.Random(f"{seed}:slots")
        slots: list[_Slot] = []
        for i, spec in enumerate(CLIENT_SPECS):
            period = rng.uniform(50 * _M, 150 * _M)
            slots.append(_Slot(i, period, -rng.uniform(0, period), spec.name, None))
        for j in range(RANDOM_SLOTS):
            period = rng.uniform(40 * _M, 120 * _M)
            script = OPENING[j] if j < len(OPENING) else None
            if script is None:
                offset = -rng.uniform(0, period)
            else:
                # Anchor cycle 0 so that the scripted incident sits wholly inside it.
                offset = script.fires_at - script.rule.for_seconds - 2 * _M
                period = max(period, script.resolves_at - offset + 5 * _M)
            slots.append(_Slot(STEADY_SLOTS + j, period, offset, None, script))
        self._slots = tuple(slots)

    def overlapping(self, t0: float, t1: float) -> list[Incident]:
        """Incidents pending or firing at some time in [t0, t1]."""
        found: list[Incident] = []
        for slot in self._slots:
            first = math.floor((t0 - slot.offset) / slot.period) - 1
            last = math.floor((t1 - slot.offset) / slot.period)
            for k in range(first, last + 1):
                for incident in self._cycle(slot, k):
                    if incident.active_at <= t1 and incident.resolves_at > t0:
                        found.append(incident)
        return found

    def active(self, t: float) -> list[Incident]:
        """Pending or firing at `t`, one per label set (the oldest wins, as in Prometheus)."""
        seen: dict[tuple[tuple[str, str], ...], Incident] = {}
        for incident in sorted(self.overlapping(t, t), key=lambda i: i.active_at):
            if incident.is_active(t):
                seen.setdefault(tuple(incident.labels.items()), incident)
        return list(seen.values())

    def _cycle(self, slot: _Slot, k: int) -> tuple[Incident, ...]:
        cached = self._cache.get((slot.index, k))
        if cached is None:
            if len(self._cache) > 20000:  # bounded: a long-running demo must not grow forever
                self._cache.clear()
            cached = self._make_cycle(slot, k)
            self._cache[(slot.index, k)] = cached
        return cached

    def _make_cycle(self, slot: _Slot, k: int) -> tuple[Incident, ...]:
        rng = random.Random(f"{self._seed}:cycle:{slot.index}:{k}")
        start = slot.offset + k * slot.period
        key = f"{slot.index}.{k}"
        if slot.script is not None and k == 0:
            return (self._scripted(slot.script, key, rng),)
        if slot.client is not None:
            split = start + rng.uniform(0.35, 0.65) * slot.period
            return (
                self._draw(
                    rng, f"{key}a", rng.choice(STEADY_RULES_FIRST), start, split, slot.client
                ),
                self._draw(
                    rng,
                    f"{key}b",
                    rng.choice(STEADY_RULES_SECOND),
                    split,
                    start + slot.period,
                    slot.client,
                ),
            )
        if rng.random() > 0.8:
            return ()
        rule = rng.choices([r for r, _ in RANDOM_RULES], [w for _, w in RANDOM_RULES])[0]
        fires = start + rule.for_seconds + rng.uniform(0, 0.45 * slot.period)
        resolves = min(fires + rng.uniform(*rule.duration), start + slot.period)
        if resolves - fires < _MIN_FIRING:
            return ()
        return (self._draw(rng, key, rule, fires, resolves, None),)

    def _draw(
        self,
        rng: random.Random,
        key: str,
        rule: Rule,
        fires: float,
        resolves: float,
        client: str | None,
    ) -> Incident:
        hosts = [
            h for h in self._hosts if rule.applies_to(h) and (client is None or h.client == client)
        ]
        host = rng.choice(hosts)
        severity: str | None = rng.choices(
            [s for s, _ in rule.severities], [w for _, w in rule.severities]
        )[0]
        oddity = rng.random()
        if client is None and oddity < 0.05:
            severity = ODD_SEVERITY
        elif client is None and oddity < 0.09:
            severity = None  # a rule author forgot the label
        level = rule.level(severity, rng)
        ack = None
        if rng.random() < 1 / 3:
            ack = self._ack(rng, key, fires + rng.uniform(2 * _M, 10 * _M))
            if ack.at >= resolves:
                ack = None
        return Incident(key, rule, severity, host, fires, resolves, level, ack)

    def _scripted(self, script: _Script, key: str, rng: random.Random) -> Incident:
        rule = script.rule
        ack = None
        if script.ack_after is not None:
            ack = self._ack(rng, key, script.fires_at + script.ack_after)
        return Incident(
            key,
            rule,
            script.severity,
            self._by_name[script.host],
            script.fires_at,
            script.resolves_at,
            rule.level(script.severity, rng),
            ack,
        )

    def _ack(self, rng: random.Random, key: str, at: float) -> Ack:
        digest = hashlib.sha256(f"{self._seed}:ack:{key}".encode()).digest()
        silence_id = str(uuid.UUID(bytes=digest[:16], version=4))
        return Ack(
            silence_id,
            at,
            at + rng.choice(_ACK_LENGTHS),
            rng.choice(self._engineers),
            "ACK " + rng.choice(_ACK_COMMENTS),
        )
