"""Archive every response fetched, with its request, as WARC records (setting VNNEWS_RECORD).

Sits next to the downloader, so it sees responses as they came off the wire (still compressed,
before redirects are followed): replaying the file later reproduces the same crawl.
"""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response

from crawler.replay.archive import ArchiveWriter, Exchange


def _header_pairs(headers: Headers) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    )


class RecordMiddleware:
    def __init__(self, crawler: Crawler, writer: ArchiveWriter) -> None:
        self.crawler = crawler
        self.writer = writer

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordMiddleware:
        path = crawler.settings.get("VNNEWS_RECORD")
        if not path:
            raise NotConfigured  # silently: recording is off unless VNNEWS_RECORD names an archive
        # Opened here, not when the spider opens: an unwritable archive must stop the crawl from
        # starting, and Scrapy only logs what a signal handler raises.
        middleware = cls(crawler, ArchiveWriter(path))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        self.writer.close()

    def process_response(self, request: Request, response: Response) -> Response:
        self.writer.write(
            Exchange(
                url=request.url,
                status=response.status,
                headers=_header_pairs(response.headers),
                body=response.body,
                request_headers=_header_pairs(request.headers),
            )
        )
        self.crawler.stats.inc_value("vnnews/recorded")
        return response
