"""The wall's options: `--screen` wherever `--mode` is accepted, `screenshot --page`."""

from __future__ import annotations

import struct

from noc_wallboard.cli import main, parse_args

PAGES = """
[wall]
viewing_distance = "6m"
clocks = ["UTC", "Asia/Tokyo"]

[[pages]]
name = "everything"

[[pages]]
name = "health"
show = ["health"]
"""


def test_screen_option_before_or_after_the_subcommand():
    assert parse_args(["--mode", "wall", "--screen", "HDMI-1"]).screen == "HDMI-1"
    assert parse_args(["run", "--mode", "wall", "--screen", "all"]).screen == "all"
    assert parse_args(["--screen", "1", "run"]).screen == "1"
    assert parse_args(["run"]).screen is None


def test_screenshot_of_a_page(tmp_path, capsys):
    cfg = tmp_path / "board.toml"
    cfg.write_text(PAGES)
    out = tmp_path / "health.png"
    args = ["screenshot", "--config", str(cfg), "--size", "1080x1920", "--page", "health"]
    assert main([*args, "-o", str(out)]) == 0
    assert struct.unpack(">II", out.read_bytes()[16:24]) == (1080, 1920)


def test_screenshot_of_an_unknown_page_names_the_known_ones(tmp_path, capsys):
    cfg = tmp_path / "board.toml"
    cfg.write_text(PAGES)
    args = ["screenshot", "--config", str(cfg), "--page", "nope", "-o", str(tmp_path / "x.png")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "no page named 'nope'" in err and "everything, health" in err


def test_no_sound_for_the_other_processes_of_a_wall(tmp_path):
    """One process per screen: all but one run with --no-sound, so one alarm sounds."""
    from noc_wallboard.cli import _sound
    from noc_wallboard.config.loader import load_config

    cfg = tmp_path / "board.toml"
    cfg.write_text(PAGES)
    config, _ = load_config(cfg)
    loud = parse_args(["--mode", "wall", "--screen", "0"])
    quiet = parse_args(["run", "--mode", "wall", "--screen", "1", "--no-sound"])
    assert not loud.no_sound and quiet.no_sound
    assert _sound(config, loud).enabled_in("wall")
    assert not _sound(config, quiet).enabled_in("wall")


def test_sound_command_options():
    args = parse_args(["sound", "snooze", "30", "--control", "x"])
    assert (args.command, args.action, args.minutes, args.control) == ("sound", "snooze", 30, "x")
    assert parse_args(["sound", "status"]).control is None


def test_only_snooze_takes_minutes(capsys):
    assert main(["sound", "mute", "5", "--control", "nobody-listens"]) == 2
    assert "only snooze takes minutes" in capsys.readouterr().err
