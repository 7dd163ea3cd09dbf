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

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

VARYING = re.compile(r"[a-z][a-z0-9+.-]*://\S+|\b\d+\b", re.IGNORECASE)


class OneLinePerProblem(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, str]] = set()
        self.held_back = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        kind = (record.name, VARYING.sub("#", record.getMessage()))
        if kind in self.seen:
            self.held_back += 1
            return False
        self.seen.add(kind)
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


class QuietLogs:
    """Extension: installs the filter on the root handlers unless LOG_LEVEL is DEBUG."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.filter = OneLinePerProblem()
        for handler in logging.getLogger().handlers:
            handler.addFilter(self.filter)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> QuietLogs:
        if str(crawler.settings.get("LOG_LEVEL")).upper() in {"DEBUG", str(logging.DEBUG)}:
            raise NotConfigured("every line and traceback at DEBUG")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("vnnews/log/repeats_held_back", self.filter.held_back)
