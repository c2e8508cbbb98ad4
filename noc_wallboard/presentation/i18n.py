"""The translation hook of everything the board shows. Qt-free.

Presentation (pure Python) and the ui call `translate(context, text)`; by default it
returns the text unchanged (English). The ui installs `QCoreApplication.translate` here
once a Qt translator is loaded (`--lang ru`), so view-models and widgets translate
through one path. The signature is Qt's, so `pyside6-lupdate` extracts every call
(`packaging/update_translations.py`); `%n` is replaced by `n` as Qt does, with the
plural forms of the language.

What is never translated: the JSON snapshot, the `roster` command's output, logs, and
error texts quoted from a source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

Translator = Callable[[str, str, str | None, int], str]

LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"


def _identity(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return text.replace("%n", str(n)) if n >= 0 else text


_translator: Translator = _identity
_language = DEFAULT_LANGUAGE


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the board's language; `%n` in `text` becomes `n` (with its plural form)."""
    return _translator(context, text, disambiguation, n)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks a string for extraction where it is defined (a class attribute, a table);
    translate it where it is shown: `translate(context, text)`."""
    return text


def install(translator: Translator, language: str) -> None:
    global _translator, _language
    _translator = translator
    _language = language


def reset() -> None:
    """Back to English (tests, and a process that renders in several languages)."""
    install(_identity, DEFAULT_LANGUAGE)


def language() -> str:
    return _language


# ---------------------------------------------------------------- choosing the language
_LOCALE = re.compile(r"^([A-Za-z]{2,3})(?:[_-]|$)")


def language_of_locale(name: str | None) -> str | None:
    """`ru_RU.UTF-8` → `ru`; `C`, `POSIX`, empty or unsupported → None."""
    if not name:
        return None
    m = _LOCALE.match(name.strip())
    if m is None:
        return None
    lang = m.group(1).lower()
    return lang if lang in LANGUAGES else None


def locale_from_environ(environ: Mapping[str, str]) -> str | None:
    """The locale messages follow, as gettext reads it: LC_ALL, LC_MESSAGES, then LANG."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            return value
    return None


def choose_language(option: str | None, configured: str | None, system_locale: str | None) -> str:
    """`--lang` wins, then `[board] language` (unless "auto"), then the system locale;
    English when none of them names a supported language."""
    for wanted in (option, configured):
        if wanted and wanted != "auto":
            if wanted not in LANGUAGES:
                raise ValueError(f"unsupported language {wanted!r} (one of {', '.join(LANGUAGES)})")
            return wanted
    return language_of_locale(system_locale) or DEFAULT_LANGUAGE


# ---------------------------------------------------------------- calendar words
# strftime's %a/%b follow the C library's locale, not the board's language: names come
# from here instead.
WEEKDAYS = (
    QT_TRANSLATE_NOOP("calendar", "Mon"),
    QT_TRANSLATE_NOOP("calendar", "Tue"),
    QT_TRANSLATE_NOOP("calendar", "Wed"),
    QT_TRANSLATE_NOOP("calendar", "Thu"),
    QT_TRANSLATE_NOOP("calendar", "Fri"),
    QT_TRANSLATE_NOOP("calendar", "Sat"),
    QT_TRANSLATE_NOOP("calendar", "Sun"),
)
MONTHS = (
    QT_TRANSLATE_NOOP("calendar", "Jan"),
    QT_TRANSLATE_NOOP("calendar", "Feb"),
    QT_TRANSLATE_NOOP("calendar", "Mar"),
    QT_TRANSLATE_NOOP("calendar", "Apr"),
    QT_TRANSLATE_NOOP("calendar", "May"),
    QT_TRANSLATE_NOOP("calendar", "Jun"),
    QT_TRANSLATE_NOOP("calendar", "Jul"),
    QT_TRANSLATE_NOOP("calendar", "Aug"),
    QT_TRANSLATE_NOOP("calendar", "Sep"),
    QT_TRANSLATE_NOOP("calendar", "Oct"),
    QT_TRANSLATE_NOOP("calendar", "Nov"),
    QT_TRANSLATE_NOOP("calendar", "Dec"),
)


def weekday_name(weekday: int) -> str:
    """0 = Monday, as `date.weekday()`."""
    return translate("calendar", WEEKDAYS[weekday])


def month_name(month: int) -> str:
    """1 = January, as `date.month`."""
    return translate("calendar", MONTHS[month - 1])
