"""Incidents and SLA clocks from a real alerta-server (on a real PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from it_alerta import API_KEY, AlertaClient, start_alerta, start_postgres
from it_cli import parse_time, run_cli, snapshot, write_config

pytestmark = pytest.mark.integration

SLA = """
[sla]
at_risk = 0.75
[sla.pause]
statuses = ["shelved"]
[sla.targets.critical]
response = "15m"
resolution = "4h"
[sla.targets.major]
response = "30m"
resolution = "8h"
"""


@pytest.fixture(scope="module")
def alerta(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AlertaClient]:
    base = tmp_path_factory.mktemp("alerta")
    pg = start_postgres(base / "pg")
    try:
        server = start_alerta(base / "server", pg)
        try:
            api = AlertaClient(server.url)
            yield api
            api.close()
        finally:
            server.stop()
    finally:
        pg.stop()


@pytest.fixture
def clean(alerta: AlertaClient) -> AlertaClient:
    alerta.delete_all()
    return alerta


def config(tmp_path: Path, url: str, key: str = API_KEY) -> Path:
    source = {
        "name": "alerta",
        "kind": "alerta",
        "url": url,
        "timeout": "10s",
        "severity_map": {"minor": "warning"},
        "http": {"authorization": {"type": "Key", "credentials": key}},
    }
    return write_config(tmp_path / "board.toml", sources=[source], extra=SLA)


def ago(minutes: float) -> str:
    moment = datetime.now(UTC) - timedelta(minutes=minutes)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def items_by_resource(snap: dict) -> dict[str, dict]:
    return {i["labels"]["resource"]: i for i in snap["incidents"]["items"]}


def test_open_alerts_with_severities_and_sla(clean: AlertaClient, tmp_path: Path) -> None:
    clean.send(
        resource="web-01",
        event="HostDown",
        severity="critical",
        createTime=ago(20),
        text="web-01 is down",
        attributes={"client": "acme"},
    )
    clean.send(resource="web-02", event="HostDown", severity="critical", createTime=ago(5))
    clean.send(resource="db-01", event="DiskFull", severity="minor", createTime=ago(1))
    clean.send(resource="fw-01", event="Intrusion", severity="security", createTime=ago(1))
    clean.send(resource="lb-01", event="Odd", severity="indeterminate")
    clean.send(resource="ok-01", event="Recovered", severity="normal")
    snap = snapshot(config(tmp_path, clean.url), tmp_path)
    (source,) = snap["sources"]
    assert source["ok"], source
    items = items_by_resource(snap)
    # The cleared one is not open.
    assert set(items) == {"web-01", "web-02", "db-01", "lb-01", "fw-01"}
    web1, web2 = items["web-01"], items["web-02"]
    assert web1["title"] == "web-01 is down" and web1["labels"]["client"] == "acme"
    assert web1["sla"]["response"]["state"] == "breached"
    assert web1["sla"]["response"]["remaining_s"] == pytest.approx(-300, abs=3)
    assert web2["sla"]["response"]["state"] == "running"
    assert web2["sla"]["response"]["remaining_s"] == pytest.approx(600, abs=3)
    assert items["db-01"]["severity"] == "warning" and items["db-01"]["raw_severity"] == "minor"
    assert items["fw-01"]["severity"] == "critical"  # Alerta's "security" code 0
    assert items["lb-01"]["severity"] == "unknown"
    counts = snap["incidents"]["counts"]
    assert counts["critical"] == {"total": 3, "unacknowledged": 3}
    assert counts["unknown"]["total"] == 1


def test_ack_who_and_when_from_history(clean: AlertaClient, tmp_path: Path) -> None:
    alert = clean.send(resource="web-03", event="HostDown", severity="critical", createTime=ago(6))
    acked_at = datetime.now(UTC)
    assert clean.action(alert["id"], "ack", "ACK looking") == 200
    assert clean.action(alert["id"], "ack", "again") == 409  # already acknowledged
    item = items_by_resource(snapshot(config(tmp_path, clean.url), tmp_path))["web-03"]
    assert item["state"] == "acknowledged"
    assert item["acknowledged_by"] == "admin@noc.test"
    assert abs((parse_time(item["acknowledged_at"]) - acked_at).total_seconds()) < 2
    assert item["sla"]["response"]["state"] == "met"
    assert item["sla"]["resolution"]["state"] == "running"


def test_severity_rise_after_ack_reopens_with_a_new_response_cycle(
    clean: AlertaClient, tmp_path: Path
) -> None:
    alert = clean.send(resource="db-02", event="Latency", severity="major", createTime=ago(30))
    assert clean.action(alert["id"], "ack") == 200
    rose_at = datetime.now(UTC)
    clean.send(resource="db-02", event="Latency", severity="critical", createTime=ago(30))
    item = items_by_resource(snapshot(config(tmp_path, clean.url), tmp_path))["db-02"]
    assert item["state"] == "open" and item["severity"] == "critical"
    assert abs((parse_time(item["response_started_at"]) - rose_at).total_seconds()) < 2
    assert item["sla"]["response"]["state"] == "running"
    assert item["sla"]["response"]["remaining_s"] == pytest.approx(900, abs=3)
    # The resolution clock still counts from the first opening.
    assert item["sla"]["resolution"]["remaining_s"] == pytest.approx(4 * 3600 - 1800, abs=3)


def test_shelved_alert_pauses_its_clocks(clean: AlertaClient, tmp_path: Path) -> None:
    alert = clean.send(resource="web-04", event="Cert", severity="critical", createTime=ago(4))
    assert clean.action(alert["id"], "shelve", "waiting for client") == 200
    item = items_by_resource(snapshot(config(tmp_path, clean.url), tmp_path))["web-04"]
    assert item["raw_status"] == "shelved" and item["silenced"]
    assert item["sla"]["response"]["state"] == "paused"
    assert item["sla"]["response"]["paused"] is True
    assert clean.action(alert["id"], "unshelve") == 200
    item = items_by_resource(snapshot(config(tmp_path, clean.url), tmp_path))["web-04"]
    response = item["sla"]["response"]
    assert response["state"] == "running" and response["paused"] is False
    # The shelved spell did not count: the due time moved by it.
    moved = parse_time(response["due_at"]) - parse_time(response["original_due_at"])
    assert moved.total_seconds() > 0


def test_wrong_key_is_an_auth_error_and_check_config_shows_the_release(
    alerta: AlertaClient, tmp_path: Path
) -> None:
    bad = config(tmp_path, alerta.url, key="wrong-key")
    (source,) = snapshot(bad, tmp_path)["sources"]
    assert not source["ok"] and source["error"].startswith("auth:")
    result = run_cli("check-config", "--config", str(config(tmp_path, alerta.url)), home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "alerta" in result.stdout and "9." in result.stdout


# ------------------------------------------------------------------ acknowledgement


def _alerta_board_config(url: str, ledger: Path):  # type: ignore[no-untyped-def]
    from it_ack import board_config

    source = {
        "name": "alerta",
        "kind": "alerta",
        "url": url,
        "timeout": "10s",
        "http": {"authorization": {"type": "Key", "credentials": API_KEY}},
    }
    return board_config([source], ledger, durations={"critical": "30m"})


async def test_click_acknowledges_in_alerta_with_text_and_timeout(
    qtbot, clean: AlertaClient, tmp_path: Path
) -> None:
    from it_ack import until
    from PySide6.QtCore import Qt

    from noc_wallboard.app import running_engine
    from noc_wallboard.ui.ack_controller import AckController
    from noc_wallboard.ui.incident_model import COL_ACK
    from noc_wallboard.ui.main_window import BoardWindow

    sent = clean.send(resource="db-01", event="DiskFull", severity="critical", createTime=ago(5))
    config = _alerta_board_config(clean.url, tmp_path / "ledger.sqlite3")
    async with running_engine(config, with_ledger=True) as engine:
        window = BoardWindow(mode="desk", ack_actor="alice")
        qtbot.addWidget(window)
        window.resize(1600, 1000)
        window.show()
        engine.store.subscribe(window.apply_state)
        AckController(window, engine.acks)
        engine.acks.start()
        state = await engine.poll_once()
        key = state.incidents[0].incident.key
        rect = window.table.visualRect(window.model.index(0, COL_ACK))
        qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

        def acked() -> bool:
            alert = clean.http.get(f"/alert/{sent['id']}").json()["alert"]
            return alert["status"] == "ack"

        await until(acked, what="the alert acknowledged in Alerta")
        alert = clean.http.get(f"/alert/{sent['id']}").json()["alert"]
        last = [h for h in alert["history"] if h.get("status") == "ack"][-1]
        assert last["text"].startswith("ACK by alice")
        assert last.get("timeout") == 1800  # the critical duration from [ack]
        state = await engine.poll_once()
        assert state.incidents[0].incident.is_acknowledged
        # Attributed to the engineer, not to the owner of the board's API key.
        assert state.incidents[0].incident.acknowledged_by == "alice"
        assert key == state.incidents[0].incident.key
        await engine.acks.stop()


async def test_already_acknowledged_is_success_and_unack_reopens(
    clean: AlertaClient, tmp_path: Path
) -> None:
    from noc_wallboard.app import running_engine
    from noc_wallboard.domain.ack import AckAction, AckState

    sent = clean.send(resource="web-02", event="HostDown", severity="major", createTime=ago(3))
    config = _alerta_board_config(clean.url, tmp_path / "ledger.sqlite3")
    async with running_engine(config, with_ledger=True) as engine:
        state = await engine.poll_once()
        incident = state.incidents[0].incident
        assert clean.action(sent["id"], "ack", "by hand") == 200  # someone was faster
        [req] = await engine.acks.request([incident])  # the board had not seen it yet
        final = await engine.acks.wait_settled([req.id], timedelta(seconds=10))
        assert final[req.id].state is AckState.CONFIRMED  # a 409 counts as success
        [note] = await engine.acks.request([incident], AckAction.COMMENT, "vendor called")
        final = await engine.acks.wait_settled([note.id], timedelta(seconds=10))
        assert final[note.id].state is AckState.CONFIRMED, final[note.id].last_error
        notes = clean.http.get(f"/alert/{sent['id']}/notes").json()
        assert any("alice: vendor called" in n["text"] for n in notes.get("notes", []))
        [un] = await engine.acks.request([incident], AckAction.UNACK)
        final = await engine.acks.wait_settled([un.id], timedelta(seconds=10))
        assert final[un.id].state is AckState.CONFIRMED
        alert = clean.http.get(f"/alert/{sent['id']}").json()["alert"]
        assert alert["status"] == "open"


async def test_ack_of_a_closed_alert_is_refused_plainly(
    clean: AlertaClient, tmp_path: Path
) -> None:
    from noc_wallboard.app import running_engine
    from noc_wallboard.domain.ack import AckState

    sent = clean.send(resource="lb-01", event="Flap", severity="major", createTime=ago(3))
    config = _alerta_board_config(clean.url, tmp_path / "ledger.sqlite3")
    async with running_engine(config, with_ledger=True) as engine:
        state = await engine.poll_once()
        incident = state.incidents[0].incident
        assert clean.action(sent["id"], "close", "fixed") == 200
        [req] = await engine.acks.request([incident])
        final = await engine.acks.wait_settled([req.id], timedelta(seconds=10))
        assert final[req.id].state is AckState.FAILED
        assert "closed" in (final[req.id].last_error or "")
