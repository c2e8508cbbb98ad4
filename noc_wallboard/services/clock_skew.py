"""A steady estimate of a source's clock offset from its HTTP `Date` headers.

One `Date` has whole seconds and is written before the body is sent, so a single
reading wobbles by about a second. Correcting every poll by the raw reading would move
every timestamp (and every row, and every countdown) by a second at random. So: the
median of recent readings, whole seconds, and a correction that changes only when the
estimate has moved by more than the noise (hysteresis).
"""

from __future__ import annotations

import statistics
from collections import deque
from datetime import timedelta

NOISE = timedelta(seconds=2)  # below this, no correction at all
STEP = timedelta(seconds=1.5)  # the applied correction moves only by more than this
WINDOW = 5


class SkewTracker:
    def __init__(self) -> None:
        self._readings: deque[float] = deque(maxlen=WINDOW)
        self.applied = timedelta(0)

    def update(self, reading: timedelta | None) -> timedelta:
        """Feed one reading; return the correction to apply (source clock − ours)."""
        if reading is None:
            return self.applied
        self._readings.append(reading.total_seconds())
        estimate = timedelta(seconds=round(statistics.median(self._readings)))
        if abs(estimate) <= NOISE and abs(self.applied) <= NOISE:
            self.applied = timedelta(0)
        elif abs(estimate - self.applied) > STEP:
            self.applied = estimate if abs(estimate) > NOISE else timedelta(0)
        return self.applied

    @property
    def estimate_s(self) -> float | None:
        return statistics.median(self._readings) if self._readings else None
