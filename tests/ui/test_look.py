"""Themes (dark, light) and languages (English, Russian) of the real window."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from noc_wallboard.presentation import i18n
from noc_wallboard.ui import theme
from noc_wallboard.ui.headless import render_board_png
from noc_wallboard.ui.i18n import install_language, translations_dir, uninstall_language
from noc_wallboard.ui.main_window import BoardWindow
from tests.factories import NOW, populated_store

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "noc_wallboard" / "translations" / "noc_wallboard_ru.ts"


@pytest.fixture
def russian(qapp):
    assert install_language("ru")
    yield
    uninstall_language()


@pytest.fixture
def restore_theme():
    yield
    theme.use_theme("dark")


# ---------------------------------------------------------------- themes
def _luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# Tokens painted as fills with text on them (chips, counters, banners, tiles).
FILLS = [f"sev.{s}" for s in ("critical", "major", "minor", "warning", "info", "unknown")] + [
    "status.warning",
    "status.critical",
    "source.down",
    "source.wait",
    "alarm",
    "allclear",
]
# Tokens drawn as text on a panel.
INKS = [f"sev.{s}" for s in ("critical", "major", "minor", "warning", "info", "unknown")] + [
    "clock.running",
    "clock.at_risk",
    "clock.breached",
    "clock.met",
    "clock.paused",
    "source.ok",
    "source.warn",
    "text",
    "text.dim",
]


def test_both_themes_define_the_same_tokens():
    assert set(theme.tokens("dark")) == set(theme.tokens("light"))


@pytest.mark.parametrize("name", theme.THEMES)
def test_text_on_every_fill_is_readable(name, restore_theme):
    """WCAG large-text contrast (3:1) at least: chip texts are bold and large."""
    theme.use_theme(name)
    for token in FILLS:
        ratio = contrast(theme.text_on(token), theme.color(token))
        assert ratio >= 3.0, f"{name}: text on {token} is {ratio:.2f}:1"


@pytest.mark.parametrize("name", theme.THEMES)
def test_coloured_text_is_readable_on_panels(name, restore_theme):
    theme.use_theme(name)
    for token in INKS:
        for panel in ("panel", "panel.alt"):
            ratio = contrast(theme.ink(token), theme.color(panel))
            assert ratio >= 3.0, f"{name}: {token} on {panel} is {ratio:.2f}:1"
    assert contrast(theme.color("text"), theme.color("bg")) >= 7.0


@pytest.mark.parametrize("name", theme.THEMES)
def test_critical_and_major_differ_in_lightness_for_colour_blind_eyes(name, restore_theme):
    """Okabe–Ito vermillion and orange: told apart by lightness, not hue alone."""
    theme.use_theme(name)
    assert contrast(theme.color("sev.critical"), theme.color("sev.major")) >= 1.5


def test_unknown_theme_is_an_error():
    with pytest.raises(ValueError, match="unknown theme"):
        theme.use_theme("neon")


@pytest.mark.parametrize("name", theme.THEMES)
def test_screenshot_in_each_theme(tmp_path, qapp, name, restore_theme):
    out = tmp_path / f"{name}.png"
    render_board_png(populated_store().state, 1280, 720, "wall", out, theme=name)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    corner = image.pixelColor(1, 1)  # the window's background
    assert corner.name() == theme.tokens(name)["bg"].lower()


# ---------------------------------------------------------------- languages
def test_translation_loads_and_russian_appears_in_the_window(qtbot, russian):
    assert i18n.language() == "ru"
    window = BoardWindow(mode="wall")
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    state = populated_store().state
    window.apply_state(state)
    window.tick(NOW)
    assert window.incidents_title.text().startswith("ИНЦИДЕНТЫ \u00b7 5 открытых")
    words = {c.severity.value: c.word for c in window.counters._counters}
    assert words["critical"] == "КРИТИЧНО"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Важность"
    row = window.model.row_vm(0)
    assert row is not None and row.state_text(NOW) == "ОТКРЫТ"
    assert any(line.on_duty == "НЕТ ДЕЖУРНОГО" for line in window.roster._lines)


def test_russian_plural_forms(russian):
    forms = [i18n.translate("board", "+%n more clocks", None, n) for n in (1, 3, 5, 21)]
    assert forms == ["ещё 1 таймер", "ещё 3 таймера", "ещё 5 таймеров", "ещё 21 таймер"]


def test_back_to_english(qapp):
    install_language("ru")
    uninstall_language()
    assert i18n.translate("board", "INCIDENTS") == "INCIDENTS"


def test_a_missing_translation_falls_back_to_english(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr("noc_wallboard.ui.i18n.translations_dir", lambda: tmp_path)
    assert not install_language("ru")
    assert i18n.language() == "en"


def test_russian_screenshot_renders(tmp_path, qapp):
    out = tmp_path / "ru.png"
    try:
        render_board_png(populated_store().state, 1920, 1080, "wall", out, language="ru")
    finally:
        uninstall_language()
    assert QImage(str(out)).width() == 1920


# ---------------------------------------------------------------- the translation files
def _translated(ts: Path) -> dict[tuple[str, str], list[str]]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            tr = message.find("translation")
            if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in tr.findall("numerusform")] or [tr.text or ""]
            if all(forms):
                out[(name, message.findtext("source"))] = forms
    return out


def test_translations_keep_their_placeholders():
    for (context, source), forms in _translated(TS).items():
        wanted = sorted(re.findall(r"\{[^}]*\}", source))
        for form in forms:
            assert sorted(re.findall(r"\{[^}]*\}", form)) == wanted, (context, source, form)
            assert ("%n" in form) == ("%n" in source), (context, source, form)


def _qt_tool(name: str) -> str | None:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


@pytest.mark.skipif(_qt_tool("pyside6-lupdate") is None, reason="Qt tools not installed")
def test_every_visible_string_has_a_russian_translation(tmp_path):
    """New `translate()` strings need a Russian text: run
    `python packaging/update_translations.py`, translate the new entries of
    noc_wallboard/translations/noc_wallboard_ru.ts (Qt Linguist or an editor), run it again."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "noc_wallboard").rglob("*.py"))
    subprocess.run(
        [_qt_tool("pyside6-lupdate"), *sources, "-locations", "none", "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    in_code = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(fresh).getroot().iter("context")
        for m in c.iter("message")
    }
    missing = sorted(in_code - set(_translated(TS)))
    assert not missing, f"untranslated (see this test's docstring): {missing}"


@pytest.mark.skipif(_qt_tool("pyside6-lrelease") is None, reason="Qt tools not installed")
def test_compiled_translations_match_their_sources():
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (translations_dir() / "noc_wallboard_ru.qm").is_file()


def test_a_health_chip_keeps_the_targets_name_and_cuts_the_reason():
    """ "acme-…  down: connection refu…" named nothing: the name stays whole next to the
    value's first word, and only the reason is elided."""
    from noc_wallboard.ui.health_chips import split_tile

    # name 150, "down:" 60, whole value 260, chip 300: the name keeps its 150.
    assert split_tile(150, 60, 260, 300) == 150
    # Everything fits: the name is never squeezed.
    assert split_tile(100, 40, 150, 300) == 100
    # A long first word ("недоступен:") is cut before the name is…
    assert split_tile(150, 250, 500, 300) == 150
    # …and a name too long even for that gets what "down:" leaves, at least 3/4.
    assert split_tile(400, 60, 500, 300) == 240
    assert split_tile(400, 250, 500, 300) == 225


def test_a_down_target_chip_shows_its_whole_name(qtbot):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    import noc_wallboard.ui.health_chips as chips
    from noc_wallboard.domain.health import TileStatus
    from noc_wallboard.presentation.health import TileVM
    from noc_wallboard.ui.theme import Scale

    drawn: list[str] = []
    real = chips.draw_text
    tile = TileVM(
        title="acme-db-02:9100",
        value_text="down: connection refused by the host",
        status=TileStatus.CRITICAL,
        glyph="\u2716",
        token="sev.critical",
    )
    image = QImage(800, 100, QImage.Format.Format_ARGB32)
    p = QPainter(image)
    s = Scale(1.0)
    p.setFont(s.font(15, bold=True))
    chips.draw_text = lambda painter, rect, text, *a: (
        drawn.append(
            painter.fontMetrics().elidedText(
                text, chips.Qt.TextElideMode.ElideRight, int(rect.width())
            )
        )
        or real(painter, rect, text, *a)
    )
    try:
        chips.paint_tile(p, s, QRectF(0, 0, 330, 32), tile)
    finally:
        chips.draw_text = real
        p.end()
    assert drawn[0] == "\u2716 acme-db-02:9100"
    assert drawn[1].startswith("  down:") and drawn[1].endswith("\u2026")


TITLES = (
    "High CPU on globex-lb-01",
    "Host acme-db-02 is down",
    "Filesystem almost full on globex-db-01",
    "Memory pressure on umbrella-cache-01",
    "Filesystem almost full on acme-lb-02",
)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160), (2160, 3840)])
def test_the_wall_names_what_is_broken_without_cutting_titles(
    qtbot, qapp, monkeypatch, lang, width, height
):
    """At 1080p and 4K three titles in five were cut ("Filesystem almost full on
    glo…"); in Russian portrait every one. Now each is drawn whole: one line in type up
    to 3 points smaller, or two lines."""
    from dataclasses import replace
    from datetime import timedelta

    import noc_wallboard.ui.incident_view as incident_view
    from noc_wallboard.domain.severity import Severity
    from noc_wallboard.domain.wall import PageSpec, WallSpec
    from noc_wallboard.ports import IncidentBatch
    from noc_wallboard.ui.board_screen import BoardScreen
    from tests.factories import incident, make_store

    cut: list[str] = []
    real_elide = incident_view.elide_keeping_tail
    monkeypatch.setattr(
        incident_view,
        "elide_keeping_tail",
        lambda text, *a: cut.append(text) or real_elide(text, *a),
    )
    real_draw = incident_view.draw_text

    def draw_text(painter, rect, text, *a):
        # What `draw_text` would show: elided to the rect's width, as before the fix.
        shown = painter.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, int(rect.width())
        )
        if text in TITLES and shown != text:
            cut.append(text)
        real_draw(painter, rect, text, *a)

    monkeypatch.setattr(incident_view, "draw_text", draw_text)
    if lang == "ru":
        assert install_language("ru")
    try:
        store = make_store()
        sevs = (Severity.CRITICAL,) * 3 + (Severity.WARNING,) * 2
        items = [
            replace(incident(f"t{k}", sev, timedelta(minutes=5 + k)), title=title)
            for k, (sev, title) in enumerate(zip(sevs, TITLES, strict=True))
        ]
        store.apply_incidents("am", IncidentBatch(tuple(items)), NOW)
        w = BoardWindow(mode="wall")
        qtbot.addWidget(w)
        w.resize(width, height)
        w.show()
        w.set_viewing(5.0, 55.0)
        board = BoardScreen(w, WallSpec(pages=(PageSpec("all"), PageSpec("b"))))
        board.apply_state(store.state)
        board.tick(NOW)
        assert w.header.hold_lines == (2 if height > width else 1)
        assert w.model.rowCount() == 5 and w.overflow is not None
        assert w.overflow.visible_rows == 5
        w.grab()  # paints every row
        assert cut == []
    finally:
        if lang == "ru":
            uninstall_language()
