"""Answer every request from a web archive instead of the network (setting VNNEWS_REPLAY).

Sits next to the downloader, so robots.txt, redirects, retries and decompression behave exactly as
they did live: the archived response goes through every other middleware. A URL missing from the
archive gets a 404, as a site that lost the page would answer.
"""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from crawler.replay.archive import ArchiveReader

# Politeness is pointless against a local file: the CLI applies these with --replay. Scrapy's HTTP stack
# is never used (every request is answered here), so neither its download handlers nor the errors retried
# are loaded (naming them imports that stack: ~0.3 s of a replay's start); a request that somehow reached
# the network would fail. No error is worth a retry: the archive answers the same again.
REPLAY_SPEED = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "DOWNLOAD_HANDLERS": {"http": None, "https": None},
    "RETRY_EXCEPTIONS": [],
}


class ReplayMiddleware:
    def __init__(self, crawler: Crawler, reader: ArchiveReader) -> None:
        self.crawler = crawler
        self.reader = reader

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        archive = crawler.settings.get("VNNEWS_REPLAY")
        if not archive:
            raise NotConfigured  # silently: replay is off unless VNNEWS_REPLAY names an archive
        # Opened here, not when the spider opens: an unreadable archive must stop the crawl from
        # starting, and Scrapy only logs what a signal handler raises.
        middleware = cls(crawler, ArchiveReader(archive, crawler.settings.getbool("VNNEWS_REPLAY_ALLOW_PARTIAL")))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self) -> None:
        self.crawler.stats.set_value("vnnews/replay/archived_urls", len(self.reader))
        self.crawler.stats.set_value("vnnews/replay/skipped_bytes", self.reader.skipped_bytes)
        self.crawler.stats.set_value("vnnews/replay/records_without_uri", self.reader.without_uri)

    def spider_closed(self) -> None:
        self.reader.close()

    def process_request(self, request: Request) -> Response:
        exchange = self.reader.get(request.url)
        if exchange is None:
            self.crawler.stats.inc_value("vnnews/replay/missing")
            return Response(request.url, status=404, request=request, flags=["replay"])
        self.crawler.stats.inc_value("vnnews/replay/answered")
        headers = Headers(list(exchange.headers))
        response_class = responsetypes.from_args(headers=headers, url=request.url, body=exchange.body)
        return response_class(
            request.url,
            status=exchange.status,
            headers=headers,
            body=exchange.body,
            request=request,
            flags=["replay"],
        )
