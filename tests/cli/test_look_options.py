"""`--lang` and `--theme` on the command line."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from noc_wallboard.cli import _look, main, parse_args
from noc_wallboard.config.loader import parse_config
from noc_wallboard.presentation import i18n
from noc_wallboard.ui.theme import theme_name


@pytest.mark.parametrize(
    ("argv", "lang", "theme"),
    [
        (["--lang", "ru", "--theme", "light"], "ru", "light"),
        (["screenshot", "-o", "x.png", "--lang", "en", "--theme", "dark"], "en", "dark"),
        (["--lang", "ru", "screenshot", "-o", "x.png"], "ru", None),  # before the subcommand
        (["run"], None, None),
    ],
)
def test_lang_and_theme_parse(argv, lang, theme):
    args = parse_args(argv)
    assert (args.lang, args.theme) == (lang, theme)


@pytest.mark.parametrize(
    "argv", [["--lang", "de"], ["--theme", "blue"], ["snapshot", "--lang", "ru"]]
)
def test_unknown_values_and_headless_commands_are_usage_errors(argv):
    with pytest.raises(SystemExit) as exc:
        parse_args(argv)
    assert exc.value.code == 2


@pytest.mark.parametrize(
    ("argv", "config", "locale", "expected"),
    [
        ([], "", "ru_RU.UTF-8", ("dark", "ru")),  # default language: the system locale
        ([], "", "C", ("dark", "en")),
        ([], '[board]\nlanguage = "en"\ntheme = "light"', "ru_RU.UTF-8", ("light", "en")),
        (["--lang", "ru", "--theme", "dark"], '[board]\ntheme = "light"', "C", ("dark", "ru")),
    ],
)
def test_look_comes_from_options_then_config_then_locale(
    argv, config, locale, expected, monkeypatch
):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", locale)
    assert _look(parse_args(argv), parse_config(config)) == expected


def test_screenshot_in_russian_and_light_leaves_the_process_as_it_was(tmp_path, capsys):
    cfg = tmp_path / "board.toml"
    cfg.write_text("")
    out = tmp_path / "ru-light.png"
    argv = ["screenshot", "--config", str(cfg), "--size", "1280x720", "-o", str(out)]
    assert main([*argv, "--lang", "ru", "--theme", "light"]) == 0
    assert QImage(str(out)).pixelColor(1, 1).name() == "#dfe4e9"  # the light background
    assert (i18n.language(), theme_name()) == ("en", "dark")
