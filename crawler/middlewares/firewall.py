"""Web application firewalls that answer 200 with a tiny rejection or challenge page.

Such a page is a failure dressed as success: the middleware retries it like a 5xx; if every retry
is rejected too, the page is given up as failed (`vnnews/failed/firewall`), so it never becomes an
item. ValidatePipeline applies the same test to the text of items, for a challenge page wrapped in the
site's own layout.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response, TextResponse

from crawler.middlewares.accounting import PageGivenUp

# Phrases of rejection and challenge pages (F5 ASM "Request Rejected", JS cookie challenges).
FIREWALL_MARKERS: tuple[str, ...] = (
    "request rejected",
    "the requested url was rejected",
    "your support id is",
    'document.cookie="d1n=',
    "access denied",
)
# Real articles are far larger; a rejection page is a few hundred bytes.
FIREWALL_PAGE_MAX_CHARS = 3000


def looks_like_firewall_page(text: str) -> bool:
    if len(text) > FIREWALL_PAGE_MAX_CHARS:
        return False
    lowered = text.lower()
    return any(marker in lowered for marker in FIREWALL_MARKERS)


class FirewallPageMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FirewallPageMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        """Retry a firewall page; give the request up once retries are spent."""
        if response.status != 200 or not isinstance(response, TextResponse):
            return response
        if not looks_like_firewall_page(response.text):
            return response
        self.crawler.stats.inc_value("vnnews/firewall_pages")
        assert self.crawler.spider is not None
        retry = get_retry_request(request, spider=self.crawler.spider, reason="firewall page")
        if retry is not None:
            return retry
        raise PageGivenUp("firewall", request.url)
