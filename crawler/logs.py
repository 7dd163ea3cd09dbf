"""One warning line per distinct problem, tracebacks only at LOG_LEVEL=DEBUG.

A crawl against a failing site or a stopped Elasticsearch repeats the same warning for every page or
batch, each with its traceback. Below DEBUG, this filter on the log handlers lets the first warning or
error of a kind through (its exception shortened to `Type: message`) and holds back the repeats; the
crawl stats and the summary count them. Two records are of one kind when they come from the same logger
and read the same once URLs and numbers are blanked.
"""

from __future__ import annotations

import logging
import re

from scrapy.settings import Settings
from scrapy.utils.log import _get_handler

VARYING = re.compile(r"[a-z][a-z0-9+.-]*://\S+|\b\d+\b", re.IGNORECASE)


class OneLinePerProblem(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        try:
            kind = (record.name, VARYING.sub("#", record.getMessage()))
        except Exception:  # a malformed log call: let the handler report it as logging does
            return True
        if kind in self.seen:
            return False
        self.seen.add(kind)
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def install_log_handler(settings: Settings) -> None:
    """Scrapy's own log handler (LOG_FILE, LOG_FORMAT, LOG_LEVEL...), with the filter below DEBUG. Installed
    by the CLI in place of Scrapy's: Scrapy replaces its handler as each crawl starts, dropping any filter."""
    handler = _get_handler(settings)
    if handler.level > logging.DEBUG:
        handler.addFilter(OneLinePerProblem())
    logging.root.setLevel(logging.NOTSET)
    logging.root.addHandler(handler)
