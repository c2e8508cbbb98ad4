"""Snapshot keys added by the health issue, and two Prometheus servers on one board."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import timedelta

from noc_wallboard.domain.errors import SourceUnavailable
from noc_wallboard.domain.health import Sample, Series
from noc_wallboard.domain.sla import SlaPolicy
from noc_wallboard.ports import PanelAnswer
from noc_wallboard.services.snapshot import snapshot_dict
from noc_wallboard.services.store import BoardStore
from tests.factories import CPU, NOW, UP

SPARK = replace(CPU, group_by="client", sparkline=timedelta(minutes=10))
EU = replace(UP, name="EU up", source="prom-eu")


def store() -> BoardStore:
    return BoardStore(
        title="t",
        sources=[("prom", "prometheus"), ("prom-eu", "prometheus")],
        panels=[SPARK, EU],
        sla=SlaPolicy(targets={}, at_risk_share=0.75),
        rotations=[],
        now=NOW,
    )


def answer() -> PanelAnswer:
    return PanelAnswer(
        SPARK.name,
        (Sample({"instance": "a", "client": "acme"}, 99.0, 0),),
        history=(Series({"instance": "a"}, (1.0, math.nan, 99.0)),),
    )


def test_snapshot_has_groups_status_and_sparklines():
    s = store()
    s.apply_metrics("prom", [answer()], NOW)
    (health, _) = snapshot_dict(s.state)["health"]
    assert health["kind"] == "query" and health["status"] == "critical"
    assert health["group_by"] == "client"
    assert health["groups"] == [
        {"name": "acme", "status": "critical", "critical": 1, "warning": 0, "total": 1}
    ]
    (tile,) = health["tiles"]
    assert tile["sparkline"] == [1.0, None, 99.0] and tile["last_status"] is None


def test_one_prometheus_down_leaves_the_other_fresh():
    s = store()
    s.apply_metrics("prom", [answer()], NOW)
    up = (Sample({"instance": "eu-1"}, 1.0, 0),)
    s.apply_metrics("prom-eu", [PanelAnswer(EU.name, up)], NOW)
    s.apply_metrics("prom", SourceUnavailable("refused"), NOW + timedelta(seconds=15))
    spark, eu = snapshot_dict(s.state)["health"]
    assert spark["stale"] and spark["tiles"][0]["status"] == "stale"
    assert spark["tiles"][0]["last_status"] == "critical"
    assert not eu["stale"] and eu["tiles"][0]["status"] == "ok"
