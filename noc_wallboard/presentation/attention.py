"""Texts of the attention features: the sound indicator and desktop notifications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from noc_wallboard.domain.incident import Incident
from noc_wallboard.domain.severity import Severity
from noc_wallboard.presentation.formatting import SEVERITY_GLYPH, format_age, severity_token
from noc_wallboard.presentation.i18n import translate
from noc_wallboard.presentation.incidents import severity_word

NOTE = "\u266a"  # ♪: in DejaVu Sans, unlike the loudspeaker emoji


@dataclass(frozen=True, slots=True)
class SoundIndicatorVM:
    """`text` is empty when there is nothing to say (sound on, nothing sounding)."""

    text: str
    token: str  # "alarm" while an alarm is silenced: a quiet wall must say so
    mute_label: str  # the desk's buttons
    snooze_label: str
    muted: bool
    snoozed: bool
    # The wall shows only what is wrong with its sound (muted, snoozed, no audio); the
    # desk also what is sounding.
    on_wall: bool = False


def no_audio(vm: SoundIndicatorVM) -> SoundIndicatorVM:
    """The indicator of a board that should make sound and cannot."""
    text = f"{NOTE} " + translate("sound", "NO AUDIO DEVICE")
    return SoundIndicatorVM(text, "alarm", vm.mute_label, vm.snooze_label, False, False, True)


def sound_indicator(
    *,
    muted: bool,
    snoozed_until: datetime | None,
    alarm: Severity | None,
    now: datetime,
    snooze_minutes: int,
) -> SoundIndicatorVM:
    mute_label = translate("sound", "Unmute") if muted else translate("sound", "Mute")
    if snoozed_until is not None:
        snooze_label = translate("sound", "End snooze")
    else:
        snooze_label = translate("sound", "Snooze {minutes} min").format(minutes=snooze_minutes)
    text = ""
    if muted:
        text = f"{NOTE} " + translate("sound", "SOUND MUTED")
    elif snoozed_until is not None:
        left = format_age(snoozed_until - now)
        text = f"{NOTE} " + translate("sound", "SNOOZED \u00b7 {left} left").format(left=left)
    elif alarm is not None:
        text = f"{NOTE} " + translate("sound", "sounding: {severity}").format(
            severity=severity_word(alarm)
        )
    silenced_alarm = alarm is not None and (muted or snoozed_until is not None)
    token = "alarm" if silenced_alarm else ("text.dim" if muted or snoozed_until else "text")
    if not text:
        token = "text.dim"
    snoozed = snoozed_until is not None
    return SoundIndicatorVM(text, token, mute_label, snooze_label, muted, snoozed, muted or snoozed)


@dataclass(frozen=True, slots=True)
class NotificationVM:
    title: str
    body: str
    urgent: bool
    token: str


def incident_notification(inc: Incident) -> NotificationVM:
    """Glyph and word in the title: a notification is never colour (or icon) alone."""
    head = translate("notify", "{glyph} {severity} incident").format(
        glyph=SEVERITY_GLYPH[inc.severity], severity=severity_word(inc.severity)
    )
    parts = [inc.labels.get(k) for k in ("client", "service", "instance")]
    where = " \u00b7 ".join(p for p in parts if p) or inc.source
    urgent = inc.severity is Severity.CRITICAL
    return NotificationVM(head, f"{inc.title}\n{where}", urgent, severity_token(inc.severity))


def incidents_summary(counts: tuple[tuple[Severity, int], ...]) -> NotificationVM:
    parts = [f"{n} {severity_word(sev)}" for sev, n in counts]
    total = sum(n for _, n in counts)
    head = translate("notify", "%n new incidents", None, total)
    body = " \u00b7 ".join(parts)
    urgent = any(sev is Severity.CRITICAL for sev, _ in counts)
    return NotificationVM(head, body, urgent, "sev.critical" if urgent else "sev.major")


def source_down_notification(name: str, error: str | None) -> NotificationVM:
    head = translate("notify", "\u2716 Source {name} is down").format(name=name)
    body = error or translate("notify", "no answer")
    return NotificationVM(head, body, True, "source.down")
