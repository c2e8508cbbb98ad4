"""The Qt-free translation hook, the choice of language, and what is never translated."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from noc_wallboard.domain.severity import Severity
from noc_wallboard.presentation import counters, format_age, i18n, incident_row
from noc_wallboard.presentation.attention import (
    incident_notification,
    incidents_summary,
    sound_indicator,
)
from noc_wallboard.presentation.roster import when
from noc_wallboard.services.snapshot import snapshot_dict
from tests.factories import NOW, incident, populated_store


@pytest.fixture
def shouting():
    """A stand-in translator: every text upper-cased and marked, `%n` replaced."""

    def fake(context: str, text: str, disambiguation: str | None, n: int) -> str:
        out = f"«{text.upper()}»".replace("%N", "%n")
        return out.replace("%n", str(n)) if n >= 0 else out

    i18n.install(fake, "xx")
    yield
    i18n.reset()


def test_identity_by_default_with_percent_n():
    assert i18n.language() == "en"
    assert i18n.translate("board", "INCIDENTS") == "INCIDENTS"
    assert i18n.translate("board", "%n open", None, 3) == "3 open"
    assert i18n.translate("board", "100%", None) == "100%"


def test_installed_translator_reaches_view_models(shouting):
    state = populated_store().state
    words = [c.word for c in counters(state)]
    assert words[0] == "«CRITICAL»"
    row = incident_row(state.incidents[0])
    assert row.state_word == "OPEN"  # the code views test stays English…
    assert row.state_text(NOW) == "«OPEN»"  # …what is shown is translated


def test_translator_placeholders_survive_formatting(shouting):
    # "{m}m" translated to "«{M}M»" would break .format(): translators keep the braces.
    i18n.install(lambda c, t, d, n: t.replace("m", " мин").replace("{ мин}", "{m}"), "ru")
    assert format_age(timedelta(minutes=5)) == "5 мин"


def test_the_snapshot_json_is_never_translated(shouting):
    state = populated_store().state
    translated = json.dumps(snapshot_dict(state), sort_keys=True)
    i18n.reset()
    assert json.dumps(snapshot_dict(state), sort_keys=True) == translated
    assert "«" not in translated


@pytest.mark.parametrize(
    ("option", "configured", "system", "expected"),
    [
        ("ru", None, "en_US.UTF-8", "ru"),  # the option wins
        ("en", "ru", "ru_RU.UTF-8", "en"),
        (None, "ru", "en_US.UTF-8", "ru"),  # then the config
        (None, "auto", "ru_RU.UTF-8", "ru"),  # "auto": the system locale
        (None, None, "ru_RU.UTF-8", "ru"),
        (None, None, "ru", "ru"),
        (None, None, "de_DE.UTF-8", "en"),  # unsupported: English
        (None, None, "C", "en"),
        (None, None, "C.UTF-8", "en"),
        (None, None, "POSIX", "en"),
        (None, None, None, "en"),
        (None, None, "", "en"),
    ],
)
def test_choose_language(option, configured, system, expected):
    assert i18n.choose_language(option, configured, system) == expected


def test_choose_language_rejects_an_unsupported_option():
    with pytest.raises(ValueError, match="unsupported language"):
        i18n.choose_language("de", None, None)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "ru_RU.UTF-8"}, "ru_RU.UTF-8"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, "ru_RU.UTF-8"),
        ({"LANG": "ru_RU.UTF-8", "LC_ALL": "C"}, "C"),  # LC_ALL overrides everything
        ({"LC_ALL": "", "LANG": "ru_RU"}, "ru_RU"),  # empty means unset
        ({}, None),
    ],
)
def test_locale_from_environ(environ, expected):
    assert i18n.locale_from_environ(environ) == expected


def test_weekdays_and_months_come_from_the_board_language_not_the_c_library(shouting):
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # a Friday
    assert when(now + timedelta(days=1), now).startswith("«SAT» ")
    assert "«DEC»" in when(datetime(2026, 12, 13, 7, 0, tzinfo=UTC), now)


def test_sound_indicator_texts():
    quiet = sound_indicator(muted=False, snoozed_until=None, alarm=None, now=NOW, snooze_minutes=15)
    assert (quiet.text, quiet.mute_label, quiet.snooze_label) == ("", "Mute", "Snooze 15 min")
    assert not quiet.on_wall
    muted = sound_indicator(
        muted=True, snoozed_until=None, alarm=Severity.CRITICAL, now=NOW, snooze_minutes=15
    )
    assert "SOUND MUTED" in muted.text and muted.token == "alarm" and muted.on_wall
    snoozed = sound_indicator(
        muted=False,
        snoozed_until=NOW + timedelta(minutes=12),
        alarm=None,
        now=NOW,
        snooze_minutes=15,
    )
    assert "12m left" in snoozed.text and snoozed.snooze_label == "End snooze"
    sounding = sound_indicator(
        muted=False, snoozed_until=None, alarm=Severity.MAJOR, now=NOW, snooze_minutes=15
    )
    assert sounding.text.endswith("sounding: MAJOR") and not sounding.on_wall


def test_notifications_carry_glyph_and_word():
    note = incident_notification(incident("c", Severity.CRITICAL, title="db-01 down"))
    assert note.title == "\u2716 CRITICAL incident" and note.urgent
    assert note.body.startswith("db-01 down\n")
    summary = incidents_summary(((Severity.CRITICAL, 2), (Severity.MAJOR, 3)))
    assert summary.title == "5 new incidents" and summary.body == "2 CRITICAL \u00b7 3 MAJOR"
