"""Load and validate a TOML config; every failure is a ConfigError naming file, key, reason."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import ValidationError

from noc_wallboard.config.schema import BoardConfig

APP_NAME = "noc-wallboard"
_ENV_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ConfigError(Exception):
    """A config problem to print as-is: no traceback, exit status 2."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"{self.path}: invalid configuration"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def _key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith(("function-", "constrained-")) or "[" in part:
            continue  # pydantic's internal validator names, not config keys
        else:
            out += f".{part}" if out else part
    return out or "(top level)"


def _expand_env(node: Any, where: str, problems: list[str]) -> Any:
    """`${VAR}` in any string is replaced from the environment (for secrets and URLs)."""
    if isinstance(node, dict):
        return {
            k: _expand_env(v, f"{where}.{k}" if where else k, problems) for k, v in node.items()
        }
    if isinstance(node, list):
        return [_expand_env(v, f"{where}[{i}]", problems) for i, v in enumerate(node)]
    if isinstance(node, str):

        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in os.environ:
                problems.append(f"{where}: environment variable {name} is not set")
                return ""
            return os.environ[name]

        return _ENV_RE.sub(sub, node)
    return node


def parse_config(text: str, path: Path | str = "<config>") -> BoardConfig:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [f"not valid TOML: {exc}"]) from None
    problems: list[str] = []
    raw = _expand_env(raw, "", problems)
    if problems:
        raise ConfigError(path, problems)
    try:
        return BoardConfig.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            msg = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown key (check the spelling against resources/config.example.toml)"
            elif err["type"] == "missing":
                msg = "required key is missing"
            loc = tuple(err["loc"])
            problems.append(f"{_key_path(loc)}: {msg}" if loc else msg)
        raise ConfigError(path, problems) from None


def load_config(path: Path | str | None = None) -> tuple[BoardConfig, Path]:
    """Read the config at `path`, or the default path. A missing default gives an empty board."""
    explicit = path is not None
    target = Path(path) if path is not None else default_config_path()
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise ConfigError(target, ["file not found"]) from None
        return BoardConfig(), target
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(target, [f"cannot read: {exc}"]) from None
    return parse_config(text, target), target
