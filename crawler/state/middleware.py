"""Incremental crawls over the shared crawl state (crawler.state), on with VNNEWS_CRAWL_STATE.

`StateSpiderMiddleware`: of the article requests one callback yields (a sitemap, a listing page, a feed),
and of the sitemaps a sitemap index lists with a lastmod, only those the state lets this run claim go on
(`vnnews/state/skipped` counts the others), carrying the last fetch's validators as a conditional
request; a listing page none of whose articles is new to the state is not paged further
(`vnnews/state/listing_stop`). Discovery pages are always fetched.

Elasticsearch unreachable when the crawl starts is one line (exit 5); gone during the crawl, the article
requests go on unclaimed (`vnnews/state/unavailable`, one warning) and their articles to the spool.

`StateDownloaderMiddleware`: a claimed page answered 304 Not Modified is unchanged (`vnnews/state/
not_modified`) and goes no further; a page that cannot be fetched is an error for the state; a claimed
article page that redirects is followed only once its target is claimed too (else it is done, the target
counted in `vnnews/state/skipped`).

Settings: VNNEWS_CRAWL_STATE (on/off), VNNEWS_STATE_CLAIM_SECONDS (how long a claim holds: longer than a
page takes from request to durable article), VNNEWS_STATE_BATCH (outcomes per bulk write).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import timedelta
from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from crawler.normalise.dates import parse_structured_date
from crawler.pipelines import ItemDropped
from crawler.pipelines.index import articles_durable
from crawler.state import EsCrawlState
from index import config, crawl_state

logger = logging.getLogger(__name__)

CLAIMED = "vnnews_claimed"
LASTMOD = "sitemap_lastmod"


class NotModified(IgnoreRequest):
    """A page unchanged since the last fetch (304)."""


def state_for(crawler: Crawler) -> EsCrawlState:
    """The crawler's one state, shared by both middlewares and connected to the signals once."""
    state = getattr(crawler, "vnnews_crawl_state", None)
    if state is None:
        state = open_state(crawler)
        crawler.vnnews_crawl_state = state  # type: ignore[attr-defined]
        crawler.signals.connect(lambda articles: state.record_articles(articles), signal=articles_durable,
                                weak=False)
        crawler.signals.connect(item_dropped_handler(state), signal=signals.item_dropped, weak=False)
        crawler.signals.connect(response_handler(crawler, state), signal=signals.response_received, weak=False)
        crawler.signals.connect(duplicate_handler(state), signal=signals.request_dropped, weak=False)
        crawler.signals.connect(lambda reason: state.close(reason == "finished"), signal=signals.spider_closed,
                                weak=False)
    return state


def open_state(crawler: Crawler) -> EsCrawlState:
    settings = crawler.settings
    client = config.es_client()
    with config.elasticsearch_errors():
        index = crawl_state.ensure(client, config.index_names())
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    assert crawler.spidercls is not None
    return EsCrawlState(client, index, owner, crawler.spidercls.name,
                        timedelta(seconds=settings.getint("VNNEWS_STATE_CLAIM_SECONDS")),
                        settings.getint("VNNEWS_STATE_BATCH"))


def item_dropped_handler(state: EsCrawlState) -> Any:
    def item_dropped(item: Any, response: Response, exception: BaseException, spider: Spider) -> None:
        if isinstance(exception, ItemDropped) and (url := response.meta.get(CLAIMED)):
            state.dropped(url, exception.reason)
    return item_dropped


def duplicate_handler(state: EsCrawlState) -> Any:
    """A claimed page whose request the scheduler dropped as a duplicate (it redirected to a page this run
    fetched already) is done: its article is that page's."""
    def request_dropped(request: Request, spider: Spider) -> None:
        if url := request.meta.get(CLAIMED):
            state.dropped(url, "duplicate")
    return request_dropped


def response_handler(crawler: Crawler, state: EsCrawlState) -> Any:
    """Each claimed page's answer into the state, and counted: `vnnews/state/pages_<new|changed|same>`."""
    def response_received(response: Response, request: Request, spider: Spider) -> None:
        if (url := request.meta.get(CLAIMED)) and is_dated_sitemap_request(request):
            state.sitemap_read(url, response)
        elif url:
            crawler.stats.inc_value(f"vnnews/state/pages_{state.fetched(url, response)}")
    return response_received


def enabled(crawler: Crawler) -> None:
    if not crawler.settings.getbool("VNNEWS_CRAWL_STATE"):
        raise NotConfigured
    if not crawler.settings.getbool("VNNEWS_INDEXING"):
        raise NotConfigured("without indexing nothing is durable")


def is_article_request(output: Any) -> bool:
    return isinstance(output, Request) and getattr(output.callback, "__name__", "") == "parse_article"


def is_dated_sitemap_request(output: Any) -> bool:
    return (isinstance(output, Request) and getattr(output.callback, "__name__", "") == "parse_sitemap"
            and output.meta.get(LASTMOD) is not None)


def is_tracked(output: Any) -> bool:
    return is_article_request(output) or is_dated_sitemap_request(output)


def is_listing_request(output: Any) -> bool:
    return isinstance(output, Request) and "listing" in output.cb_kwargs


class StateSpiderMiddleware:
    def __init__(self, crawler: Crawler, state: EsCrawlState) -> None:
        self.crawler = crawler
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateSpiderMiddleware:
        enabled(crawler)
        return cls(crawler, state_for(crawler))

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        yield from self.filtered(response, list(result))

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        for output in self.filtered(response, [output async for output in result]):
            yield output

    def filtered(self, response: Response, outputs: list[Any]) -> Iterator[Any]:
        if claimed := response.meta.get(CLAIMED):
            for output in filter(is_item, outputs):
                self.state.produced_item(claimed, ItemAdapter(output).get("url") or claimed)
        candidates = {output.url: sitemap_lastmod(output) for output in outputs if is_tracked(output)}
        if not candidates:
            yield from outputs
            return
        from elasticsearch import ApiError, TransportError  # only here: a crawl without state never loads it

        try:
            selection = self.state.select(candidates)
        except (ApiError, TransportError) as error:
            state_unavailable(self.crawler, error)
            yield from outputs
            return
        nothing_new = not {url for url in candidates if url not in selection.known}
        for output in outputs:
            if is_tracked(output):
                if output.url in selection.claimed:
                    selection.claimed.discard(output.url)  # the first request for it, once
                    yield self.claimed_request(output)
                else:
                    self.crawler.stats.inc_value("vnnews/state/skipped")
            elif nothing_new and is_listing_request(output) and "listing" in response.request.cb_kwargs:
                self.crawler.stats.inc_value("vnnews/state/listing_stop")
            else:
                yield output

    def claimed_request(self, request: Request) -> Request:
        headers = self.state.conditional_headers(request.url)
        for name, value in headers.items():
            request.headers[name] = value
        request.meta[CLAIMED] = request.url
        if headers:
            request.meta["handle_httpstatus_list"] = [*request.meta.get("handle_httpstatus_list", ()), 304]
        return request


def state_unavailable(crawler: Crawler, error: Exception) -> None:
    """Elasticsearch cannot answer: the pages are fetched unclaimed (their articles go to the spool like
    any other) rather than lost; another process may fetch them too."""
    if not crawler.stats.get_value("vnnews/state/unavailable"):
        logger.warning("The crawl state cannot be read (%s): fetching without it", config.redact(str(error)))
    crawler.stats.inc_value("vnnews/state/unavailable")


def sitemap_lastmod(request: Request) -> Any:
    value = request.meta.get(LASTMOD)
    return parse_structured_date(value) if value else None


class StateDownloaderMiddleware:
    def __init__(self, crawler: Crawler, state: EsCrawlState) -> None:
        self.crawler = crawler
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateDownloaderMiddleware:
        enabled(crawler)
        return cls(crawler, state_for(crawler))

    def process_request(self, request: Request) -> None:
        """A claimed article page redirected to another URL: that URL is claimed too before it is fetched,
        or two crawls could fetch one article, one through the redirect and one straight. When another
        crawl holds it or has it done, the redirect goes no further and the page claimed is done."""
        claimed = request.meta.get(CLAIMED)
        if not claimed or request.url == claimed or request.url in self.state.documents:
            return
        if not is_article_request(request):
            return
        from elasticsearch import ApiError, TransportError  # only here: a crawl without state never loads it

        try:
            selection = self.state.select({request.url: None})
        except (ApiError, TransportError) as error:
            state_unavailable(self.crawler, error)
            return
        if request.url not in selection.claimed:
            self.state.dropped(claimed, "redirect_held_elsewhere")
            self.crawler.stats.inc_value("vnnews/state/skipped")
            raise IgnoreRequest(f"{claimed} redirects to {request.url}, which another crawl holds or has done")

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and (url := request.meta.get(CLAIMED)):
            self.state.not_modified(url)
            self.crawler.stats.inc_value("vnnews/state/not_modified")
            raise NotModified(f"not modified: {url}")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if (url := request.meta.get(CLAIMED)) and not isinstance(exception, IgnoreRequest):
            self.state.failed(url, type(exception).__name__)
