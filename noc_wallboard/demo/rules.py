"""The alerting rules the simulated Prometheus evaluates, and how incidents bend the metrics.

Each rule names the series it watches so an incident and the metric agree: a HighCPU alert on a
host comes with that host's CPU tile over the threshold, a HostDown with `up` at 0.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from noc_wallboard.demo.metrics import CPU, DISK, LATENCY, MEMORY, UP
from noc_wallboard.demo.topology import WEB_FACING, Host


@dataclass(frozen=True)
class Rule:
    alertname: str
    expr: str
    metric: str | None  # the series pushed over the threshold while the incident lasts
    severities: tuple[tuple[str, float], ...]  # (severity, weight)
    for_seconds: float  # time spent `pending` before firing, as the rule's `for:`
    duration: tuple[float, float]  # typical firing duration, seconds
    services: frozenset[str] | None  # hosts the rule applies to; None means every host
    summary: str
    description: str

    def applies_to(self, host: Host) -> bool:
        return self.services is None or host.service in self.services

    def level(self, severity: str | None, rng: random.Random) -> float:
        """The metric value held while the incident lasts (above the rule's threshold)."""
        critical = severity == "critical"
        if self.metric == CPU:
            return rng.uniform(96.0, 99.5) if critical else rng.uniform(84.0, 93.0)
        if self.metric == DISK:
            return rng.uniform(96.0, 99.0) if critical else rng.uniform(90.5, 94.0)
        if self.metric == MEMORY:
            return rng.uniform(87.0, 94.0)
        if self.metric == LATENCY:
            return rng.uniform(1.2, 2.5) if critical else rng.uniform(0.6, 0.95)
        return 0.0  # HostDown: `up` is 0; rules without a metric ignore the level

    def annotations(self, host: Host) -> dict[str, str]:
        fields = {
            "host": host.name,
            "instance": host.instance,
            "client": host.client,
            "site": host.site,
            "service": host.service,
        }
        return {
            "description": self.description.format_map(fields),
            "summary": self.summary.format_map(fields),
        }


HOST_DOWN = Rule(
    "HostDown",
    "up == 0",
    UP,
    (("critical", 1.0),),
    60.0,
    (180.0, 1200.0),
    None,
    "Host {host} is down",
    "{instance} ({client}, {site}) has not answered scrapes for more than 1 minute.",
)
HIGH_CPU = Rule(
    "HighCPU",
    "node_cpu_busy_percent > 80",
    CPU,
    (("warning", 0.7), ("critical", 0.3)),
    300.0,
    (480.0, 3600.0),
    None,
    "High CPU on {host}",
    "CPU busy above 80% for 5 minutes on {instance} ({service} at {site}).",
)
DISK_FULL = Rule(
    "DiskFull",
    "node_filesystem_used_percent > 90",
    DISK,
    (("warning", 0.6), ("critical", 0.4)),
    600.0,
    (1200.0, 7200.0),
    None,
    "Filesystem almost full on {host}",
    "Root filesystem of {instance} is more than 90% used; it will fill up within hours.",
)
HIGH_LATENCY = Rule(
    "HighLatency",
    "probe_http_duration_seconds > 0.5",
    LATENCY,
    (("warning", 0.65), ("critical", 0.35)),
    120.0,
    (300.0, 2400.0),
    WEB_FACING,
    "Slow HTTP responses from {host}",
    "The {service} endpoint on {instance} takes more than 500 ms to answer probes.",
)
HIGH_MEMORY = Rule(
    "HighMemory",
    "node_memory_used_percent > 85",
    MEMORY,
    (("warning", 1.0),),
    600.0,
    (1800.0, 5400.0),
    None,
    "Memory pressure on {host}",
    "More than 85% of memory used on {instance} for 10 minutes.",
)
CLOCK_SKEW = Rule(
    "ClockSkew",
    "abs(node_timex_offset_seconds) > 0.05",
    None,
    (("info", 0.7), ("warning", 0.3)),
    600.0,
    (1800.0, 5400.0),
    None,
    "Clock skew on {host}",
    "NTP offset of {instance} is above 50 ms; check the time source at {site}.",
)
CERT_EXPIRING = Rule(
    "CertExpiring",
    "probe_ssl_earliest_cert_expiry - time() < 14 * 86400",
    None,
    (("info", 0.6), ("warning", 0.4)),
    0.0,
    (1800.0, 5400.0),
    WEB_FACING,
    "TLS certificate on {host} expires soon",
    "The certificate served by {instance} expires in less than 14 days.",
)
BACKUP_FAILED = Rule(
    "BackupFailed",
    "time() - backup_last_success_timestamp_seconds > 86400",
    None,
    (("warning", 0.7), ("critical", 0.3)),
    0.0,
    (1800.0, 5400.0),
    frozenset({"db", "backup"}),
    "Backup failed on {host}",
    "No successful backup of {instance} in the last 24 hours.",
)

# Short-lived, metric-driven incidents: any slot of the random kind draws from these.
RANDOM_RULES: tuple[tuple[Rule, float], ...] = (
    (HOST_DOWN, 2.0),
    (HIGH_CPU, 4.0),
    (DISK_FULL, 2.0),
    (HIGH_LATENCY, 3.0),
)
# Long-running background incidents. They never share an alertname with the random ones, so the
# two kinds can never produce the same label set (which Alertmanager would merge into one alert).
# First and second halves of a cycle use different names, so back-to-back incidents differ too.
STEADY_RULES_FIRST: tuple[Rule, ...] = (HIGH_MEMORY, CLOCK_SKEW)
STEADY_RULES_SECOND: tuple[Rule, ...] = (CERT_EXPIRING, BACKUP_FAILED)
ALL_RULES: tuple[Rule, ...] = (
    HOST_DOWN,
    HIGH_CPU,
    DISK_FULL,
    HIGH_LATENCY,
    HIGH_MEMORY,
    CLOCK_SKEW,
    CERT_EXPIRING,
    BACKUP_FAILED,
)
RULES_BY_NAME = {rule.alertname: rule for rule in ALL_RULES}
