"""Config models → domain specs. The only place config shapes meet domain types."""

from __future__ import annotations

from noc_wallboard.config import roster_convert
from noc_wallboard.config.schema import BoardConfig, PanelConfig, SourceConfig
from noc_wallboard.config.sla_convert import sla_policies
from noc_wallboard.domain.health import PanelKind, PanelSpec, TileStatus
from noc_wallboard.domain.health_panels import builtin_panel_defaults
from noc_wallboard.domain.roster import Rotation
from noc_wallboard.domain.severity import Severity, SeverityMap
from noc_wallboard.domain.sla import SlaPolicies


def panel_specs(config: BoardConfig) -> list[PanelSpec]:
    return [panel_spec(p) for p in config.panels]


def panel_spec(p: PanelConfig) -> PanelSpec:
    kind = PanelKind(p.kind)
    defaults = builtin_panel_defaults(kind)
    thresholds = p.thresholds()  # the kind's built-in values and direction for keys left out
    return PanelSpec(
        name=p.name,
        source=p.source,
        query=p.query or "",
        tile_labels=tuple(p.tile_labels) if p.tile_labels is not None else defaults.tile_labels,
        unit=p.unit if p.unit is not None else defaults.unit,
        thresholds=thresholds,
        title_template=p.title if p.title is not None else defaults.title_template,
        kind=kind,
        no_data=TileStatus(p.no_data),
        group_by=p.group_by,
        sparkline=p.sparkline,
        sparkline_width=p.sparkline_width,
        interval=p.interval,
        no_data_expiry=p.no_data_expiry,
        max_series=p.max_series,
    )


def sla_policy(config: BoardConfig) -> SlaPolicies:
    return sla_policies(config.sla)


def severity_map(source: SourceConfig) -> SeverityMap:
    return SeverityMap({raw: Severity(sev) for raw, sev in source.severity_map.items()})


def rotations(config: BoardConfig) -> list[Rotation]:
    return [roster_convert.rotation(r) for r in config.roster.rotations]
