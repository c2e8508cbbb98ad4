"""Config models → domain specs. The only place config shapes meet domain types."""

from __future__ import annotations

from datetime import datetime

from noc_wallboard.config.schema import BoardConfig, SourceConfig
from noc_wallboard.domain.health import Direction, PanelSpec, Thresholds
from noc_wallboard.domain.roster import Participant, Rotation
from noc_wallboard.domain.severity import Severity, SeverityMap
from noc_wallboard.domain.sla import SlaPolicy, SlaTarget


def panel_specs(config: BoardConfig) -> list[PanelSpec]:
    return [
        PanelSpec(
            name=p.name,
            source=p.source,
            query=p.query,
            tile_labels=tuple(p.tile_labels),
            unit=p.unit,
            thresholds=Thresholds(p.warning, p.critical, Direction(p.direction)),
            title_template=p.title,
        )
        for p in config.panels
    ]


def sla_policy(config: BoardConfig) -> SlaPolicy:
    return SlaPolicy(
        targets={
            Severity(sev): SlaTarget(t.response, t.resolution)
            for sev, t in config.sla.targets.items()
        },
        at_risk_share=config.sla.at_risk,
    )


def severity_map(source: SourceConfig) -> SeverityMap:
    return SeverityMap({raw: Severity(sev) for raw, sev in source.severity_map.items()})


def rotations(config: BoardConfig) -> list[Rotation]:
    return [
        Rotation(
            line=r.line,
            participants=tuple(Participant(p.name, p.contact) for p in r.participants),
            shift=r.shift,
            anchor=datetime.combine(r.start, r.handoff),
            timezone=r.timezone,
        )
        for r in config.roster.rotations
    ]
