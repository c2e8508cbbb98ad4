"""A board process for the crash test: queues one ack (its store may be down), prints
QUEUED, then keeps sending until it is killed. Arguments: AM URL, ledger path, labels."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

from noc_wallboard.app import running_engine
from noc_wallboard.config.schema import BoardConfig
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.severity import Severity


async def main(url: str, ledger: str, labels_json: str, fingerprint: str) -> None:
    import json

    labels = json.loads(labels_json)
    config = BoardConfig.model_validate(
        {
            "board": {"engineer": "alice"},
            "sources": [{"name": "am", "kind": "alertmanager", "url": url, "timeout": "2s"}],
            "ledger": {"path": ledger},
        }
    )
    incident = Incident(
        id=fingerprint,  # what the board saw before the outage
        source="am",
        title="Outage",
        severity=Severity.CRITICAL,
        state=IncidentState.OPEN,
        opened_at=datetime.now(UTC),
        labels=labels,
    )
    async with running_engine(config, with_ledger=True) as engine:
        assert engine.acks is not None
        await engine.acks.request([incident])
        print("QUEUED", flush=True)
        engine.acks.start()
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
