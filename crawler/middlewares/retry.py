"""Scrapy's retries, plus the `Retry-After` a site sends with 429 and 503 (replaces RetryMiddleware).

A pause up to VNNEWS_RETRY_AFTER_MAX seconds is honoured: the host gets no request before it ends (every
request to it waits here), then the page is retried as usual (RETRY_TIMES). A longer pause is not waited
for in this run: the page and every later request to that host are given up as `retry_after`
(`vnnews/failed/retry_after`), to be fetched by the next run, instead of hammering a host that asked
to be left alone. Without the header, 429 and 503 are retried like any other code of RETRY_HTTP_CODES.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from crawler.middlewares.accounting import PageGivenUp

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = frozenset({429, 503})


def retry_after_seconds(response: Response, now: datetime) -> float | None:
    """The pause a response asks for (delay-seconds or an HTTP date), or None without a usable header."""
    value = (response.headers.get(b"Retry-After") or b"").decode("latin-1").strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - now).total_seconds())


def host(request: Request) -> str:
    return urlparse_cached(request).hostname or ""


class RetryAfterMiddleware(RetryMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.longest_wait = crawler.settings.getfloat("VNNEWS_RETRY_AFTER_MAX")
        self.paused_until: dict[str, float] = {}  # host -> time.monotonic() of the end of its pause
        self.deferred: set[str] = set()  # hosts that asked for more than longest_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if host(request) in self.deferred:
            raise PageGivenUp("retry_after", request.url)
        if (wait := self.paused_until.get(host(request), 0) - time.monotonic()) > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in RETRY_AFTER_STATUSES or request.meta.get("dont_retry", False):
            return super().process_response(request, response)
        wait = retry_after_seconds(response, datetime.now(UTC))
        if wait is None:
            return super().process_response(request, response)
        if wait > self.longest_wait:
            self.defer_host(request, response, wait)
        self.paused_until[host(request)] = max(self.paused_until.get(host(request), 0), time.monotonic() + wait)
        return super().process_response(request, response)

    def defer_host(self, request: Request, response: Response, wait: float) -> None:
        self.deferred.add(host(request))
        logger.warning("%s answered %d with Retry-After %d s (more than VNNEWS_RETRY_AFTER_MAX, %d s): its pages "
                       "are left for the next run", host(request), response.status, wait, self.longest_wait)
        raise PageGivenUp("retry_after", request.url)
