"""Page rotation on a fake clock: dwell per page, schedules, filters, interrupts and holds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.wall import OVERVIEW, LabelFilter, PageSpec, Schedule
from noc_wallboard.ports import IncidentBatch
from noc_wallboard.presentation.page_filter import StateFilter
from noc_wallboard.presentation.rotation import (
    CAUSE_NEW,
    CAUSE_RESPONSE,
    PageRotation,
)
from tests.factories import NOW, incident, make_store, populated_store

S = timedelta(seconds=1)
ALL_DAY = Schedule(((0, 24 * 60),))


def page(name, dwell=30, **kw):
    return PageSpec(name=name, dwell=timedelta(seconds=dwell), **kw)


def acme_page(name="acme", **kw):
    return page(name, filter=LabelFilter({"client": "acme"}), **kw)


def walk(rotation, seconds, start=NOW, state=None):
    """The page shown at each second, on a fake clock."""
    shown = []
    for i in range(seconds):
        now = start + i * S
        shown.append(rotation.select(now, state if i == 0 else None).page.name)
    return shown


def quiet_state(now=NOW):
    store = make_store(now)
    store.apply_incidents("am", IncidentBatch(()), now)
    return store.state


# ---------------------------------------------------------------- rotation and dwell
def test_without_pages_the_board_is_one_page():
    rotation = PageRotation([])
    choice = rotation.select(NOW, populated_store().state)
    assert choice.page is OVERVIEW and choice.count == 0 and choice.hold is None


def test_each_page_keeps_its_own_dwell():
    rotation = PageRotation([page("a", 10), page("b", 5), page("c", 20)])
    shown = walk(rotation, 40, state=quiet_state())
    assert shown[:10] == ["a"] * 10
    assert shown[10:15] == ["b"] * 5
    assert shown[15:35] == ["c"] * 20
    assert shown[35:40] == ["a"] * 5  # and round again


def test_choice_numbers_pages_and_knows_when_it_started():
    rotation = PageRotation([page("a", 10), page("b", 10)])
    rotation.select(NOW, quiet_state())
    choice = rotation.select(NOW + 12 * S)
    assert (choice.page.name, choice.number, choice.count) == ("b", 2, 2)
    assert choice.started == NOW + 12 * S


def test_a_single_page_stays():
    rotation = PageRotation([page("only", 5)])
    assert set(walk(rotation, 30, state=quiet_state())) == {"only"}


# ---------------------------------------------------------------- schedules
def test_schedule_in_a_zone_with_days():
    # 08:00–18:00 Berlin on weekdays; NOW is Friday 10:00 UTC = 11:00 in Berlin.
    office = Schedule(((8 * 60, 18 * 60),), frozenset({1, 2, 3, 4, 5}), "Europe/Berlin")
    assert office.active(NOW)
    assert not office.active(NOW.replace(hour=17, minute=30))  # 18:30 Berlin
    assert office.active(NOW.replace(hour=6, minute=59)) is False  # 07:59 Berlin
    assert office.active(NOW.replace(hour=7, minute=0))  # 08:00 Berlin
    assert not office.active(NOW + timedelta(days=1))  # Saturday


def test_overnight_window_belongs_to_the_day_it_starts():
    night = Schedule(((22 * 60, 6 * 60),), frozenset({5}), "UTC")  # Friday night
    friday_23 = NOW.replace(hour=23)
    assert night.active(friday_23)
    assert night.active(friday_23 + timedelta(hours=6))  # Saturday 05:00
    assert not night.active(friday_23 + timedelta(hours=7))  # Saturday 06:00
    assert not night.active(NOW.replace(hour=3))  # Friday 03:00: Thursday's night


def test_unscheduled_pages_are_skipped_and_nothing_scheduled_shows_everything():
    later = Schedule(((20 * 60, 21 * 60),))  # 20:00–21:00 UTC
    rotation = PageRotation([page("day", 10), page("evening", 10, schedule=later)])
    assert set(walk(rotation, 25, state=quiet_state())) == {"day"}
    choice = rotation.select(NOW.replace(hour=20, minute=0, second=30))
    assert choice.page.name in ("day", "evening")
    nothing = PageRotation([page("evening", 10, schedule=later)])
    choice = nothing.select(NOW, quiet_state())
    assert choice.page is OVERVIEW and choice.note == "no page scheduled now"
    assert nothing.select(NOW.replace(hour=20, minute=1)).page.name == "evening"


def test_a_page_whose_window_ends_is_left_at_once():
    rotation = PageRotation(
        [page("a", 600, schedule=Schedule(((600, 601),))), page("b", 600)]
    )  # a: 10:00–10:01 UTC
    assert rotation.select(NOW, quiet_state()).page.name == "a"
    assert rotation.select(NOW + 59 * S).page.name == "a"
    assert rotation.select(NOW + 60 * S).page.name == "b"


# ---------------------------------------------------------------- filters
def test_filter_keeps_one_clients_incidents_and_tiles():
    store = populated_store()
    store.apply_incidents(
        "am",
        IncidentBatch(
            (
                incident("a1", labels={"client": "acme", "instance": "db-01"}),
                incident("g1", labels={"client": "globex", "instance": "web-02"}),
                incident("g2", Severity.WARNING, labels={"client": "globex"}),
            )
        ),
        NOW,
    )
    state = store.state
    flt = StateFilter()
    view = flt.apply(state, page("globex", filter=LabelFilter({"client": "globex"})))
    assert {i.incident.id for i in view.incidents} == {"g1", "g2"}
    assert view.counts[Severity.CRITICAL].total == 1 and view.counts[Severity.WARNING].total == 1
    assert view.sources == state.sources and view.roster == state.roster
    # The sample series carry no client label: their tiles are not the page's.
    assert view.panels == ()
    rx = flt.apply(state, page("db", filter=LabelFilter({}, {"instance": "db-.*"})))
    assert [i.incident.id for i in rx.incidents] == ["a1"]
    assert [t.title for p in rx.panels for t in p.tiles] == ["db-01", "db-01"]


def test_filter_reuses_unchanged_panels_and_chooses_panels_by_name():
    state = populated_store().state
    flt = StateFilter()
    site = page("db", filter=LabelFilter({}, {"instance": "db-.*"}))
    first = flt.apply(state, site)
    again = flt.apply(state, site)
    assert first.panels[0] is again.panels[0]  # the health view's cache keeps working
    only_cpu = flt.apply(state, page("cpu", panels=("CPU busy",)))
    assert [p.spec.name for p in only_cpu.panels] == ["CPU busy"]
    assert flt.apply(state, page("all")) is state


# ---------------------------------------------------------------- interrupts
def _board_with(*items, now=NOW):
    store = make_store(now)
    store.apply_incidents("am", IncidentBatch(tuple(items)), now)
    return store


def test_new_critical_interrupts_and_holds_on_the_page_that_shows_it():
    pages = [page("globex", 10, filter=LabelFilter({"client": "globex"})), acme_page(dwell=10)]
    rotation = PageRotation(pages, hold=timedelta(minutes=5))
    store = _board_with()
    assert rotation.select(NOW, store.state).page.name == "globex"
    crit = incident("c1", Severity.CRITICAL, timedelta(seconds=10), labels={"client": "acme"})
    store.apply_incidents("am", IncidentBatch((crit,)), NOW + 2 * S)
    choice = rotation.select(NOW + 2 * S, store.state)
    assert choice.page.name == "acme"
    assert choice.hold is not None and choice.hold.cause == CAUSE_NEW
    assert choice.hold.key == ("am", "c1") and choice.hold.until == NOW + 2 * S + 5 * 60 * S
    # Held: dwell times pass, the page stays.
    assert set(walk(rotation, 120, start=NOW + 3 * S)) == {"acme"}


def test_hold_releases_on_acknowledgement_and_rotation_resumes():
    pages = [page("a", 10), page("b", 10)]
    rotation = PageRotation(pages)
    store = _board_with()
    rotation.select(NOW, store.state)
    assert rotation.select(NOW + 12 * S).page.name == "b"
    crit = incident("c1", Severity.CRITICAL, timedelta(seconds=5))
    store.apply_incidents("am", IncidentBatch((crit,)), NOW + 13 * S)
    held = rotation.select(NOW + 13 * S, store.state)
    assert held.page.name == "b" and held.hold is not None  # b shows it: stay on b
    acked = incident(
        "c1",
        Severity.CRITICAL,
        timedelta(seconds=65),
        acked_by="ann",
        acked_after=timedelta(seconds=60),
        now=NOW + 60 * S,
    )
    store.apply_incidents("am", IncidentBatch((acked,)), NOW + 60 * S)
    released = rotation.select(NOW + 60 * S, store.state)
    assert released.hold is None and released.page.name == "b"
    assert released.started == NOW + 60 * S  # a fresh dwell on the interrupted page
    assert rotation.select(NOW + 70 * S).page.name == "a"


def test_hold_releases_when_resolved_and_after_the_hold_time():
    rotation = PageRotation([page("a", 10), page("b", 10)], hold=timedelta(seconds=30))
    store = _board_with(incident("c1", Severity.CRITICAL, timedelta(seconds=5)))
    assert rotation.select(NOW, store.state).hold is not None
    assert rotation.select(NOW + 29 * S).hold is not None
    after = rotation.select(NOW + 30 * S)
    assert after.hold is None
    # Still unacknowledged, but it has had its hold: it does not interrupt again.
    assert all(rotation.select(NOW + (31 + i) * S).hold is None for i in range(60))
    # Resolved (gone), then firing again later: a new interrupt.
    store.apply_incidents("am", IncidentBatch(()), NOW + 100 * S)
    assert rotation.select(NOW + 100 * S, store.state).hold is None
    again = incident("c1", Severity.CRITICAL, timedelta(seconds=1), now=NOW + 200 * S)
    store.apply_incidents("am", IncidentBatch((again,)), NOW + 200 * S)
    assert rotation.select(NOW + 200 * S, store.state).hold is not None


def test_resolved_incident_releases_a_hold():
    rotation = PageRotation([page("a", 10)])
    store = _board_with(incident("c1", Severity.CRITICAL, timedelta(seconds=5)))
    assert rotation.select(NOW, store.state).hold is not None
    store.apply_incidents("am", IncidentBatch(()), NOW + 5 * S)
    assert rotation.select(NOW + 5 * S, store.state).hold is None


def test_no_page_shows_it_so_the_hold_shows_the_whole_board():
    rotation = PageRotation([acme_page()])
    crit = incident("g1", Severity.CRITICAL, labels={"client": "globex"})
    choice = rotation.select(NOW, _board_with(crit).state)
    assert choice.page is OVERVIEW and choice.hold is not None


def test_health_only_pages_do_not_show_incidents():
    health = page("health", 10, regions=frozenset({"health"}))
    rotation = PageRotation([health, page("board", 10)])
    crit = incident("c1", Severity.CRITICAL)
    assert rotation.select(NOW, _board_with(crit).state).page.name == "board"


def test_warning_does_not_interrupt_unless_configured():
    warn = incident("w1", Severity.WARNING, timedelta(seconds=5))
    state = _board_with(warn).state
    assert PageRotation([page("a")]).select(NOW, state).hold is None
    loud = PageRotation([page("a")], severities=frozenset({Severity.WARNING}))
    assert loud.select(NOW, state).hold is not None


def test_sla_breach_interrupts_even_below_critical():
    # A major has 30 min to be answered; at 31 min its response clock is breached.
    major = incident("m1", Severity.MAJOR, timedelta(minutes=31))
    rotation = PageRotation([page("a")], on_breach=True)
    choice = rotation.select(NOW, _board_with(major).state)
    assert choice.hold is not None and choice.hold.cause == CAUSE_RESPONSE
    quiet = PageRotation([page("a")], on_breach=False)
    assert quiet.select(NOW, _board_with(major).state).hold is None


def test_breach_between_polls_interrupts_on_the_tick():
    major = incident("m1", Severity.MAJOR, timedelta(minutes=29))
    rotation = PageRotation([page("a"), page("b")])
    assert rotation.select(NOW, _board_with(major).state).hold is None
    choice = rotation.select(NOW + 61 * S)  # no new state: the clock ran out meanwhile
    assert choice.hold is not None and choice.hold.cause == CAUSE_RESPONSE


def test_most_urgent_hold_wins():
    older = incident("c1", Severity.CRITICAL, timedelta(minutes=14), title="older")
    newer = incident("c2", Severity.CRITICAL, timedelta(minutes=1), title="newer")
    choice = PageRotation([page("a")]).select(NOW, _board_with(older, newer).state)
    assert choice.hold is not None and choice.hold.title == "older"  # least time left


@pytest.mark.parametrize("stale", [True, False])
def test_stale_incidents_do_not_interrupt(stale):
    from noc_wallboard.domain.errors import SourceUnavailable

    store = _board_with(incident("c1", Severity.CRITICAL, timedelta(seconds=5)))
    rotation = PageRotation([page("a")])
    if stale:
        store.apply_incidents("am", SourceUnavailable("down"), NOW + S)
    held = rotation.select(NOW + S, store.state).hold
    assert (held is None) is stale


@pytest.mark.parametrize("quiet", ["silenced", "inhibited"])
def test_silenced_or_inhibited_criticals_never_interrupt(quiet):
    # A maintenance window (or an inhibiting alert) must not hold the wall: they do not
    # sound either. When the silence ends and it is still open, it interrupts then.
    from dataclasses import replace

    crit = incident("c1", Severity.CRITICAL, timedelta(seconds=5))
    store = _board_with(replace(crit, **{quiet: True}))
    rotation = PageRotation([page("a", 10), page("b", 10)])
    assert rotation.select(NOW, store.state).hold is None
    assert walk(rotation, 25, start=NOW + S) == ["a"] * 9 + ["b"] * 10 + ["a"] * 6
    store.apply_incidents("am", IncidentBatch((crit,)), NOW + 30 * S)
    held = rotation.select(NOW + 30 * S, store.state)
    assert held.hold is not None and held.hold.since == NOW + 30 * S


def test_a_silence_during_a_hold_releases_it():
    from dataclasses import replace

    crit = incident("c1", Severity.CRITICAL, timedelta(seconds=5))
    store = _board_with(crit)
    rotation = PageRotation([page("a", 10)])
    assert rotation.select(NOW, store.state).hold is not None
    store.apply_incidents("am", IncidentBatch((replace(crit, silenced=True),)), NOW + 5 * S)
    assert rotation.select(NOW + 5 * S, store.state).hold is None


def test_a_source_blip_does_not_re_interrupt_spent_criticals():
    from noc_wallboard.domain.errors import SourceUnavailable

    crit = incident("c1", Severity.CRITICAL, timedelta(seconds=5))
    store = _board_with(crit)
    rotation = PageRotation([page("a", 10), page("b", 10)], hold=timedelta(seconds=60))
    first = rotation.select(NOW, store.state).hold
    assert first is not None and first.until == NOW + 60 * S
    # A blip during the hold: stale, so no hold meanwhile; back, the same hold goes on
    # (same end), not a fresh ten minutes.
    store.apply_incidents("am", SourceUnavailable("down"), NOW + 10 * S)
    assert rotation.select(NOW + 10 * S, store.state).hold is None
    store.apply_incidents("am", IncidentBatch((crit,)), NOW + 20 * S)
    back = rotation.select(NOW + 20 * S, store.state).hold
    assert back is not None and back.until == first.until
    assert rotation.select(NOW + 60 * S).hold is None
    # After its hold, blips (one every poll, flapping) never hold again.
    for k in range(5):
        t = NOW + (100 + 30 * k) * S
        store.apply_incidents("am", SourceUnavailable("down"), t)
        assert rotation.select(t, store.state).hold is None
        store.apply_incidents("am", IncidentBatch((crit,)), t + 15 * S)
        assert rotation.select(t + 15 * S, store.state).hold is None
    # Resolved and firing again: that is news, it interrupts.
    store.apply_incidents("am", IncidentBatch(()), NOW + 400 * S)
    rotation.select(NOW + 400 * S, store.state)
    again = incident("c1", Severity.CRITICAL, timedelta(seconds=1), now=NOW + 500 * S)
    store.apply_incidents("am", IncidentBatch((again,)), NOW + 500 * S)
    assert rotation.select(NOW + 500 * S, store.state).hold is not None
