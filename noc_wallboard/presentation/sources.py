"""View-models of sources: the status chips and the down-source banner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from noc_wallboard.domain.board import SourceStatus
from noc_wallboard.presentation.formatting import format_age
from noc_wallboard.presentation.i18n import translate


@dataclass(frozen=True, slots=True)
class SourceChipVM:
    name: str
    ok: bool
    text: str
    token: str
    error: str | None


def source_chip(status: SourceStatus, now: datetime) -> SourceChipVM:
    age = format_age(status.age(now))
    if status.ok and status.warning:
        text = f"\u26a0 {status.name} · {age} · {status.warning}"
        return SourceChipVM(status.name, True, text, "source.warn", None)
    if status.ok:
        return SourceChipVM(status.name, True, f"\u2714 {status.name} · {age}", "source.ok", None)
    if status.last_success is None and status.last_attempt is not None:
        text = translate("sources", "{name} DOWN \u00b7 no data yet").format(name=status.name)
        return SourceChipVM(status.name, False, f"\u2716 {text}", "source.down", status.error)
    if status.last_attempt is None:
        text = translate("sources", "{name} · waiting").format(name=status.name)
        return SourceChipVM(status.name, False, f"\u2026 {text}", "source.wait", None)
    since = format_age(now - status.failing_since) if status.failing_since else "?"
    text = translate("sources", "{name} DOWN {since} · data {age} old").format(
        name=status.name, since=since, age=age
    )
    return SourceChipVM(status.name, False, f"\u2716 {text}", "source.down", status.error)
