"""The pure parts of acknowledgement on Alertmanager: silence bodies, matching, renewal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from noc_wallboard.adapters import alertmanager_ack as ack
from noc_wallboard.domain.ack import AckAction, AckRefused, AckRequest, ack_comment

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
LABELS = {"alertname": "DiskFull", "instance": "db-01:9100", "severity": "critical"}


def request(labels=LABELS, comment: str = "") -> AckRequest:
    return AckRequest(
        "f" * 32, "am", "abcd", AckAction.ACK, "alice", "desk", NOW, comment=comment, labels=labels
    )


def test_silence_is_every_label_of_the_alert_by_equality() -> None:
    body = ack.silence_body(request(comment="looking"), NOW, timedelta(minutes=30))
    assert body["matchers"] == [
        {"name": k, "value": LABELS[k], "isRegex": False, "isEqual": True} for k in sorted(LABELS)
    ]
    assert body["createdBy"] == "alice"
    assert body["comment"] == f"ACK by alice: looking [noc-wallboard {'f' * 32}]"
    assert body["startsAt"] == "2026-11-27T09:00:00.000Z"
    assert body["endsAt"] == "2026-11-27T09:30:00.000Z"


def test_no_labels_no_silence() -> None:
    with pytest.raises(AckRefused, match="labels"):
        ack.silence_body(request(labels={}), NOW, timedelta(minutes=5))


def silence(**kw) -> ack.Silence:
    base = {
        "id": "s1",
        "state": "active",
        "comment": ack_comment("alice", "", "f" * 32),
        "created_by": "alice",
        "starts_at": "2026-11-27T08:00:00.000Z",
        "ends_at": NOW + timedelta(minutes=5),
        "matchers": tuple(ack.silence_matchers(LABELS)),
    }
    return ack.Silence(**{**base, **kw})


def test_matching_follows_alertmanager_rules() -> None:
    assert silence().matches(LABELS)
    assert not silence().matches({**LABELS, "instance": "db-02:9100"})
    regex = silence(
        matchers=({"name": "instance", "value": "db-0[12].*", "isRegex": True, "isEqual": True},)
    )
    assert regex.matches(LABELS)
    negative = silence(
        matchers=({"name": "instance", "value": "db-01:9100", "isRegex": False, "isEqual": False},)
    )
    assert not negative.matches(LABELS)
    assert not silence(matchers=()).matches(LABELS)  # an empty silence matches nothing here


def test_earlier_attempt_is_found_by_the_request_marker_only() -> None:
    ours = silence()
    other = silence(id="s2", comment="ACK by bob")
    assert ack.earlier_attempt([other, ours], "f" * 32) is ours
    assert ack.earlier_attempt([other], "f" * 32) is None
    assert ack.earlier_attempt([silence(state="expired")], "f" * 32) is None


def test_renewal_only_for_our_acks_of_firing_alerts_close_to_their_end() -> None:
    ours = silence()
    far = silence(id="far", ends_at=NOW + timedelta(hours=1))
    karma = silence(id="karma", comment="ACK by bob (karma)")
    resolved = silence(id="resolved")
    maintenance = silence(id="maint", comment="maintenance window [noc-wallboard x]")
    firing = {"s1": "critical", "far": "critical", "karma": "critical", "maint": "major"}
    bodies = ack.renewals(
        [ours, far, karma, resolved, maintenance],
        firing,
        NOW,
        lambda sev: timedelta(hours=2) if sev == "critical" else timedelta(hours=1),
        timedelta(minutes=20),
    )
    assert [b["id"] for b in bodies] == ["s1"]
    body = bodies[0]
    assert body["startsAt"] == ours.starts_at  # an active silence keeps its start
    assert body["endsAt"] == "2026-11-27T11:00:00.000Z"
    assert body["matchers"] == [dict(m) for m in ours.matchers]


def test_refusal_text_reads_alertmanagers_bare_json_string() -> None:
    assert ack.refusal_text(b'"silence invalid: at least one matcher"') == (
        "silence invalid: at least one matcher"
    )
    assert ack.refusal_text(b"<html>oops</html>") == "<html>oops</html>"


def test_alert_filter_quotes_and_escapes_the_name() -> None:
    assert ack.alert_filter({"alertname": 'Диск "full"'}) == [
        ("filter", 'alertname="Диск \\"full\\""')
    ]
    assert ack.alert_filter({}) == []


def test_a_recurrence_after_the_ack_does_not_keep_the_silence_alive() -> None:
    """The acked alert resolved and fired again while our silence still runs: the board
    shows it unacknowledged, and renewal must not extend the old ACK."""
    from unittest.mock import MagicMock

    from noc_wallboard.adapters.alertmanager import AlertmanagerSource, parse_alerts
    from noc_wallboard.config.schema import SourceConfig
    from noc_wallboard.domain.severity import SeverityMap

    source = AlertmanagerSource(
        SourceConfig(name="am", kind="alertmanager", url="http://127.0.0.1:9"),
        MagicMock(),
        SeverityMap(),
    )
    silence_doc = {
        "id": "s1",
        "status": {"state": "active"},
        "comment": ack_comment("alice", "", "f" * 32),
        "createdBy": "alice",
        "startsAt": "2026-11-27T08:00:00.000Z",
        "endsAt": "2026-11-27T09:05:00.000Z",
        "matchers": ack.silence_matchers(LABELS),
    }

    def alert(starts: str) -> dict:
        return {
            "fingerprint": "abcd",
            "labels": LABELS,
            "startsAt": starts,
            "status": {"state": "suppressed", "silencedBy": ["s1"], "inhibitedBy": []},
        }

    for starts, renewed in (("2026-11-27T07:50:00.000Z", ["s1"]), ("2026-11-27T08:30:00Z", [])):
        docs = [alert(starts)]
        incidents = parse_alerts(docs, "am", SeverityMap())
        source._remember_for_renewal([(docs, [silence_doc], None)], incidents)
        bodies = ack.renewals(
            source._silences,
            source._firing,
            NOW,
            lambda s: timedelta(hours=1),
            timedelta(minutes=20),
        )
        assert [b["id"] for b in bodies] == renewed, starts
