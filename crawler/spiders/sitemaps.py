"""Reading sitemaps, shared by every spider that follows them: their own size limit (the protocol allows
50 MB, more than a page), downloaded and decompressed (`VNNEWS_SITEMAP_MAXSIZE`, `vnnews/failed/too_large`
beyond it), and an unreadable one counted (`vnnews/sitemap/unreadable`) rather than raised."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from crawler.middlewares.accounting import count_failed_page

logger = logging.getLogger(__name__)


def sitemap_request(crawler: Crawler, url: str, callback: Callable[..., Any], errback: Callable[..., Any]) -> Request:
    limit = crawler.settings.getint("VNNEWS_SITEMAP_MAXSIZE")
    return Request(url, callback=callback, errback=errback,
                   meta={"download_maxsize": limit, "download_warnsize": limit // 2})


def read_sitemap(crawler: Crawler, response: Response) -> Sitemap | None:
    """The sitemap (or sitemap index) a response holds, gzipped or not; None when it cannot be read."""
    try:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=crawler.settings.getint("VNNEWS_SITEMAP_MAXSIZE"))
        return Sitemap(body)
    except _DecompressionMaxSizeExceeded:
        count_failed_page(crawler, "too_large")
        logger.warning("Page failed (too_large: inflates beyond VNNEWS_SITEMAP_MAXSIZE): %s", response.url)
    except Exception:
        assert crawler.stats is not None
        crawler.stats.inc_value("vnnews/sitemap/unreadable")
    return None
