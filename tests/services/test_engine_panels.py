"""Per-panel scheduling: a slow panel never delays the others; per-panel intervals."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from noc_wallboard.domain.errors import SourceRejected, SourceUnavailable
from noc_wallboard.domain.health import PanelSpec
from noc_wallboard.ports import PanelAnswer, ProbeResult
from noc_wallboard.services.engine import Engine, SourceEntry
from tests.factories import CPU, NOW, UP, make_store, samples


class FakeProm:
    name = "prom"
    kind = "prometheus"

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.calls: list[str] = []
        self.fail: dict[str, Exception] = {}

    async def query_panels(self, panels: Sequence[PanelSpec]) -> list[PanelAnswer]:
        (panel,) = panels
        self.calls.append(panel.name)
        if panel.name in self.fail:
            raise self.fail[panel.name]
        if panel.name == UP.name:
            await self.release.wait()  # the slow panel
        return [PanelAnswer(panel.name, samples({"web-01": 1}))]

    async def probe(self) -> ProbeResult:
        return ProbeResult(ok=True)


def engine(src: FakeProm, panels: list[PanelSpec]) -> Engine:
    entry = SourceEntry(src, timedelta(seconds=60), timedelta(seconds=30))
    return Engine(make_store(), [entry], [], panels, clock=lambda: NOW)


async def test_fast_panel_is_applied_while_a_slow_one_is_still_running():
    src = FakeProm()
    eng = engine(src, [CPU, UP])
    poll = asyncio.create_task(eng.poll_once())
    for _ in range(100):
        if eng.state.panels[0].updated_at is not None:
            break
        await asyncio.sleep(0)
    assert eng.state.panels[0].tiles and eng.state.panels[1].updated_at is None
    src.release.set()
    state = await poll
    assert state.panels[1].tiles


async def test_every_panel_failing_fails_the_source_with_the_transport_error():
    src = FakeProm()
    src.fail = {CPU.name: SourceRejected("bad_data"), UP.name: SourceUnavailable("refused")}
    state = await engine(src, [CPU, UP]).poll_once()
    prom = next(s for s in state.sources if s.name == "prom")
    assert not prom.ok and prom.error == "unavailable: refused"


async def test_one_failing_panel_leaves_the_source_ok():
    src = FakeProm()
    src.release.set()
    src.fail = {CPU.name: SourceRejected("bad_data")}
    state = await engine(src, [CPU, UP]).poll_once()
    assert next(s for s in state.sources if s.name == "prom").ok
    assert state.panels[0].stale and state.panels[0].error == "rejected: bad_data"
    assert state.panels[1].tiles


async def test_a_panel_interval_gets_its_own_poller():
    src = FakeProm()
    src.release.set()
    slow = replace(UP, interval=timedelta(minutes=5))
    eng = engine(src, [CPU, slow])
    eng.start()
    try:
        names = sorted(p.name for p in eng._pollers)
        assert names == ["prom", "prom@300s"]
        for _ in range(200):
            if len(src.calls) >= 2:
                break
            await asyncio.sleep(0)
        assert sorted(src.calls) == sorted([CPU.name, UP.name])
    finally:
        await eng.stop()
