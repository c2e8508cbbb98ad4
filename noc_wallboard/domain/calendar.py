"""SLA calendars: which time counts towards a target.

`AlwaysOn` is 24×7. `BusinessHours` counts only working intervals of each local day
in a time zone, minus holidays. Both answer the two questions an SLA clock asks:
how much counted time lies between two instants, and when a given amount of counted
time has elapsed from an instant.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

# How far `add` searches for enough working time before giving up (a calendar with no
# working hours would otherwise search forever).
MAX_SEARCH_DAYS = 800


class Calendar(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def is_24x7(self) -> bool: ...

    def counted(self, start: datetime, end: datetime) -> timedelta:
        """Counted time in [start, end); zero when end <= start."""
        ...

    def add(self, start: datetime, amount: timedelta) -> datetime | None:
        """The instant when `amount` of counted time has elapsed since `start`,
        or None if the calendar has no such instant within MAX_SEARCH_DAYS."""
        ...


@dataclass(frozen=True, slots=True)
class AlwaysOn:
    name: str = "24x7"

    @property
    def is_24x7(self) -> bool:
        return True

    def counted(self, start: datetime, end: datetime) -> timedelta:
        return max(end - start, timedelta(0))

    def add(self, start: datetime, amount: timedelta) -> datetime | None:
        return start + amount


@dataclass(frozen=True, slots=True)
class BusinessHours:
    """Working intervals per ISO weekday (1 = Monday) in local time, minus holidays.

    Intervals are local wall-clock times; on a DST change day an interval keeps its
    wall-clock bounds, so it may be an hour shorter or longer in absolute time.
    """

    name: str
    timezone: str
    week: Mapping[int, tuple[tuple[time, time], ...]]
    holidays: frozenset[date] = field(default_factory=frozenset)
    # Working intervals per local date, computed once: a 1 Hz board asks the same days
    # over and over, and zone arithmetic is the expensive part.
    _days: dict[date, tuple[tuple[datetime, datetime], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # Running totals of working time per day from `_base[0]`, so the counted time of a
    # clock weeks old costs two lookups instead of a walk over every day.
    _cum: list[timedelta] = field(default_factory=list, compare=False, repr=False)
    _base: list[date] = field(default_factory=list, compare=False, repr=False)

    @property
    def is_24x7(self) -> bool:
        return False

    def _day(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        cached = self._days.get(day)
        if cached is not None:
            return cached
        zone = ZoneInfo(self.timezone)
        spans: list[tuple[datetime, datetime]] = []
        if day not in self.holidays:
            for begin, end in self.week.get(day.isoweekday(), ()):
                lo = datetime.combine(day, begin, tzinfo=zone).astimezone(UTC)
                if end == time(0, 0):  # "until midnight"
                    hi_local = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
                else:
                    hi_local = datetime.combine(day, end, tzinfo=zone)
                hi = hi_local.astimezone(UTC)
                if hi > lo:
                    spans.append((lo, hi))
        result = tuple(spans)
        self._days[day] = result
        return result

    def _intervals(self, start_day: date, days: int) -> Iterator[tuple[datetime, datetime]]:
        for offset in range(days):
            yield from self._day(start_day + timedelta(days=offset))

    def _first_day(self, moment: datetime) -> date:
        # Start a day early: an interval of yesterday's local date may still be open.
        return moment.astimezone(ZoneInfo(self.timezone)).date() - timedelta(days=1)

    def _cumulative(self, day: date) -> timedelta:
        """Working time of the days from the base up to, not including, `day`."""
        if not self._base or day < self._base[0]:
            self._base[:] = [day - timedelta(days=7)]
            self._cum[:] = [timedelta(0)]
        base = self._base[0]
        index = (day - base).days
        while len(self._cum) <= index:
            d = base + timedelta(days=len(self._cum) - 1)
            self._cum.append(
                self._cum[-1] + sum((hi - lo for lo, hi in self._day(d)), timedelta(0))
            )
        return self._cum[index]

    def counted(self, start: datetime, end: datetime) -> timedelta:
        if end <= start:
            return timedelta(0)
        if end - start <= timedelta(days=6):
            return self._scan(start, end)
        # Long spans: scan the partial days at both ends, sum whole days from the totals.
        zone = ZoneInfo(self.timezone)
        first_whole = start.astimezone(zone).date() + timedelta(days=2)
        after_whole = end.astimezone(zone).date() - timedelta(days=1)
        a = datetime.combine(first_whole, time(0), tzinfo=zone).astimezone(UTC)
        b = datetime.combine(after_whole, time(0), tzinfo=zone).astimezone(UTC)
        before = self._cumulative(first_whole)  # the earlier day first: it may move the base
        middle = self._cumulative(after_whole) - before
        return self._scan(start, a) + middle + self._scan(b, end)

    def _scan(self, start: datetime, end: datetime) -> timedelta:
        if end <= start:
            return timedelta(0)
        days = (end - start).days + 3
        total = timedelta(0)
        for lo, hi in self._intervals(self._first_day(start), days):
            if hi <= start:
                continue
            if lo >= end:
                break
            total += min(hi, end) - max(lo, start)
        return total

    def add(self, start: datetime, amount: timedelta) -> datetime | None:
        left = amount
        for lo, hi in self._intervals(self._first_day(start), MAX_SEARCH_DAYS):
            if hi <= start:
                continue
            begin = max(lo, start)
            span = hi - begin
            if left <= span:
                return begin + left
            left -= span
        return None

    def is_open(self, moment: datetime) -> bool:
        return self.counted(moment, moment + timedelta(seconds=1)) > timedelta(0)
