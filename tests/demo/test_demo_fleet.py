"""The simulated world: deterministic, in range, and alive (alerts come, get acked, go)."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from datetime import UTC, datetime, timedelta

from noc_wallboard.demo.fleet import Fleet
from noc_wallboard.demo.incidents import Incident
from noc_wallboard.demo.metrics import METRIC_NAMES

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def _picture(fleet: Fleet, minutes: int) -> list[object]:
    now = START + minutes * MINUTE
    refs = fleet.series
    values = fleet.sample(refs, [now.timestamp()])
    incidents = [(i.key, sorted(i.labels.items())) for i in fleet.incidents(now)]
    silences = [(s.id, s.comment) for s in fleet.silences(now)]
    return [
        [None if v[0] is None or math.isnan(v[0]) else round(v[0], 9) for v in values],
        incidents,
        silences,
    ]


def test_same_seed_same_world() -> None:
    first, second = Fleet(7, START), Fleet(7, START)
    for minutes in (0, 37, 600):
        assert _picture(first, minutes) == _picture(second, minutes)


def test_world_is_a_function_of_time_not_of_history() -> None:
    jumped, walked = Fleet(7, START), Fleet(7, START)
    for minutes in range(0, 180, 20):
        walked.advance_to(START + minutes * MINUTE)
        _picture(walked, minutes)
    jumped.advance_to(START + 180 * MINUTE)
    assert _picture(jumped, 180) == _picture(walked, 180)


def test_other_seed_other_world() -> None:
    assert _picture(Fleet(7, START), 120) != _picture(Fleet(8, START), 120)


def test_fleet_shape() -> None:
    fleet = Fleet(7, START)
    clients = Counter(h.client for h in fleet.hosts)
    assert set(clients) == {"acme", "globex", "initech", "umbrella"}
    assert all(6 <= n <= 10 for n in clients.values())
    assert {len({h.site for h in fleet.hosts if h.client == c}) for c in clients} == {2}
    host = fleet.hosts[0]
    assert host.labels() == {
        "client": "acme",
        "instance": "acme-web-01:9100",
        "job": "node",
        "service": "web",
        "site": "acme-ams",
    }
    assert {r.metric for r in fleet.series} == set(METRIC_NAMES)


def test_metric_values_stay_in_range_and_sometimes_cross_thresholds() -> None:
    fleet = Fleet(7, START)
    refs = fleet.series
    times = [(START + m * 5 * MINUTE).timestamp() for m in range(-12 * 12, 12 * 12)]
    high: Counter[str] = Counter()
    seen_nan = seen_absent = False
    for ref, values in zip(refs, fleet.sample(refs, times), strict=True):
        for value in values:
            if value is None:
                seen_absent = True
                continue
            if math.isnan(value):
                seen_nan = True
                continue
            if ref.metric == "up":
                assert value in (0.0, 1.0)
            elif ref.metric == "probe_http_duration_seconds":
                assert 0 < value < 30
                high[ref.metric] += value >= 1.0
            else:
                assert 0 <= value <= 100
                high[ref.metric] += value >= 95
    assert high["node_cpu_busy_percent"] > 0
    assert high["node_filesystem_used_percent"] > 0
    assert high["probe_http_duration_seconds"] > 0
    assert seen_nan and seen_absent


def test_metrics_move_smoothly() -> None:
    fleet = Fleet(7, START)
    ref = next(r for r in fleet.series if r.metric == "node_memory_used_percent")
    times = [(START + i * 15 * timedelta(seconds=1)).timestamp() for i in range(40)]
    values = [v for v in fleet.sample([ref], times)[0] if v is not None]
    steps = [abs(b - a) for a, b in itertools.pairwise(values)]
    assert max(steps) < 10


def test_opening_act_is_populated() -> None:
    fleet = Fleet(7, START)
    firing = fleet.firing(START)
    assert 4 <= len(firing) <= 15
    severities = {i.severity for i in firing}
    assert {"critical", "warning", "P3", None} <= severities
    # A critical that started 20 minutes ago and nobody acknowledged: its response SLA breached.
    breached = [
        i
        for i in firing
        if i.severity == "critical"
        and i.ack is None
        and fleet.at(i.fires_at) <= START - 20 * MINUTE
    ]
    assert breached
    names = Counter(i.alertname for i in firing)
    assert any(n >= 2 for n in names.values())
    assert any(
        s.comment.startswith("ACK") and s.state(START) == "active" for s in fleet.silences(START)
    )
    assert any(not s.comment.startswith("ACK") for s in fleet.silences(START))


def test_alert_count_stays_within_bounds_for_a_day() -> None:
    fleet = Fleet(7, START)
    for minutes in range(0, 24 * 60, 7):
        assert 4 <= len(fleet.firing(START + minutes * MINUTE)) <= 15


def test_alerts_arrive_get_acknowledged_and_resolve() -> None:
    fleet = Fleet(7, START)
    first_seen: dict[str, Incident] = {}
    acked = resolved = odd = 0
    for minutes in range(0, 6 * 60, 2):
        now = START + minutes * MINUTE
        current = {fp.key: fp for fp in fleet.firing(now)}
        for key, incident in current.items():
            first_seen.setdefault(key, incident)
        resolved += sum(1 for key in first_seen if key not in current)
    incidents = list(first_seen.values())
    arrived_later = [i for i in incidents if i.fires_at > 0]
    assert len(arrived_later) > 20
    for incident in incidents:
        ack = incident.ack
        if incident.severity not in ("critical", "warning", "info"):
            odd += 1
        if ack is None:
            continue
        acked += 1
        assert ack.comment.startswith("ACK")
        assert 0 < ack.at - incident.fires_at <= 600
    assert 0.2 < acked / len(incidents) < 0.5
    assert resolved > 0
    assert odd > 0


def test_ack_is_a_silence_on_exactly_the_alert_labels() -> None:
    fleet = Fleet(7, START)
    for minutes in range(0, 240, 5):
        now = START + minutes * MINUTE
        for incident in fleet.firing(now):
            ack = incident.ack
            if ack is None or fleet.at(ack.at) > now:
                continue
            silence = next(s for s in fleet.silences(now) if s.id == ack.silence_id)
            assert {m.name: m.value for m in silence.matchers} == incident.labels
            assert all(m.op == "=" for m in silence.matchers)
            assert silence.created_by and silence.comment.startswith("ACK")
            return
    raise AssertionError("no acknowledged incident in four hours")


def test_host_down_makes_up_zero_and_its_node_series_vanish() -> None:
    fleet = Fleet(7, START)
    down = next(i for i in fleet.firing(START) if i.alertname == "HostDown")
    assert fleet.value("up", down.host.name, START) == 0.0
    assert fleet.value("node_cpu_busy_percent", down.host.name, START) is None
    target = next(t for t in fleet.targets(START) if t.host == down.host)
    assert target.health == "down" and "connection refused" in target.last_error
    assert fleet.value("up", down.host.name, fleet.at(down.resolves_at + 60)) == 1.0


def test_metric_alerts_agree_with_their_metric() -> None:
    fleet = Fleet(7, START)
    cpu = [i for i in fleet.firing(START) if i.alertname == "HighCPU"]
    assert cpu
    for incident in cpu:
        value = fleet.value("node_cpu_busy_percent", incident.host.name, START)
        assert value is not None and value > 80
