"""Code a hostile crawl test puts into the crawler process (through PYTHONPATH and -s settings): a `bkto`
spider whose parsing raises on marked pages, and a pipeline that raises on marked articles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawler.items import Article
from crawler.spiders.registered import SPIDERS

# The ends of the URLs of the generated articles 2 and 3 (new template: the URL ends with `kỳ N` of the title).
PARSE_FAILS = "-ky-2"
PIPELINE_FAILS = "-ky-3"


class RaisingBktoSpider(SPIDERS["bkto"]):
    name = "bkto"

    def parse_article(self, response: Response) -> Iterator[Article]:
        if response.url.endswith(PARSE_FAILS):
            raise ValueError("hostile page: the parser gives up")
        yield from super().parse_article(response)


class RaisingPipeline:
    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        if item["url"].endswith(PIPELINE_FAILS):
            raise ValueError("hostile article: a pipeline gives up")
        return item
