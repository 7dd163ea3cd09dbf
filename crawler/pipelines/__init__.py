"""Item pipelines, one job each, in the order of ITEM_PIPELINES: normalise, validate, enrich, dedupe, syndicate,
index.

After NormalisePipeline an item is the plain dict the index writer takes.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.logformatter import LogFormatter, LogFormatterResult


class ItemDropped(DropItem):
    """A drop with a short machine reason, counted in the crawl stat `vnnews/dropped/<reason>`."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason}: {url}", log_level="INFO")
        self.reason = reason


def drop(crawler: Crawler, reason: str, item: dict[str, Any]) -> ItemDropped:
    assert crawler.stats is not None
    crawler.stats.inc_value(f"vnnews/dropped/{reason}")
    return ItemDropped(reason, item.get("url") or "?")


class QuietDropFormatter(LogFormatter):
    """Logs a dropped item as its reason and URL, not the whole article; a pipeline's exception only at
    DEBUG (crawler.middlewares.accounting reports it as a drop, in one line)."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        result["msg"] = "Dropped: %(exception)s"
        result["args"] = {"exception": exception}
        return result

    def item_error(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        result["level"] = logging.DEBUG
        return result

