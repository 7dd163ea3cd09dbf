"""The size and time a page may cost to extract: past either, it is dropped with a reason (`too_large`,
`too_slow`) instead of holding a crawl slot or a terminal.

The crawl reads the limits from the Scrapy settings VNNEWS_PAGE_MAX_BYTES and VNNEWS_PAGE_MAX_SECONDS;
`vnnews extract` uses the defaults. Time is checked cooperatively (`check_time`) between steps that are
each linear in the page size, so a page overshoots its time budget by at most one such step.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_SECONDS = 2.0

# The deadline of the extraction running in this context (thread or task); none outside one.
_deadline: ContextVar[float | None] = ContextVar("vnnews_extract_deadline", default=None)


class OverBudget(Exception):
    """The page costs more than its budget; `reason` is the drop reason (`too_large`, `too_slow`)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


@dataclass(frozen=True)
class Budget:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_seconds: float = DEFAULT_MAX_SECONDS

    @classmethod
    def from_settings(cls, settings: Any) -> Budget:
        return cls(
            settings.getint("VNNEWS_PAGE_MAX_BYTES", DEFAULT_MAX_BYTES),
            settings.getfloat("VNNEWS_PAGE_MAX_SECONDS", DEFAULT_MAX_SECONDS),
        )

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise OverBudget("too_large", f"{size:,} bytes, more than the {self.max_bytes:,} allowed")

    @contextmanager
    def timed(self) -> Iterator[None]:
        """Run the block under this budget's deadline (`check_time` raises past it)."""
        token = _deadline.set(time.monotonic() + self.max_seconds)
        try:
            yield
        finally:
            _deadline.reset(token)


DEFAULT_BUDGET = Budget()


def check_time() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise OverBudget("too_slow", "extraction took longer than its time budget")
