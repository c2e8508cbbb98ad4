"""Baseline metric curves for the demo fleet: smooth, deterministic functions of time.

Each (metric, host) series is a sum of two sines, smooth value noise and occasional spikes. All
randomness comes from a seeded profile plus a stateless integer hash of (series, time bucket), so
a value at any time can be computed directly, without replaying history. That keeps the world a
pure function of (seed, elapsed seconds) and makes range queries over the past cheap.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from noc_wallboard.demo.topology import Host

CPU = "node_cpu_busy_percent"
MEMORY = "node_memory_used_percent"
DISK = "node_filesystem_used_percent"
LATENCY = "probe_http_duration_seconds"
UP = "up"
METRIC_NAMES: tuple[str, ...] = (CPU, MEMORY, DISK, LATENCY, UP)
# Series scraped from node_exporter: they vanish while their host is down, as in Prometheus.
NODE_METRICS = frozenset({CPU, MEMORY, DISK})

_MASK = (1 << 64) - 1
_SPIKE_BUCKET = 1800.0
_NAN_BUCKET = 3600.0


def _mix(value: int) -> int:
    """splitmix64 finaliser: a fast, well-spread 64-bit hash."""
    z = (value + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def hash_unit(key: int, index: int) -> float:
    """A uniform number in [0, 1) for (key, integer index); the same inputs give the same output."""
    return _mix(key ^ ((index * 0xD1B54A32D192ED03) & _MASK)) / 2.0**64


def smooth_noise(key: int, x: float) -> float:
    """Value noise in [-1, 1]: hashed knots at integer x, smoothstep-interpolated between them."""
    i = math.floor(x)
    f = x - i
    a = hash_unit(key, i)
    b = hash_unit(key, i + 1)
    s = f * f * (3.0 - 2.0 * f)
    return (a + (b - a) * s) * 2.0 - 1.0


@dataclass(frozen=True)
class _Shape:
    base: tuple[float, float]
    slow: tuple[float, float, float, float]  # amplitude range, period range (seconds)
    fast: tuple[float, float, float, float]
    noise: float
    spike_probability: float  # per 30-minute bucket
    spike: tuple[float, float]  # magnitude range
    low: float
    high: float


_SHAPES: dict[str, _Shape] = {
    CPU: _Shape((15, 55), (5, 15, 1200, 7200), (2, 6, 180, 660), 4.0, 0.10, (25, 55), 0, 100),
    MEMORY: _Shape((40, 75), (5, 10, 3600, 21600), (1, 3, 600, 1800), 1.5, 0.05, (10, 25), 0, 100),
    DISK: _Shape((35, 80), (2, 5, 21600, 86400), (0.2, 0.6, 900, 3600), 0.4, 0.03, (8, 15), 0, 100),
    LATENCY: _Shape(
        (0.04, 0.25),
        (0.01, 0.05, 1800, 7200),
        (0.005, 0.02, 120, 600),
        0.02,
        0.10,
        (0.3, 0.9),
        0.003,
        30.0,
    ),
}


@dataclass(frozen=True)
class _Profile:
    key: int
    base: float
    waves: tuple[tuple[float, float, float], ...]  # (amplitude, period, phase)
    shape: _Shape


class MetricModel:
    """Baseline values per (metric, host), before incidents push them around."""

    def __init__(self, seed: int, hosts: tuple[Host, ...]) -> None:
        rng = random.Random(f"{seed}:metrics")
        self._profiles: dict[tuple[str, str], _Profile] = {}
        for host in hosts:
            for metric, shape in _SHAPES.items():
                if metric == LATENCY and not host.web_facing:
                    continue
                waves = tuple(
                    (rng.uniform(lo_a, hi_a), rng.uniform(lo_p, hi_p), rng.uniform(0, math.tau))
                    for lo_a, hi_a, lo_p, hi_p in (shape.slow, shape.fast)
                )
                base = rng.uniform(*shape.base)
                self._profiles[(metric, host.name)] = _Profile(
                    rng.getrandbits(64), base, waves, shape
                )
        # A few disks sit just under the warning line, so some tiles live near the threshold.
        for host in rng.sample(hosts, 3):
            profile = self._profiles[(DISK, host.name)]
            self._profiles[(DISK, host.name)] = _Profile(
                profile.key, rng.uniform(81.0, 86.0), profile.waves, profile.shape
            )
        # One broken mount reports NaN now and then, which the board must show as unknown.
        self.nan_host = rng.choice(hosts).name
        self._nan_key = rng.getrandbits(64)

    def has_series(self, metric: str, host: Host) -> bool:
        return metric == UP or (metric, host.name) in self._profiles

    def baseline(self, metric: str, host: str, t: float) -> float:
        """Value at `t` elapsed seconds (may be negative: the world existed before the start)."""
        if metric == UP:
            return 1.0
        if metric == DISK and host == self.nan_host and self._nan_at(t):
            return math.nan
        profile = self._profiles[(metric, host)]
        shape = profile.shape
        value = profile.base
        for amplitude, period, phase in profile.waves:
            value += amplitude * math.sin(math.tau * t / period + phase)
        value += shape.noise * smooth_noise(profile.key, t / 60.0)
        value += self._spike(profile, t)
        return min(shape.high, max(shape.low, value))

    def _nan_at(self, t: float) -> bool:
        bucket = math.floor(t / _NAN_BUCKET)
        # The first ten minutes of roughly one hour in six.
        return hash_unit(self._nan_key, bucket) < 0.17 and t - bucket * _NAN_BUCKET < 600

    @staticmethod
    def _spike(profile: _Profile, t: float) -> float:
        shape = profile.shape
        bucket = math.floor(t / _SPIKE_BUCKET)
        total = 0.0
        # A spike may start late in the previous bucket and still be running now.
        for b in (bucket - 1, bucket):
            if hash_unit(profile.key + 1, b) >= shape.spike_probability:
                continue
            start = b * _SPIKE_BUCKET + hash_unit(profile.key + 2, b) * 1500.0
            duration = 180.0 + hash_unit(profile.key + 3, b) * 300.0
            if start <= t < start + duration:
                low, high = shape.spike
                magnitude = low + (high - low) * hash_unit(profile.key + 4, b)
                total += magnitude * math.sin(math.pi * (t - start) / duration)
        return total
