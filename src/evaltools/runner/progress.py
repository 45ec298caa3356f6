"""Progress on stderr: which notebook runs and how long each took.

On a terminal a status line — chapters done / running / waiting, the run's elapsed time and
each running chapter's — is redrawn every second; otherwise (cron, CI, a pipe) only plain,
timestamped lines are written, one per event. Every line also goes to the run's log.

Terminal output is English, like every CLI message (the audience is whoever runs the command:
a researcher or a scheduler's log); the report and the notebooks are Indonesian (README,
"Languages").
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import TextIO


class Progress:
    """Thread-safe progress reporter (notebooks run in a thread pool)."""

    def __init__(
        self, total: int, *, stream: TextIO | None = None, logger: logging.Logger | None = None
    ):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.logger = logger
        self.done = 0
        self._running: dict[str, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._ticker: threading.Thread | None = None
        self._status_len = 0
        self._t0 = time.monotonic()

    def __enter__(self) -> Progress:  # noqa: PYI034
        if self._tty:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
        with self._lock:
            self._clear_status()

    def _clear_status(self) -> None:
        if self._tty and self._status_len:
            self.stream.write("\r" + " " * self._status_len + "\r")
            self.stream.flush()
            self._status_len = 0

    def _draw_status(self) -> None:
        if not self._tty or not self._running:
            return
        now = time.monotonic()
        running = ", ".join(f"{n} {now - t0:.0f}s" for n, t0 in self._running.items())
        waiting = max(0, self.total - self.done - len(self._running))
        text = (
            f"[{self.done}/{self.total} done, {len(self._running)} running, {waiting} waiting, "
            f"{now - self._t0:.0f}s] {running}"
        )
        width = 120
        text = text[:width]
        self.stream.write("\r" + text.ljust(self._status_len))
        self.stream.flush()
        self._status_len = len(text)

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            with self._lock:
                self._draw_status()

    def message(self, text: str) -> None:
        """A plain line (also logged)."""
        with self._lock:
            self._clear_status()
            stamp = time.strftime("%H:%M:%S")
            self.stream.write(f"{stamp} {text}\n")
            self.stream.flush()
            self._draw_status()
        if self.logger is not None:
            self.logger.info(text)

    def started(self, name: str) -> None:
        with self._lock:
            self._running[name] = time.monotonic()
        self.message(f"[{self.done}/{self.total}] start  {name}")

    def finished(self, name: str, seconds: float, ok: bool) -> None:
        with self._lock:
            self._running.pop(name, None)
            self.done += 1
        status = "done  " if ok else "FAILED"
        self.message(f"[{self.done}/{self.total}] {status} {name} ({seconds:.1f} s)")
