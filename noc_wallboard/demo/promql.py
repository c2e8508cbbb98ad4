"""A parser for the small PromQL subset the demo Prometheus answers.

Supported: a vector selector (`name`, `name{l="v", l2=~"re", l3!="x"}`, `{__name__="n"}`),
`sum|avg|max|min|count [by (labels)] (selector) [by (labels)]`, and a number literal. Anything
else is rejected the way Prometheus rejects a bad query: a positioned `parse error` message that
the API turns into HTTP 400 `bad_data`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from noc_wallboard.demo.matchers import OPS, LabelMatcher, read_quoted

AGGREGATIONS = ("sum", "avg", "max", "min", "count")
_IDENT = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
_LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
_NUMBER = re.compile(
    r"[+-]?(?:inf(?:inity)?|nan|0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(?![a-zA-Z0-9_:])",
    re.IGNORECASE,
)


class PromQLError(ValueError):
    pass


@dataclass(frozen=True)
class Selector:
    matchers: tuple[LabelMatcher, ...]


@dataclass(frozen=True)
class Aggregate:
    op: str
    by: tuple[str, ...]
    inner: Selector


@dataclass(frozen=True)
class Number:
    value: float


Expr = Selector | Aggregate | Number


def parse(query: str) -> Expr:
    return _Parser(query).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, message: str, pos: int | None = None) -> PromQLError:
        at = self.pos if pos is None else pos
        line = self.text.count("\n", 0, at) + 1
        column = at - (self.text.rfind("\n", 0, at) + 1) + 1
        return PromQLError(f"{line}:{column}: parse error: {message}")

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def peek(self) -> str:
        self.skip()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str, context: str) -> None:
        if self.peek() != char:
            raise self.error(f'unexpected {self.describe()} in {context}, expected "{char}"')
        self.pos += 1

    def describe(self) -> str:
        if self.pos >= len(self.text):
            return "end of input"
        found = _IDENT.match(self.text, self.pos)
        return f"identifier {found.group(0)!r}" if found else f"character {self.text[self.pos]!r}"

    def name(self, pattern: re.Pattern[str]) -> str | None:
        self.skip()
        found = pattern.match(self.text, self.pos)
        if found is None:
            return None
        self.pos = found.end()
        return found.group(0)

    def parse(self) -> Expr:
        if not self.peek():
            raise self.error("no expression found in input")
        expr = self.expression()
        if self.peek():
            raise self.error(
                f"unexpected {self.describe()}; the demo server supports only "
                "selectors, sum/avg/max/min/count by (…) and numbers"
            )
        return expr

    def expression(self) -> Expr:
        self.skip()
        number = _NUMBER.match(self.text, self.pos)
        if number is not None:
            self.pos = number.end()
            text = number.group(0)
            body = text.lstrip("+-")
            value = float(int(body, 16)) if body[:2].lower() == "0x" else float(body)
            return Number(-value if text.startswith("-") else value)
        start = self.pos
        ident = self.name(_IDENT)
        if ident in AGGREGATIONS and self.peek() in ("(", "b", "w"):
            return self.aggregate(ident)
        if ident is None and self.peek() != "{":
            raise self.error(f"unexpected {self.describe()}")
        if ident is not None and self.peek() == "(":
            raise self.error(f"function {ident!r} is not supported by the demo server", start)
        return self.selector(ident, start)

    def aggregate(self, op: str) -> Aggregate:
        by = self.grouping()
        self.expect("(", "aggregation")
        inner = self.expression()
        if not isinstance(inner, Selector):
            raise self.error(f"expected a vector selector inside {op}(…)")
        self.expect(")", "aggregation")
        if not by and self.peek() in ("b", "w"):
            by = self.grouping()
        return Aggregate(op, by, inner)

    def grouping(self) -> tuple[str, ...]:
        start = self.pos
        keyword = self.name(_IDENT)
        if keyword is None:
            return ()
        if keyword == "without":
            raise self.error("`without` is not supported by the demo server", start)
        if keyword != "by":
            raise self.error(f"unexpected identifier {keyword!r} in aggregation", start)
        self.expect("(", "grouping opts")
        labels: list[str] = []
        while self.peek() != ")":
            label = self.name(_LABEL)
            if label is None:
                raise self.error(f"unexpected {self.describe()} in grouping opts, expected label")
            labels.append(label)
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != ")":
                raise self.error(
                    f'unexpected {self.describe()} in grouping opts, expected "," or ")"'
                )
        self.pos += 1
        return tuple(labels)

    def selector(self, metric: str | None, start: int) -> Selector:
        matchers: list[LabelMatcher] = []
        if metric is not None:
            matchers.append(LabelMatcher("__name__", "=", metric))
        if self.peek() == "{":
            self.pos += 1
            while self.peek() != "}":
                matchers.append(self.matcher())
                if self.peek() == ",":
                    self.pos += 1
                elif self.peek() != "}":
                    raise self.error(
                        f'unexpected {self.describe()} in label matching, expected "," or "}}"'
                    )
            self.pos += 1
        if self.peek() == "[":
            raise self.error("range vectors are not supported by the demo server")
        if all(m.matches_value("") for m in matchers):
            raise self.error("vector selector must contain at least one non-empty matcher", start)
        return Selector(tuple(matchers))

    def matcher(self) -> LabelMatcher:
        name = self.name(_LABEL)
        if name is None:
            raise self.error(f"unexpected {self.describe()} in label matching, expected label key")
        self.skip()
        op = next((o for o in OPS if self.text.startswith(o, self.pos)), None)
        if op is None:
            raise self.error(
                f"unexpected {self.describe()} in label matching, expected label matching operator"
            )
        self.pos += len(op)
        if self.peek() not in ('"', "'", "`"):
            raise self.error(f"unexpected {self.describe()} in label matching, expected string")
        try:
            value, self.pos = read_quoted(self.text, self.pos)
            return LabelMatcher(name, op, value)
        except ValueError as exc:
            raise self.error(str(exc)) from None
