"""Builders of domain objects for tests: a realistic board without any server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from noc_wallboard.domain.health import Direction, PanelSpec, Sample, Thresholds
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.roster import Participant, Rotation
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import SlaPolicy, SlaTarget
from noc_wallboard.ports import IncidentBatch, PanelAnswer
from noc_wallboard.services.store import BoardStore

NOW = datetime(2026, 11, 27, 10, 0, 0, tzinfo=UTC)

POLICY = SlaPolicy(
    targets={
        Severity.CRITICAL: SlaTarget(timedelta(minutes=15), timedelta(hours=4)),
        Severity.MAJOR: SlaTarget(timedelta(minutes=30), timedelta(hours=8)),
        Severity.WARNING: SlaTarget(timedelta(hours=1), timedelta(hours=24)),
    },
    at_risk_share=0.75,
)

CPU = PanelSpec(
    name="CPU busy",
    source="prom",
    query="node_cpu_busy_percent",
    unit="percent",
    thresholds=Thresholds(80, 95, Direction.ABOVE),
)
UP = PanelSpec(
    name="Targets up",
    source="prom",
    query="up",
    unit="count",
    thresholds=Thresholds(None, 0.5, Direction.BELOW),
)


def incident(
    ident: str,
    severity: Severity = Severity.CRITICAL,
    age: timedelta = timedelta(minutes=5),
    *,
    title: str | None = None,
    acked_by: str | None = None,
    acked_after: timedelta = timedelta(minutes=2),
    source: str = "am",
    labels: dict[str, str] | None = None,
    now: datetime = NOW,
) -> Incident:
    opened = now - age
    return Incident(
        id=ident,
        source=source,
        title=title or f"Incident {ident}",
        severity=severity,
        state=IncidentState.ACKNOWLEDGED if acked_by else IncidentState.OPEN,
        opened_at=opened,
        labels=labels or {"alertname": "HostDown", "client": "acme", "instance": f"{ident}:9100"},
        raw_severity=severity.value,
        acknowledged_at=opened + acked_after if acked_by else None,
        acknowledged_by=acked_by,
    )


def samples(values: dict[str, float]) -> tuple[Sample, ...]:
    return tuple(
        Sample(labels={"instance": k, "__name__": "x"}, value=v, timestamp=NOW.timestamp())
        for k, v in values.items()
    )


def make_store(now: datetime = NOW) -> BoardStore:
    return BoardStore(
        title="Test board",
        sources=[("prom", "prometheus"), ("am", "alertmanager")],
        panels=[CPU, UP],
        sla=POLICY,
        rotations=[
            Rotation(
                "L1",
                (Participant("Anna", "+49 1"), Participant("Ben")),
                timedelta(hours=12),
                datetime(2026, 1, 5, 8, 0),
                "Europe/Berlin",
            ),
            Rotation("L2", (), timedelta(hours=12), datetime(2026, 1, 5, 8, 0), "UTC"),
        ],
        now=now,
        incident_sources=["am"],
    )


def populated_store(now: datetime = NOW) -> BoardStore:
    store = make_store(now)
    store.apply_metrics(
        "prom",
        [
            PanelAnswer("CPU busy", samples({"web-01": 42, "web-02": 85, "db-01": 99.5})),
            PanelAnswer("Targets up", samples({"web-01": 1, "web-02": 1, "db-01": 0})),
        ],
        now,
    )
    store.apply_incidents(
        "am",
        IncidentBatch(
            (
                incident("a1", Severity.CRITICAL, timedelta(minutes=20), title="db-01 down"),
                incident("a2", Severity.CRITICAL, timedelta(minutes=4), title="web-02 CPU high"),
                incident("a3", Severity.WARNING, timedelta(minutes=50), title="Disk 85%"),
                incident(
                    "a4",
                    Severity.MAJOR,
                    timedelta(minutes=40),
                    title="Backup failed",
                    acked_by="alice",
                ),
                incident("a5", Severity.UNKNOWN, timedelta(minutes=3), title="Odd severity"),
            )
        ),
        now,
    )
    return store
