"""SLA config → domain policies and calendars."""

from __future__ import annotations

from collections.abc import Mapping

from noc_wallboard.config.sla_schema import (
    DAY_NUMBERS,
    CalendarConfig,
    PauseConfig,
    Sev,
    SlaConfig,
    SlaTargetConfig,
    parse_hours,
)
from noc_wallboard.domain.calendar import AlwaysOn, BusinessHours, Calendar
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import PauseRule, SlaPolicies, SlaPolicy, SlaTarget


def _calendar(name: str, cfg: CalendarConfig) -> BusinessHours:
    hours = tuple(sorted(parse_hours(h) for h in cfg.hours))
    return BusinessHours(
        name=name,
        timezone=cfg.timezone,
        week={DAY_NUMBERS[d]: hours for d in cfg.days},
        holidays=frozenset(cfg.holidays),
    )


def _targets(raw: Mapping[Sev, SlaTargetConfig]) -> dict[Severity, SlaTarget]:
    return {Severity(sev): SlaTarget(t.response, t.resolution) for sev, t in raw.items()}


def _pause(cfg: PauseConfig) -> PauseRule:
    return PauseRule(labels=dict(cfg.labels), statuses=frozenset(s.lower() for s in cfg.statuses))


def sla_policies(sla: SlaConfig) -> SlaPolicies:
    """Policies in config order, then the default policy (no matchers) last."""
    calendars: dict[str, Calendar] = {"24x7": AlwaysOn()}
    calendars.update({name: _calendar(name, c) for name, c in sla.calendars.items()})
    default_pause = _pause(sla.pause)
    policies = [
        SlaPolicy(
            targets=_targets(p.targets),
            at_risk_share=p.at_risk if p.at_risk is not None else sla.at_risk,
            calendar=calendars[p.calendar or sla.calendar],
            name=p.name,
            match=dict(p.match),
            match_re=dict(p.match_re),
            pause=_pause(p.pause) if p.pause is not None else default_pause,
        )
        for p in sla.policies
    ]
    policies.append(
        SlaPolicy(
            targets=_targets(sla.targets),
            at_risk_share=sla.at_risk,
            calendar=calendars[sla.calendar],
            name="default",
            pause=default_pause,
        )
    )
    return SlaPolicies(tuple(policies))
