"""An article page's response into an Article, shared by every spider that extracts pages.

The bytes, not `response.text`: `vnnews extract` decodes a saved page the same way (UTF-8 before a declared
single-byte charset, legacy fonts repaired later). A page over the extraction budget (VNNEWS_PAGE_MAX_BYTES,
VNNEWS_PAGE_MAX_SECONDS) is a failed page with its reason (`too_large`, `too_slow`): it gave no article,
so it counts beside the other pages that gave nothing, never as an article dropped.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.http import TextResponse
from w3lib.encoding import http_content_type_encoding

from crawler.extract import Budget, OverBudget, extract_article
from crawler.items import Article
from crawler.middlewares.accounting import count_failed_page

logger = logging.getLogger(__name__)


def extract_response(crawler: Crawler, response: TextResponse) -> Article | None:
    declared = http_content_type_encoding(response.headers.get(b"Content-Type", b"").decode("latin-1"))
    try:
        return extract_article(response.body, response.url, declared, Budget.from_settings(crawler.settings))
    except OverBudget as error:
        count_failed_page(crawler, error.reason)
        logger.warning("Page failed (%s): %s", error.reason, response.url)
        return None
