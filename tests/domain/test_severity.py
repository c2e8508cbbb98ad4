from __future__ import annotations

from noc_wallboard.domain.severity import Severity, SeverityMap


def test_board_severities_are_ordered_most_urgent_first():
    assert [s.value for s in Severity.ordered()] == [
        "critical",
        "major",
        "minor",
        "warning",
        "info",
        "unknown",
    ]


def test_mapping_is_case_insensitive_and_keeps_identity():
    m = SeverityMap({"P1": Severity.CRITICAL, "page": Severity.CRITICAL})
    assert m.resolve("p1") is Severity.CRITICAL
    assert m.resolve("PAGE") is Severity.CRITICAL
    assert m.resolve("warning") is Severity.WARNING
    assert m.resolve(" Critical ") is Severity.CRITICAL


def test_values_outside_the_mapping_become_unknown_never_dropped():
    m = SeverityMap({"P1": Severity.CRITICAL})
    assert m.resolve("P7") is Severity.UNKNOWN
    assert m.resolve("") is Severity.UNKNOWN
    assert m.resolve(None) is Severity.UNKNOWN
