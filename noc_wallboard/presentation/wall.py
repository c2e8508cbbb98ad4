"""View-models of the wall's header and footers: clocks in several zones, the heartbeat
that proves the board is alive, the page indicator and a hold, and "+N more" lines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.wall import ClockZone
from noc_wallboard.presentation.formatting import (
    MINUS,
    SEVERITY_GLYPH,
    format_age,
    format_countdown,
)
from noc_wallboard.presentation.i18n import QT_TRANSLATE_NOOP, translate
from noc_wallboard.presentation.incidents import IncidentRowVM, severity_word
from noc_wallboard.presentation.rotation import (
    CAUSE_NEW,
    CAUSE_RESOLUTION,
    CAUSE_RESPONSE,
    PageChoice,
)


# ---------------------------------------------------------------- clocks
@dataclass(frozen=True, slots=True)
class ClockTextVM:
    label: str
    time: str
    main: bool  # the first clock: with seconds, larger


def clock_texts(now: datetime, zones: Sequence[ClockZone]) -> list[ClockTextVM]:
    """The first clock with seconds (it visibly moves), the others `HH:MM`, with `+1d`
    or `−1d` when their date differs from the first clock's. Without configured zones:
    local time and, when it differs, UTC."""
    if not zones:
        local = now.astimezone()
        out = [ClockTextVM(local.tzname() or "", f"{local:%H:%M:%S}", True)]
        if local.utcoffset():
            out.append(ClockTextVM("UTC", f"{now.astimezone(UTC):%H:%M}", False))
        return out
    out = []
    first_date = None
    for i, cz in enumerate(zones):
        local = now.astimezone(ZoneInfo(cz.zone))
        if i == 0:
            first_date = local.date()
            out.append(ClockTextVM(cz.label, f"{local:%H:%M:%S}", True))
            continue
        text = f"{local:%H:%M}"
        if first_date is not None and local.date() != first_date:
            days = (local.date() - first_date).days
            sign = "+" if days > 0 else MINUS
            text += f" {sign}{abs(days)}d"
        out.append(ClockTextVM(cz.label, text, False))
    return out


# ---------------------------------------------------------------- heartbeat
@dataclass(frozen=True, slots=True)
class HeartbeatVM:
    phase: bool  # alternates every second while the board lives
    alarm: bool
    text: str  # empty while healthy
    token: str


class Heartbeat:
    """Alive: the 1 Hz tick arrives on time, states keep coming from the engine, and some
    source was polled recently. A tick later than `loop_gap` means the main loop stalled
    (nothing could repaint meanwhile: the seconds stood still); it is reported for
    `remember` afterwards. The gap is measured on a monotonic clock when the caller
    gives one (an NTP step of the wall clock is not a stall), and `resume` forgets the
    last tick when the board was not ticked on purpose (hidden while its screen was
    unplugged). No state, or no poll attempt of any source, for `stall_after`
    means the data is stuck: the board may be showing old data as if it were fresh."""

    def __init__(
        self,
        stall_after: timedelta = timedelta(minutes=2),
        loop_gap: timedelta = timedelta(seconds=3),
        remember: timedelta = timedelta(minutes=1),
    ) -> None:
        self.stall_after = stall_after
        self._loop_gap = loop_gap
        self._remember = remember
        self._last_tick: datetime | None = None
        self._last_mono: float | None = None
        self._stall: tuple[datetime, timedelta] | None = None  # when, how long
        self._phase = False
        self._state_at: datetime | None = None
        self._polled_at: datetime | None = None
        self._has_sources = False

    def tick(self, now: datetime, monotonic: float | None = None) -> None:
        """One 1 Hz tick at `now`; `monotonic`: the same moment on a monotonic clock
        (seconds), which measures the gap when given."""
        gap: timedelta | None = None
        if monotonic is not None:
            if self._last_mono is not None:
                gap = timedelta(seconds=monotonic - self._last_mono)
            self._last_mono = monotonic
        elif self._last_tick is not None:
            gap = now - self._last_tick
        if gap is not None and gap > self._loop_gap:
            self._stall = (now, gap)
        self._last_tick = now
        self._phase = not self._phase

    def resume(self) -> None:
        """The ticks stopped on purpose (the board was hidden): the next one starts anew."""
        self._last_tick = None
        self._last_mono = None

    def state_seen(self, state: BoardState, received: datetime) -> None:
        self._state_at = received
        attempts = [s.last_attempt for s in state.sources if s.last_attempt is not None]
        self._has_sources = bool(state.sources)
        if attempts:
            self._polled_at = max(attempts)
        elif self._polled_at is None:
            self._polled_at = received  # nothing polled yet: count from the first state

    def vm(self, now: datetime) -> HeartbeatVM:
        ok = HeartbeatVM(self._phase, False, "", "status.ok")
        if self._state_at is not None and now - self._state_at > self.stall_after:
            text = translate("wall", "BOARD STUCK \u00b7 no update for {age}")
            return self._alarm(text.format(age=format_age(now - self._state_at)))
        if (
            self._has_sources
            and self._polled_at is not None
            and now - self._polled_at > self.stall_after
        ):
            text = translate("wall", "POLLING STUCK \u00b7 no poll for {age}")
            return self._alarm(text.format(age=format_age(now - self._polled_at)))
        if self._stall is not None and now - self._stall[0] <= self._remember:
            secs = int(self._stall[1].total_seconds())
            ago = format_age(now - self._stall[0])
            text = translate("wall", "BOARD FROZE {s}s, {ago} ago").format(s=secs, ago=ago)
            return self._alarm(text)
        return ok

    def _alarm(self, text: str) -> HeartbeatVM:
        return HeartbeatVM(self._phase, True, f"\u26a0 {text}", "alarm")


# ---------------------------------------------------------------- pages and holds
@dataclass(frozen=True, slots=True)
class PageVM:
    text: str  # "2/3 · acme"; empty on a board without pages
    progress: float | None  # share of the dwell elapsed; None while held or alone
    hold_text: str  # the interrupt, loud; empty when not held
    hold_token: str
    hold_until: str = ""  # how the hold ends; drawn right-aligned, never elided


_CAUSES = {
    CAUSE_NEW: QT_TRANSLATE_NOOP("wall", "NEW"),
    CAUSE_RESPONSE: QT_TRANSLATE_NOOP("wall", "RESPONSE SLA BREACHED"),
    CAUSE_RESOLUTION: QT_TRANSLATE_NOOP("wall", "RESOLUTION SLA BREACHED"),
}


def page_vm(choice: PageChoice, now: datetime) -> PageVM:
    page = choice.page
    if choice.count == 0:
        text = ""
    elif choice.number == 0:
        text = translate("wall", "all") + (f" \u00b7 {choice.note}" if choice.note else "")
    else:
        text = f"{choice.number}/{choice.count} \u00b7 {page.name}"
    progress = None
    if choice.hold is None and choice.count > 1 and choice.number:
        elapsed = (now - choice.started).total_seconds()
        progress = min(max(elapsed / max(page.dwell.total_seconds(), 1.0), 0.0), 1.0)
    if choice.hold is None:
        return PageVM(text, progress, "", "")
    hold = choice.hold
    left = format_countdown(hold.until - now)
    cause = translate("wall", _CAUSES.get(hold.cause, hold.cause.upper()))
    sev = f"{SEVERITY_GLYPH[hold.severity]} {severity_word(hold.severity)}"
    until = translate("wall", "held until ack \u00b7 max {left}").format(left=left)
    if hold.cause == CAUSE_RESOLUTION:
        until = translate("wall", "held until resolved \u00b7 max {left}").format(left=left)
    hold_text = f"\u26a0 {cause} {sev}: {hold.title}"
    return PageVM(text, None, hold_text, f"sev.{hold.severity.value}", until)


# ---------------------------------------------------------------- "+N more"
def overflow_text(hidden: Sequence[IncidentRowVM]) -> str:
    """What the rows that do not fit are: `+5 more: 1 ✖ critical · 4 ● warning`; the
    next one's title when only one is hidden."""
    texts = overflow_texts(hidden)
    return texts[0] if texts else ""


def overflow_texts(hidden: Sequence[IncidentRowVM]) -> list[str]:
    """`overflow_text` and shorter forms of it, longest first: the line shows the first
    that fits whole (the count of acknowledged ones is what goes first)."""
    if not hidden:
        return []
    if len(hidden) == 1:
        vm = hidden[0]
        return [
            translate("wall", "+1 more: {glyph} {sev} {title}").format(
                glyph=vm.glyph, sev=severity_word(vm.severity).lower(), title=vm.title
            )
        ]
    by_sev = Counter(vm.severity for vm in hidden)
    parts = [
        f"{by_sev[s]} {SEVERITY_GLYPH[s]} {severity_word(s).lower()}"
        for s in Severity.ordered()
        if by_sev[s]
    ]
    acked = sum(1 for vm in hidden if vm.acknowledged)
    text = translate("wall", "+{n} more: {parts}").format(
        n=len(hidden), parts=" \u00b7 ".join(parts)
    )
    if acked:
        return [text + " " + translate("wall", "({n} acknowledged)").format(n=acked), text]
    return [text]


# ---------------------------------------------------------------- narrow incident rows
ELLIPSIS = "\u2026"


def elide_keeping_tail(text: str, width: float, advance: Callable[[str], float]) -> str:
    """`text` cut to `width` (measured by `advance`), keeping its last word whole when
    that word looks like what is broken — a host or an instance (`globex-db-01`,
    `10.0.0.7:9100`): "Filesystem almost full on glo…" says nothing, "Filesystem almost…
    globex-db-01" says where. Otherwise (or when the tail alone would take more than
    half the room) the end is cut as usual."""
    if advance(text) <= width:
        return text
    head, _, tail = text.rpartition(" ")
    hostlike = any(c.isdigit() or c in "-.:_" for c in tail)
    if head and hostlike and advance(f"{ELLIPSIS} {tail}") <= width * 0.5:
        room = width - advance(f"{ELLIPSIS} {tail}")
        words = head.split(" ")
        kept = ""
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n])
            if advance(candidate) <= room:
                kept = candidate
                break
        if not kept:  # not one whole word fits: cut the first by characters
            kept = words[0]
            while kept and advance(kept) > room:
                kept = kept[:-1]
        return f"{kept}{ELLIPSIS} {tail}"
    cut = text
    while cut and advance(cut + ELLIPSIS) > width:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


STATE_GLYPHS = {
    "OPEN": "\u25cf",  # ● open and unacknowledged: the row is also bold with a solid chip
    "RE-OPENED": "\u21bb",  # ↻ severity rose after an ack
    "resolved": "\u2713",
    "silenced": "\u25cc",  # ◌ quiet on purpose: silenced, shelved, blackout, inhibited
    "shelved": "\u25cc",
    "blackout": "\u25cc",
    "inhibited": "\u25cc",
}


def compact_state(vm: IncidentRowVM, now: datetime) -> str:
    """The State cell of a narrow (portrait) wall: a glyph for the state (its colour and
    the row's weight say the rest), and for an acknowledged row who acked and how long
    ago — `✓ ann 5m` — as the wide table's "ack ann · 5m ago" does."""
    if vm.ack_mark:
        return vm.ack_mark
    if vm.acknowledged:
        ago = format_age(now - vm.acknowledged_at) if vm.acknowledged_at else "?"
        text = f"\u2713 {vm.acknowledged_by or '?'} {ago}"
    else:
        text = STATE_GLYPHS.get(vm.state_word, vm.state_word)
    return translate("incidents", "{state} (stale)").format(state=text) if vm.stale else text


def two_lines(text: str, width: float, advance: Callable[[str], float]) -> tuple[str, str] | None:
    """`text` over two lines of `width`: as many whole words as fit on the first, the
    rest on the second (cut, keeping the host, if even that is too long). None when one
    line holds it, or when not even the first word fits a line."""
    if advance(text) <= width:
        return None
    words = text.split(" ")
    first = ""
    for n in range(len(words) - 1, 0, -1):
        candidate = " ".join(words[:n])
        if advance(candidate) <= width:
            first = candidate
            rest = " ".join(words[n:])
            return first, elide_keeping_tail(rest, width, advance)
    return None
