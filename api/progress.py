"""Progress of a long command on standard error: a bar on a terminal, a line every few seconds in a log.

On a terminal, tqdm draws a bar with the count, the total, the rate and the time left. Piped to a
file (`make run`, Docker, a CI log) a bar is unreadable, so a plain line is written every
`every` seconds instead, and once when the work ends:

    ingest: 120/2,225 documents (5%), 11.2 a second, about 3 min 8 s left
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm


def duration(seconds: float) -> str:
    """'40 s', '3 min 8 s', '2 h 5 min': what a reader of a log takes in at a glance."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


class Progress:
    """Counts items done out of `total` (None when unknown) and shows it as the stream allows."""

    def __init__(
        self, *, total: int | None, desc: str = "ingest", stream: TextIO = sys.stderr, every: float = 5.0
    ) -> None:
        self.total, self.desc, self.stream, self.every = total, desc, stream, every
        self.done = 0
        self.started = self._last = time.monotonic()
        self._bar: tqdm | None = None
        if stream.isatty():
            self._bar = tqdm(total=total, desc=desc, unit="doc", file=stream, leave=False, dynamic_ncols=True)

    def update(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
        elif time.monotonic() - self._last >= self.every:
            self._line()

    def say(self, message: str) -> None:
        """A message between the updates (under the bar on a terminal)."""
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.done:
            self._line()

    def _line(self) -> None:
        now = time.monotonic()
        self._last = now
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total:
            line = f"{self.desc}: {self.done:,}/{self.total:,} documents ({100 * self.done // self.total}%)"
        else:
            line = f"{self.desc}: {self.done:,} document{'' if self.done == 1 else 's'}"
        line += f", {rate:.1f} a second"
        left = (self.total - self.done) / rate if self.total and rate > 0 else 0.0
        if left >= 1:
            line += f", about {duration(left)} left"
        print(line, file=self.stream, flush=True)
