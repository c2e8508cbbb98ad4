"""Simulated silences: acknowledgements of incidents and planned maintenance windows.

Like the incidents, maintenance windows come from fixed-length cycles whose content depends only
on (seed, cycle), so the silences that exist at any moment are computed, not replayed.
"""

from __future__ import annotations

import hashlib
import math
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from noc_wallboard.demo.incidents import Incident
from noc_wallboard.demo.matchers import LabelMatcher
from noc_wallboard.demo.silences import Silence
from noc_wallboard.demo.topology import CLIENT_SPECS

_CYCLE = 4 * 3600.0
_WORKS = (
    "kernel patching",
    "switch firmware upgrade",
    "database failover test",
    "storage array expansion",
    "load balancer certificate rotation",
    "hypervisor upgrade",
)


@dataclass(frozen=True)
class MaintenanceWindow:
    silence_id: str
    matchers: tuple[LabelMatcher, ...]
    created_at: float
    starts_at: float
    ends_at: float
    by: str
    comment: str


class MaintenancePlan:
    def __init__(self, seed: int, engineers: Sequence[str]) -> None:
        self._seed = seed
        self._engineers = tuple(engineers)
        self._offset = -random.Random(f"{seed}:maintenance").uniform(0, _CYCLE)

    def windows(self, t0: float, t1: float) -> list[MaintenanceWindow]:
        """Windows whose silence exists (created, not yet ended) at some time in [t0, t1]."""
        first = math.floor((t0 - self._offset) / _CYCLE) - 1
        last = math.floor((t1 - self._offset) / _CYCLE) + 1  # + 1: the pinned window k = 0
        found = []
        for k in range(first, last + 1):
            window = self._window(k)
            if window is not None and window.created_at <= t1 and window.ends_at > t0:
                found.append(window)
        return found

    def _window(self, k: int) -> MaintenanceWindow | None:
        rng = random.Random(f"{self._seed}:maintenance:{k}")
        if k == 0:
            # Around the start a site of umbrella is in maintenance, so its silence is visible
            # at once; no scripted incident is on that site, so the opening act stays loud.
            starts, length = -10 * 60.0, 60 * 60.0
            client = CLIENT_SPECS[3]
            matchers: tuple[LabelMatcher, ...] = (
                LabelMatcher("client", "=", client.name),
                LabelMatcher("site", "=", client.sites[1]),
            )
        else:
            if rng.random() > 0.75:
                return None
            starts = self._offset + k * _CYCLE + rng.uniform(0, 3 * 3600.0)
            length = rng.uniform(30, 90) * 60.0
            client = rng.choice(CLIENT_SPECS)
            if rng.random() < 0.5:
                matchers = (
                    LabelMatcher("client", "=", client.name),
                    LabelMatcher("site", "=", rng.choice(client.sites)),
                )
            else:
                service = rng.choice([s for s, _ in client.services])
                matchers = (LabelMatcher("instance", "=~", f"{client.name}-{service}-.*"),)
        digest = hashlib.sha256(f"{self._seed}:maintenance:{k}".encode()).digest()
        ticket = 10000 + int.from_bytes(digest[16:20], "big") % 90000
        return MaintenanceWindow(
            silence_id=str(uuid.UUID(bytes=digest[:16], version=4)),
            matchers=matchers,
            created_at=starts - rng.uniform(10, 40) * 60.0,  # planned ahead: pending first
            starts_at=starts,
            ends_at=starts + length,
            by=rng.choice(self._engineers),
            comment=f"Planned maintenance: {rng.choice(_WORKS)} (CHG-{ticket})",
        )


def simulated_silences(
    incidents: Sequence[Incident],
    windows: Sequence[MaintenanceWindow],
    now: float,
    to_datetime: Callable[[float], datetime],
) -> list[Silence]:
    """The silences that exist at `now`: acks already given and windows already planned."""
    silences: list[Silence] = []
    for incident in incidents:
        ack = incident.ack
        if ack is None or ack.at > now:
            continue
        # karma's convention: match exactly the alert's own labels, no regexes.
        matchers = tuple(LabelMatcher(k, "=", v) for k, v in incident.labels.items())
        at = to_datetime(ack.at)
        silences.append(
            Silence(ack.silence_id, matchers, at, to_datetime(ack.until), ack.by, ack.comment, at)
        )
    for window in windows:
        if window.created_at > now:
            continue
        silences.append(
            Silence(
                window.silence_id,
                window.matchers,
                to_datetime(window.starts_at),
                to_datetime(window.ends_at),
                window.by,
                window.comment,
                to_datetime(window.created_at),
            )
        )
    return silences
