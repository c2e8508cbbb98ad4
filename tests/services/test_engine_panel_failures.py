"""Whether a metrics source is down is decided over all its panels."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from noc_wallboard.domain.errors import SourceRejected, SourceUnavailable
from noc_wallboard.ports import PanelAnswer, ProbeResult
from noc_wallboard.services.engine import Engine, SourceEntry
from tests.factories import CPU, NOW, UP, make_store, samples

SLOW_UP = replace(UP, interval=timedelta(minutes=5))


class Prom:
    name = "prom"
    kind = "prometheus"

    def __init__(self, failing: dict[str, Exception]) -> None:
        self.failing = failing

    async def query_panels(self, panels):
        out = []
        for panel in panels:
            if panel.name in self.failing:
                raise self.failing[panel.name]
            out.append(PanelAnswer(panel.name, samples({"a": 1})))
        return out

    async def probe(self) -> ProbeResult:
        return ProbeResult(ok=True)


def engine(src: Prom) -> Engine:
    store = make_store()
    entry = SourceEntry(src, timedelta(seconds=15), timedelta(seconds=5))
    return Engine(store, [entry], [], [CPU, SLOW_UP], clock=lambda: NOW)


async def test_one_failing_panel_in_its_own_interval_group_does_not_fail_the_source():
    src = Prom({"Targets up": SourceRejected("bad_data: parse error")})
    eng = engine(src)
    await eng._poll_metrics(eng._metrics[0], [CPU])  # the fast group answers
    await eng._poll_metrics(eng._metrics[0], [SLOW_UP])  # the slow group's panel fails
    prom = next(s for s in eng.state.sources if s.name == "prom")
    assert prom.ok and prom.warning == "1 of 2 panels failing"
    assert not eng.state.panels[0].stale and eng.state.panels[1].error is not None


async def test_every_panel_failing_across_groups_fails_the_source():
    src = Prom({"CPU busy": SourceUnavailable("refused"), "Targets up": SourceUnavailable("x")})
    eng = engine(src)
    await eng._poll_metrics(eng._metrics[0], [CPU])
    # Only one of two panels has been asked so far: not yet a verdict on the source.
    assert next(s for s in eng.state.sources if s.name == "prom").warning == "1 of 2 panels failing"
    await eng._poll_metrics(eng._metrics[0], [SLOW_UP])
    prom = next(s for s in eng.state.sources if s.name == "prom")
    assert not prom.ok and prom.error.startswith("unavailable")


async def test_recovered_panel_clears_the_warning():
    src = Prom({"Targets up": SourceRejected("bad_data")})
    eng = engine(src)
    await eng._poll_metrics(eng._metrics[0], [CPU, SLOW_UP])
    src.failing.clear()
    await eng._poll_metrics(eng._metrics[0], [CPU, SLOW_UP])
    prom = next(s for s in eng.state.sources if s.name == "prom")
    assert prom.ok and prom.warning is None
