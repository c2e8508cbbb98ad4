from __future__ import annotations

from datetime import timedelta

from noc_wallboard.ports import IncidentBatch, ProbeResult
from noc_wallboard.services.engine import Engine, SourceEntry
from tests.factories import NOW, make_store


class BrokenStore:
    name = "am"
    kind = "alertmanager"

    async def fetch_incidents(self) -> IncidentBatch:
        raise AttributeError("'int' object has no attribute 'get'")

    async def probe(self) -> ProbeResult:
        return ProbeResult(ok=True)


async def test_an_adapter_bug_turns_the_source_red_instead_of_staying_green():
    store = make_store()
    store.apply_incidents("am", IncidentBatch(()), NOW)
    entry = SourceEntry(BrokenStore(), timedelta(seconds=5), timedelta(seconds=5))
    engine = Engine(store, [], [entry], [], clock=lambda: NOW + timedelta(seconds=5))
    state = await engine.poll_once()
    am = next(s for s in state.sources if s.name == "am")
    assert not am.ok
    assert am.error is not None and am.error.startswith("protocol: unexpected failure")
    assert not state.incidents_known
