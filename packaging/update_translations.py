"""Refresh the translation sources from the code and compile them.

    python packaging/update_translations.py          # lupdate + lrelease
    python packaging/update_translations.py --check  # exit 1 if a .qm is out of date

1. `pyside6-lupdate` collects every `translate(context, text)` and
   `QT_TRANSLATE_NOOP(context, text)` of the package into
   `noc_wallboard/translations/noc_wallboard_<lang>.ts`, keeping existing translations
   (no source locations: line numbers would churn the file on every edit).
2. Messages with `%n` become numerus messages (lupdate's Python parser does not mark
   them, and folds their forms into one: they are saved before and put back after),
   so a translation gives every plural form of its language (Russian: 3).
3. `pyside6-lrelease` compiles each `.ts` into the `.qm` the board loads. Both are
   committed: a plain `pip install` needs no Qt tools.

Translate with Qt Linguist (`pyside6-linguist noc_wallboard/translations/…ts`) or any
XML editor, then run this again. Placeholders in braces (`{name}`) and `%n` must stay.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "noc_wallboard"
TRANSLATIONS = PACKAGE / "translations"
LANGUAGES = {"ru": "ru_RU"}
PLURAL_FORMS = {"ru": 3}


def tool(name: str) -> str:
    """A Qt tool from the venv of this Python, else from PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found (pip install PySide6-Essentials)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py"))


def ts_path(lang: str) -> Path:
    return TRANSLATIONS / f"noc_wallboard_{lang}.ts"


def qm_path(lang: str) -> Path:
    return TRANSLATIONS / f"noc_wallboard_{lang}.qm"


def lupdate(ts: Path) -> None:
    done = subprocess.run(
        [tool("pyside6-lupdate"), *sources(), "-locations", "none", "-no-obsolete", "-ts", str(ts)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # lupdate folds the plural forms it does not know are plural (put back afterwards).
    noise = ("Removed plural forms", "If this sounds wrong")
    for line in done.stderr.splitlines():
        if not line.startswith(noise):
            print(line, file=sys.stderr)


Forms = tuple[list[str], bool]  # plural forms, finished


def numerus_forms(ts: Path) -> dict[tuple[str, str], Forms]:
    """(context, source) → the plural forms of every numerus message of a .ts."""
    saved: dict[tuple[str, str], Forms] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if message.get("numerus") != "yes" or translation is None:
                continue
            forms = [f.text or "" for f in translation.findall("numerusform")]
            finished = translation.get("type") != "unfinished"
            saved[(name, message.findtext("source") or "")] = (forms, finished)
    return saved


def mark_numerus(ts: Path, lang: str, saved: dict[tuple[str, str], Forms]) -> None:
    """`%n` messages → numerus="yes" with one <numerusform> per plural form."""
    tree = ET.parse(ts)
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            if "%n" not in source:
                continue
            message.set("numerus", "yes")
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            forms, finished = saved.get((name, source), ([], False))
            if not forms:
                forms = [f.text or "" for f in translation.findall("numerusform")]
                forms = forms or [translation.text or ""]
            forms = (forms + [forms[-1]] * PLURAL_FORMS[lang])[: PLURAL_FORMS[lang]]
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            for text in forms:
                ET.SubElement(translation, "numerusform").text = text
            if finished and all(forms):
                translation.attrib.pop("type", None)
            else:
                translation.set("type", "unfinished")
    write_ts(tree, ts)


def write_ts(tree: ET.ElementTree, ts: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', "utf-8")


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
    )


def check() -> int:
    """Is every .qm what its .ts compiles to?"""
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in LANGUAGES:
            fresh = Path(tmp) / f"{lang}.qm"
            lrelease(ts_path(lang), fresh)
            if not qm_path(lang).exists() or fresh.read_bytes() != qm_path(lang).read_bytes():
                stale.append(str(qm_path(lang).relative_to(ROOT)))
    if stale:
        print("out of date (run packaging/update_translations.py):", *stale)
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the .qm files")
    if parser.parse_args().check:
        return check()
    TRANSLATIONS.mkdir(exist_ok=True)
    for lang, qt_lang in LANGUAGES.items():
        ts = ts_path(lang)
        if not ts.exists():
            ts.write_text(
                f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                f'<TS version="2.1" language="{qt_lang}"></TS>\n',
                "utf-8",
            )
        saved = numerus_forms(ts)
        lupdate(ts)
        mark_numerus(ts, lang, saved)
        lrelease(ts, qm_path(lang))
        print(f"{ts.relative_to(ROOT)} → {qm_path(lang).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
