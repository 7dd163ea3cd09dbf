"""Drop what is not an article: firewall pages, listing pages, pages generic extraction recognised as
lists of articles, pages no template recognised, pages without a title or a body."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.extract.generic import NOT_ARTICLE
from crawler.middlewares.firewall import looks_like_firewall_page
from crawler.pipelines import drop


def rejection_reason(item: dict[str, Any], is_listing_url: bool) -> str | None:
    """The reason an item is not an article, or None. Checked in order: a firewall page also has
    no body, but "firewall" is the reason worth reporting; a page no template recognised has no title
    either, but "no_template" is what shows layout drift in the crawl stats."""
    text = " ".join([item.get("title") or "", item.get("lead") or "", *item.get("body", [])])
    if looks_like_firewall_page(text):
        return "firewall"
    if is_listing_url:
        return "listing"
    if item.get("parser") == NOT_ARTICLE:
        return "not_article"
    if item.get("parser") is None:
        return "no_template"
    if not (item.get("title") or "").strip():
        return "no_title"
    if not any(paragraph.strip() for paragraph in item.get("body", [])):
        return "no_body"
    return None


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        site = self.crawler.spider.site
        if reason := rejection_reason(item, site.is_listing_url(item["url"])):
            raise drop(self.crawler, reason, item)
        return item
