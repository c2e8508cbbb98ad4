"""Label matchers shared by the PromQL subset and the Alertmanager silences and filters.

Both Prometheus and Alertmanager anchor regular expressions at both ends, so `=~"web.*"` must
match the whole value; a missing label matches as the empty string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Op = Literal["=", "!=", "=~", "!~"]
OPS: tuple[Op, ...] = ("=~", "!~", "!=", "=")  # longest first, for scanning
LABEL_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "`": "`"}


@dataclass(frozen=True)
class LabelMatcher:
    name: str
    op: Op
    value: str
    _regex: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise ValueError(f"unknown matcher operator {self.op!r}")
        if self.op in ("=~", "!~"):
            try:
                compiled = re.compile(f"(?:{self.value})", re.DOTALL)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {self.value!r}: {exc}") from None
            object.__setattr__(self, "_regex", compiled)

    @classmethod
    def from_flags(cls, name: str, value: str, is_regex: bool, is_equal: bool) -> LabelMatcher:
        """Alertmanager's silence matcher encoding (isRegex, isEqual) → an operator."""
        op: Op = ("=~" if is_equal else "!~") if is_regex else ("=" if is_equal else "!=")
        return cls(name, op, value)

    @property
    def is_regex(self) -> bool:
        return self.op in ("=~", "!~")

    @property
    def is_equal(self) -> bool:
        return self.op in ("=", "=~")

    def matches_value(self, value: str) -> bool:
        if self._regex is not None:
            hit = self._regex.fullmatch(value) is not None
        else:
            hit = value == self.value
        return hit if self.is_equal else not hit

    def matches(self, labels: Mapping[str, str]) -> bool:
        return self.matches_value(labels.get(self.name, ""))

    def __str__(self) -> str:
        escaped = self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'{self.name}{self.op}"{escaped}"'


def matches_all(
    matchers: tuple[LabelMatcher, ...] | list[LabelMatcher], labels: Mapping[str, str]
) -> bool:
    return all(m.matches(labels) for m in matchers)


def read_quoted(text: str, pos: int) -> tuple[str, int]:
    """Read a quoted string starting at `text[pos]` (", ' or `); return (value, next position)."""
    quote = text[pos]
    out: list[str] = []
    i = pos + 1
    while i < len(text):
        char = text[i]
        if char == quote:
            return "".join(out), i + 1
        if char == "\\" and quote != "`" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt not in _ESCAPES:
                raise ValueError(f"unknown escape sequence '\\{nxt}'")
            out.append(_ESCAPES[nxt])
            i += 2
            continue
        out.append(char)
        i += 1
    raise ValueError("unterminated quoted string")


def parse_matcher_list(text: str) -> list[LabelMatcher]:
    """Alertmanager's `filter` syntax: `a="b"`, `a=b`, or `{a="b", c=~"d.*"}`."""
    body = text.strip()
    if body.startswith("{"):
        if not body.endswith("}"):
            raise ValueError(f"bad matcher format: {text}")
        body = body[1:-1]
    matchers: list[LabelMatcher] = []
    pos = 0
    while True:
        while pos < len(body) and body[pos] in " \t,":
            pos += 1
        if pos >= len(body):
            break
        name_match = re.compile(r"\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*").match(body, pos)
        if name_match is None:
            raise ValueError(f"bad matcher format: {text}")
        pos = name_match.end()
        op = next((o for o in OPS if body.startswith(o, pos)), None)
        if op is None:
            raise ValueError(f"bad matcher format: {text}")
        pos += len(op)
        while pos < len(body) and body[pos] == " ":
            pos += 1
        if pos < len(body) and body[pos] == '"':
            value, pos = read_quoted(body, pos)
        else:
            end = body.find(",", pos)
            end = len(body) if end < 0 else end
            value, pos = body[pos:end].strip(), end
        matchers.append(LabelMatcher(name_match.group(1), op, value))
    if not matchers:
        raise ValueError(f"bad matcher format: {text}")
    return matchers
