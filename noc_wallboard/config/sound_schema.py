"""`[sound]`: sounds per severity, where the board makes them, repeat and snooze."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from noc_wallboard.config.types import Duration, _duration

BUILT_IN = "built-in"
OFF = "off"


def _sound_file(value: str) -> str:
    """`built-in`, `off`, or a WAV file (QSoundEffect plays uncompressed WAV only)."""
    if value in (BUILT_IN, OFF):
        return value
    path = Path(value).expanduser()
    if path.suffix.lower() != ".wav":
        raise ValueError(f"expected 'built-in', 'off' or a .wav file, got {value!r}")
    if not path.is_file():
        raise ValueError(f"file not found: {value}")
    return str(path)


def _repeat(value: object) -> timedelta:
    if value in (0, "0", "0s", "never"):
        return timedelta(0)
    return _duration(value)


SoundFile = Annotated[str, AfterValidator(_sound_file)]
Mode = Literal["wall", "desk"]


def _wall_only() -> list[Mode]:
    return ["wall"]


Repeat = Annotated[timedelta, BeforeValidator(_repeat)]


class SoundSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Where the board makes sound: the wall by default, quiet at the desk unless listed.
    modes: list[Mode] = Field(default_factory=_wall_only)
    # Repeat while an unacknowledged incident of a sounding severity is open; "0s": once.
    repeat: Repeat = timedelta(minutes=2)
    snooze: Duration = timedelta(minutes=15)
    volume: float = Field(default=0.8, ge=0.0, le=1.0)
    critical: SoundFile = BUILT_IN
    major: SoundFile = BUILT_IN
    minor: SoundFile = OFF
    warning: SoundFile = OFF
    info: SoundFile = OFF
    # Severities a source's map did not know: never silent by default.
    unknown: SoundFile = BUILT_IN
    # A roster line with nobody on duty (played once when the gap begins).
    gap: SoundFile = BUILT_IN

    @field_validator("repeat")
    @classmethod
    def _repeat_floor(cls, value: timedelta) -> timedelta:
        if timedelta(0) < value < timedelta(seconds=10):
            raise ValueError("repeat must be at least 10s (or '0s' to play once)")
        return value

    @field_validator("snooze")
    @classmethod
    def _snooze_range(cls, value: timedelta) -> timedelta:
        if value > timedelta(hours=24):
            raise ValueError("snooze must be at most 24h")
        return value

    def sounds(self) -> dict[str, str | None]:
        """Cue name → "built-in", a file path, or None (silent)."""
        cues = ("critical", "major", "minor", "warning", "info", "unknown", "gap")
        return {cue: (None if getattr(self, cue) == OFF else getattr(self, cue)) for cue in cues}
