"""Every article and every page of a crawl accounted for, in the stats the summary prints.

Articles: each item a spider callback yields counts `vnnews/articles`; it leaves the pipelines indexed,
spooled, dead-lettered or not accepted (the spool could not take it: the index pipeline's stats), or
dropped with a reason (`vnnews/dropped/<reason>`,
`pipeline_error` when a pipeline raised). `unaccounted()` checks the sum at the end of every crawl.

Pages: a page that yields nothing because of a failure counts `vnnews/failed/<reason>`: `http_<status>`
after retries, `too_large` (DOWNLOAD_MAXSIZE, while downloading or decompressing), `retry_after` (the site
asked for a longer pause than VNNEWS_RETRY_AFTER_MAX), `firewall`, `callback_error` (the spider raised),
or the download error's name. robots.txt refusals and pages a resumed crawl skips are decisions, not
failures. Each failure is one warning line (crawler.logs keeps one per distinct problem), its traceback
at DEBUG only.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from crawler.pipelines import ItemDropped

logger = logging.getLogger(__name__)

# The index pipeline's outcomes of an article (vnnews/<name>).
WRITTEN = ("indexed", "spooled", "dead_lettered", "not_accepted")


class PageGivenUp(IgnoreRequest):
    """A request abandoned for a reason the crawl reports (`vnnews/failed/<reason>`)."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.reason = reason


def failure_reason(failure: Failure) -> str | None:
    """Why a page failed, or None when it was skipped on purpose."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    if isinstance(error, PageGivenUp):
        return error.reason
    if isinstance(error, DownloadCancelledError | CancelledError) or isinstance(
        error.__cause__, _DecompressionMaxSizeExceeded
    ):
        return "too_large"
    if isinstance(error, IgnoreRequest):
        return None
    return type(error).__name__


def page_failed(crawler: Crawler, failure: Failure) -> None:
    """The errback of every request a spider makes."""
    reason = failure_reason(failure)
    if reason is None:
        return
    count_failed_page(crawler, reason)
    url = failure.request.url if hasattr(failure, "request") else "?"
    logger.warning("Page failed (%s): %s", reason, url)
    logger.debug("Page failed (%s): %s", reason, url, exc_info=failure_exc_info(failure))


def count_failed_page(crawler: Crawler, reason: str) -> None:
    assert crawler.stats is not None
    crawler.stats.inc_value(f"vnnews/failed/{reason}")


def failure_exc_info(failure: Failure) -> tuple[Any, Any, Any]:
    return (failure.type, failure.value, failure.getTracebackObject())


class AccountingMiddleware:
    """Spider middleware next to the spider: counts the articles it yields and the pages it fails on."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AccountingMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.item_error, signal=signals.item_error)
        crawler.signals.connect(middleware.item_dropped, signal=signals.item_dropped)
        return middleware

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for output in result:
            self.count(output)
            yield output

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in result:
            self.count(output)
            yield output

    def process_spider_input(self, response: Response) -> None:
        """Count pages past DOWNLOAD_WARNSIZE (Scrapy warns about each while downloading)."""
        limit = response.meta.get("download_warnsize", self.crawler.settings.getint("DOWNLOAD_WARNSIZE"))
        if limit and len(response.body) > limit:
            self.crawler.stats.inc_value("vnnews/large_pages")

    def count(self, output: Any) -> None:
        if is_item(output):
            self.crawler.stats.inc_value("vnnews/articles")

    def process_spider_exception(self, response: Response, exception: Exception) -> Iterable[Any] | None:
        if isinstance(exception, HttpError):
            return None  # the request's errback reports it
        count_failed_page(self.crawler, "callback_error")
        logger.warning("Page failed (callback_error: %s: %s): %s", type(exception).__name__, exception, response.url)
        logger.debug("Page failed: %s", response.url, exc_info=exception)
        return []

    def item_dropped(self, item: Any, response: Response | None, exception: BaseException, spider: Spider) -> None:
        """Our pipelines count their drops by reason (crawler.pipelines.drop); any other drop by its class."""
        if not isinstance(exception, ItemDropped):
            self.crawler.stats.inc_value(f"vnnews/dropped/{type(exception).__name__}")

    def item_error(self, item: Any, response: Response | None, spider: Spider, failure: Failure) -> None:
        """A pipeline raised something other than DropItem: the item is dropped, with that reason."""
        self.crawler.stats.inc_value("vnnews/dropped/pipeline_error")
        error = failure.value
        url = ItemAdapter(item).get("url") or "?"
        logger.warning("Dropped: pipeline_error (%s: %s): %s", type(error).__name__, error, url)


def unaccounted(stats: dict[str, Any], indexing: bool) -> str | None:
    """None when every article that entered the pipelines left it one known way, else what is missing."""
    articles = stats.get("vnnews/articles", 0)
    if indexing:
        written = {name: stats.get(f"vnnews/{name}", 0) for name in WRITTEN}
    else:
        written = {"kept": stats.get("item_scraped_count", 0)}
    dropped = sum(value for key, value in stats.items() if key.startswith("vnnews/dropped/"))
    accounted = sum(written.values()) + dropped
    if accounted == articles:
        return None
    parts = ", ".join(f"{name} {count}" for name, count in written.items())
    return (f"the crawl lost count of {articles - accounted} articles: {articles} in, {accounted} out "
            f"({parts}, dropped {dropped})")
