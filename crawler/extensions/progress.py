"""Extension: the progress of a crawl. On a terminal, a live line on stderr, rewritten every second: pages,
articles, pages per minute, documents spooled, failed pages; off a terminal (cron, systemd, scrapyd), the
same as a log line every VNNEWS_PROGRESS_INTERVAL seconds (0: none). A crawl stopped by Ctrl-C (Scrapy
closes it cleanly: the spool is flushed, the state and journal saved) says how to resume it.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)

LIVE_INTERVAL = 1.0


def progress_line(stats: dict[str, Any], seconds: float) -> str:
    pages = stats.get("response_received_count", 0)
    failed = sum(value for key, value in stats.items() if key.startswith("vnnews/failed/"))
    rate = pages / seconds * 60 if seconds > 0 else 0.0
    return (f"pages {pages}, articles {stats.get('vnnews/articles', 0)}, {rate:.0f} pages/min, "
            f"spooled {stats.get('vnnews/spooled', 0)}, failed {failed}")


class Progress:
    def __init__(self, crawler: Crawler, live: bool, interval: float) -> None:
        self.crawler = crawler
        self.live = live
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.show)
        self.interval = interval

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        live = sys.stderr.isatty()
        interval = LIVE_INTERVAL if live else crawler.settings.getfloat("VNNEWS_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured
        progress = cls(crawler, live, interval)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def spider_opened(self) -> None:
        self.loop.start(self.interval, now=False)

    def show(self) -> None:
        line = progress_line(self.crawler.stats.get_stats(), time.monotonic() - self.started)
        if self.live:
            sys.stderr.write(f"\r\x1b[K{line}")
            sys.stderr.flush()
        else:
            logger.info("Progress: %s", line)

    def spider_closed(self, reason: str) -> None:
        if self.loop.running:
            self.loop.stop()
        if self.live:
            sys.stderr.write("\r\x1b[K")
        if reason == "shutdown":
            logger.warning("Interrupted: run the same command again to resume (what is durably done is skipped; "
                           "documents left in the spool are sent first)")
