"""Make the board's built-in sounds: small 16-bit mono WAVs, one per severity and the
roster gap alarm, written to noc_wallboard/sounds/ (committed as package data).

    python packaging/make_sounds.py

Standard library only, deterministic: running it again gives the same bytes. Each cue is
a pattern of sine tones with short fades (no clicks). More urgent means higher, faster
and more notes, so the room can tell a critical from a major without looking:

  critical  three fast high pairs (988/1319 Hz), ~1.1 s
  major     two rising notes, twice (784/988 Hz), ~0.9 s
  minor     one two-note chime (659/784 Hz)
  warning   one soft beep (587 Hz)
  info      one soft low beep (523 Hz)
  unknown   alternating 880/622 Hz (deliberately unlike the others: "look at me")
  gap       three falling notes (784/659/523 Hz): nobody is on duty
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "noc_wallboard" / "sounds"

# (frequency Hz or 0 for silence, seconds, loudness 0..1)
Note = tuple[float, float, float]

PATTERNS: dict[str, list[Note]] = {
    "critical": [
        (988, 0.09, 0.9),
        (1319, 0.09, 0.9),
        (0, 0.08, 0),
    ]
    * 3
    + [(0, 0.25, 0)],
    "major": [(784, 0.14, 0.8), (988, 0.18, 0.8), (0, 0.12, 0)] * 2,
    "minor": [(659, 0.16, 0.6), (784, 0.24, 0.6)],
    "warning": [(587, 0.25, 0.5)],
    "info": [(523, 0.2, 0.35)],
    "unknown": [(880, 0.12, 0.7), (622, 0.12, 0.7)] * 3,
    "gap": [(784, 0.2, 0.7), (659, 0.2, 0.7), (523, 0.35, 0.7)],
}


def render(notes: list[Note]) -> bytes:
    frames = bytearray()
    fade = int(RATE * 0.008)
    for freq, seconds, loud in notes:
        n = int(RATE * seconds)
        for i in range(n):
            if freq == 0:
                sample = 0.0
            else:
                env = min(1.0, i / fade, (n - 1 - i) / fade) if fade else 1.0
                # A touch of the octave makes small speakers carry the tone.
                t = i / RATE
                wave_ = math.sin(2 * math.pi * freq * t) + 0.25 * math.sin(4 * math.pi * freq * t)
                sample = loud * env * wave_ / 1.25
            frames += struct.pack("<h", round(sample * 32000))
    return bytes(frames)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, notes in PATTERNS.items():
        path = OUT / f"{name}.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(render(notes))
        print(f"{path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
