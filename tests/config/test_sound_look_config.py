"""`[sound]`, `[board] theme` and `[board] language`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from noc_wallboard.app import sound_policy
from noc_wallboard.config.loader import ConfigError, parse_config
from noc_wallboard.domain.severity import Severity


def problems(text: str) -> str:
    with pytest.raises(ConfigError) as err:
        parse_config(text, "/etc/board.toml")
    return err.value.render()


def test_defaults_sound_on_the_wall_only_for_critical_major_unknown_and_gaps():
    config = parse_config("")
    assert (config.board.theme, config.board.language) == ("dark", "auto")
    policy = sound_policy(config)
    assert policy.modes == frozenset({"wall"})
    assert policy.enabled_in("wall") and not policy.enabled_in("desk")
    assert policy.repeat == timedelta(minutes=2) and policy.snooze == timedelta(minutes=15)
    sounding = {s for s in Severity if policy.sounds_for(s)}
    assert sounding == {Severity.CRITICAL, Severity.MAJOR, Severity.UNKNOWN}
    assert policy.source("gap") == "built-in"


def test_a_full_sound_section(tmp_path):
    wav = tmp_path / "siren.wav"
    wav.write_bytes(b"RIFF0000WAVE")
    config = parse_config(
        "[board]\n"
        'theme = "light"\n'
        'language = "ru"\n'
        "[sound]\n"
        'modes = ["wall", "desk"]\n'
        'repeat = "0s"\n'
        'snooze = "30m"\n'
        "volume = 0.5\n"
        f'critical = "{wav}"\n'
        'major = "off"\n'
        'warning = "built-in"\n'
        'gap = "off"\n'
    )
    assert (config.board.theme, config.board.language) == ("light", "ru")
    policy = sound_policy(config)
    assert policy.enabled_in("desk") and policy.repeat == timedelta(0)
    assert policy.source("critical") == str(wav)
    assert not policy.sounds_for(Severity.MAJOR) and policy.sounds_for(Severity.WARNING)
    assert policy.source("gap") is None and policy.volume == 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[sound]\ncritical = "alarm.mp3"',
            "sound.critical: expected 'built-in', 'off' or a .wav file",
        ),
        ('[sound]\ncritical = "/nonexistent/a.wav"', "file not found"),
        ('[sound]\nmodes = ["kiosk"]', "sound.modes[0]: Input should be 'wall' or 'desk'"),
        ('[sound]\nrepeat = "2s"', "repeat must be at least 10s"),
        ('[sound]\nsnooze = "2d"', "snooze must be at most 24h"),
        ("[sound]\nvolume = 1.5", "sound.volume"),
        ('[sound]\nloud = "yes"', "sound.loud"),
        ('[board]\ntheme = "blue"', "board.theme"),
        ('[board]\nlanguage = "de"', "board.language"),
    ],
)
def test_sound_and_look_errors_name_the_key(text, expected):
    assert expected in problems(text)
