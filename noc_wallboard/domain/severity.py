"""The board's ordered severities and the mapping from a source's own scheme."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum


class Severity(Enum):
    """Board severities, most urgent first. `unknown` is a real severity: never dropped."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"
    WARNING = "warning"
    INFO = "info"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        """0 is the most urgent."""
        return _ORDER[self]

    @classmethod
    def ordered(cls) -> list[Severity]:
        return sorted(cls, key=lambda s: s.rank)


_ORDER = {sev: i for i, sev in enumerate(Severity)}


class SeverityMap:
    """Maps a source's severity values (case-insensitive) onto board severities.

    Values outside the mapping become `unknown` rather than vanishing (Nagstamon's
    failure: severities outside its map silently disappear).
    """

    def __init__(self, mapping: Mapping[str, Severity] | None = None) -> None:
        base = {s.value: s for s in Severity}
        if mapping:
            base.update({k.lower(): v for k, v in mapping.items()})
        self._mapping = base

    def resolve(self, raw: str | None) -> Severity:
        if raw is None:
            return Severity.UNKNOWN
        return self._mapping.get(raw.strip().lower(), Severity.UNKNOWN)
