"""The simulated fleet: one object that answers "what does the world look like at time t?".

Everything except client-posted silences is a pure function of (seed, seconds since the start),
so the fleet never reads the clock: callers pass `now` (or call `advance_to`) and tests drive it
with a fake clock. Not thread-safe by itself: the servers hold a lock around every call.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from noc_wallboard.demo.formats import as_utc
from noc_wallboard.demo.incidents import MAX_ACK_LENGTH, Incident, IncidentSchedule
from noc_wallboard.demo.maintenance import MaintenancePlan, simulated_silences
from noc_wallboard.demo.metrics import (
    LATENCY,
    METRIC_NAMES,
    UP,
    MetricModel,
    hash_unit,
    smooth_noise,
)
from noc_wallboard.demo.panels import DEMO_ENGINEERS
from noc_wallboard.demo.rules import HOST_DOWN
from noc_wallboard.demo.silences import Silence, SilenceStore, parse_postable
from noc_wallboard.demo.topology import Host, build_hosts

SCRAPE_INTERVAL = 15.0
# How long expired simulated silences stay listed (Alertmanager keeps them for 5 days by default;
# a shorter tail keeps the demo's answers small without changing their shape).
SILENCE_RETENTION = 2 * 3600.0


@dataclass(frozen=True)
class SeriesRef:
    metric: str
    host: Host
    labels: Mapping[str, str]  # including __name__


@dataclass(frozen=True)
class Target:
    host: Host
    health: str  # "up" | "down"
    last_scrape: datetime
    last_scrape_duration: float
    last_error: str


class Fleet:
    def __init__(self, seed: int, started_at: datetime) -> None:
        self.seed = seed
        self.started_at = as_utc(started_at)
        self.now = self.started_at
        self.hosts = build_hosts()
        self._epoch = self.started_at.timestamp()
        self._metrics = MetricModel(seed, self.hosts)
        ackers = DEMO_ENGINEERS["L1"] + DEMO_ENGINEERS["L2"]
        self._schedule = IncidentSchedule(seed, self.hosts, ackers)
        self._maintenance = MaintenancePlan(seed, DEMO_ENGINEERS["L2"] + DEMO_ENGINEERS["L3"])
        self._store = SilenceStore()
        self._catalog = tuple(
            SeriesRef(metric, host, {"__name__": metric, **host.labels()})
            for metric in METRIC_NAMES
            for host in self.hosts
            if self._metrics.has_series(metric, host)
        )

    # --- time -------------------------------------------------------------------------------

    def advance_to(self, now: datetime) -> None:
        """Move the fleet's notion of "now"; the world at that time is computed on demand."""
        self.now = as_utc(now)

    def elapsed(self, when: datetime) -> float:
        return as_utc(when).timestamp() - self._epoch

    def at(self, elapsed: float) -> datetime:
        return self.started_at + timedelta(seconds=elapsed)

    # --- metrics ----------------------------------------------------------------------------

    @property
    def series(self) -> tuple[SeriesRef, ...]:
        return self._catalog

    def sample(
        self, refs: Sequence[SeriesRef], unix_times: Sequence[float]
    ) -> list[list[float | None]]:
        """Values of each series at each Unix time; None where the series is absent."""
        if not unix_times:
            return [[] for _ in refs]
        times = [u - self._epoch for u in unix_times]
        by_host: dict[str, list[Incident]] = {}
        for incident in self._schedule.overlapping(min(times), max(times)):
            by_host.setdefault(incident.host.name, []).append(incident)
        return [self._values(ref, times, by_host.get(ref.host.name, [])) for ref in refs]

    def _values(
        self, ref: SeriesRef, times: list[float], incidents: list[Incident]
    ) -> list[float | None]:
        downs = [i for i in incidents if i.rule is HOST_DOWN]
        pushes = [i for i in incidents if i.rule.metric == ref.metric and i.rule is not HOST_DOWN]
        out: list[float | None] = []
        for t in times:
            if any(d.is_active(t) for d in downs):
                # A dead host's own series go stale (absent); `up` says why.
                out.append(0.0 if ref.metric == UP else None)
                continue
            value = self._metrics.baseline(ref.metric, ref.host.name, t)
            for push in pushes:
                if push.is_active(t):
                    value = max(value, self._held(push, t))
            out.append(value)
        return out

    @staticmethod
    def _held(incident: Incident, t: float) -> float:
        """The incident's level with a little wobble, so a stuck value still looks alive."""
        wobble = 0.05 if incident.rule.metric == LATENCY else 0.8
        key = zlib.crc32(incident.key.encode())
        value = incident.level + wobble * smooth_noise(key, t / 60.0)
        return value if incident.rule.metric == LATENCY else min(100.0, value)

    def value(self, metric: str, host_name: str, when: datetime) -> float | None:
        ref = next(
            (r for r in self._catalog if r.metric == metric and r.host.name == host_name), None
        )
        if ref is None:
            return None
        return self.sample([ref], [as_utc(when).timestamp()])[0][0]

    # --- incidents --------------------------------------------------------------------------

    def incidents(self, when: datetime) -> list[Incident]:
        """Pending or firing alerts, as Prometheus lists them."""
        return self._schedule.active(self.elapsed(when))

    def firing(self, when: datetime) -> list[Incident]:
        """Firing alerts, as Alertmanager receives them (pending ones are not sent)."""
        t = self.elapsed(when)
        return [i for i in self._schedule.active(t) if i.is_firing(t)]

    def alert_value(self, incident: Incident, when: datetime) -> float:
        """What the rule's expression evaluates to for this alert (Prometheus `value`)."""
        t = self.elapsed(when)
        rule = incident.rule
        if rule is HOST_DOWN:
            return 0.0
        if rule.metric is not None:
            sampled = self.value(rule.metric, incident.host.name, when)
            return incident.level if sampled is None else sampled
        running = t - incident.active_at
        if rule.alertname == "CertExpiring":
            return 13 * 86400.0 - running
        if rule.alertname == "BackupFailed":
            return 90000.0 + running
        return 0.05 + 0.04 * hash_unit(zlib.crc32(incident.key.encode()), 0)

    # --- silences ---------------------------------------------------------------------------

    def _simulated(self, when: datetime) -> list[Silence]:
        t = self.elapsed(when)
        horizon = t - SILENCE_RETENTION
        incidents = self._schedule.overlapping(horizon - MAX_ACK_LENGTH, t)
        windows = self._maintenance.windows(horizon, t)
        cutoff = self.at(horizon)
        return [s for s in simulated_silences(incidents, windows, t, self.at) if s.ends_at > cutoff]

    def silences(self, when: datetime) -> list[Silence]:
        return self._store.merged(self._simulated(when))

    def get_silence(self, silence_id: str, when: datetime) -> Silence | None:
        return self._store.lookup(silence_id, self._simulated(when))

    def post_silence(self, body: object, when: datetime) -> str:
        """Create or update a silence; raises SilenceError (400) or SilenceNotFoundError."""
        now = as_utc(when)
        return self._store.upsert(parse_postable(body, now), self._simulated(now), now)

    def expire_silence(self, silence_id: str, when: datetime) -> None:
        now = as_utc(when)
        self._store.expire(silence_id, self._simulated(now), now)

    # --- targets ----------------------------------------------------------------------------

    def targets(self, when: datetime) -> list[Target]:
        t = self.elapsed(when)
        down = {i.host.name for i in self._schedule.active(t) if i.rule is HOST_DOWN}
        targets = []
        for index, host in enumerate(self.hosts):
            # Scrapes are spread over the interval, each target at its own fixed phase.
            phase = hash_unit(self.seed, index) * SCRAPE_INTERVAL
            since = math.fmod(t - phase, SCRAPE_INTERVAL) % SCRAPE_INTERVAL
            failed = host.name in down
            error = (
                (
                    f'Get "http://{host.instance}/metrics": dial tcp {host.address}:9100: '
                    "connect: connection refused"
                )
                if failed
                else ""
            )
            duration = 0.0012 if failed else 0.008 + 0.03 * hash_unit(self.seed + 1, index)
            targets.append(
                Target(host, "down" if failed else "up", self.at(t - since), duration, error)
            )
        return targets
