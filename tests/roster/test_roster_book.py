"""RosterBook: lines a feed has served stay on the board (as a gap) when it stops serving them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from noc_wallboard.domain.roster import Participant
from noc_wallboard.domain.roster_timeline import RosterBatch, Shift
from noc_wallboard.services.roster_book import RosterBook

NOW = datetime(2026, 11, 27, 10, tzinfo=UTC)
A, B = Participant("Anna"), Participant("Ben")


def shift(line: str, who: Participant, feed: str) -> Shift:
    return Shift(line, (who,), NOW - timedelta(hours=2), NOW + timedelta(hours=6), feed)


def lines(book: RosterBook) -> dict[str, list[str]]:
    return {d.line: [p.name for p in d.on_duty] for d in book.resolve(NOW)}


def test_ical_line_from_the_pattern_stays_as_a_gap_when_the_feed_drops_it():
    # An iCal feed whose lines come from the pattern's `line` group: none declared.
    book = RosterBook([], ["L1"], {"cal": []})
    book.update("cal", RosterBatch((shift("L1", A, "cal"), shift("DB", B, "cal"))))
    assert lines(book) == {"L1": ["Anna"], "DB": ["Ben"]}
    book.update("cal", RosterBatch((shift("L1", A, "cal"),)))  # nobody on DB any more
    assert lines(book) == {"L1": ["Anna"], "DB": []}
    book.update("cal", RosterBatch(()))  # an empty answer
    assert lines(book) == {"L1": [], "DB": []}
    duties = {d.line: d for d in book.resolve(NOW)}
    assert duties["DB"].is_empty and not duties["DB"].stale


def test_pagerduty_levels_without_a_mapping_stay_and_go_stale_on_failure():
    book = RosterBook([], [], {"pd": []})
    book.update("pd", RosterBatch((shift("L1", A, "pd"), shift("L2", B, "pd"))))
    book.update("pd", RosterBatch((shift("L1", A, "pd"),)))  # filtered answer: no level 2
    assert lines(book) == {"L1": ["Anna"], "L2": []}
    book.fail("pd", "HTTP 500")
    duties = {d.line: d for d in book.resolve(NOW)}
    assert duties["L2"].stale and "HTTP 500" in (duties["L2"].error or "")


def test_remembered_lines_keep_their_place():
    book = RosterBook([], ["L1"], {"cal": []})
    book.update("cal", RosterBatch((shift("Z9", A, "cal"), shift("A1", B, "cal"))))
    before = [d.line for d in book.resolve(NOW)]
    book.update("cal", RosterBatch((shift("Z9", A, "cal"),)))
    assert [d.line for d in book.resolve(NOW)] == before == ["L1", "A1", "Z9"]
