"""A fetched page made ready for extraction: decoded, parsed once, machine metadata read, noise removed."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement
from parsel import Selector

from crawler.normalise.legacy import decode_html
from crawler.sites.base import NEVER_CONTENT, Template

ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"})


@dataclass
class Page:
    url: str
    selector: Selector
    meta: dict[str, list[str]] = field(default_factory=dict)  # property/name/itemprop -> contents
    canonical: str | None = None
    ld_article: dict[str, Any] = field(default_factory=dict)  # the first JSON-LD NewsArticle/Article
    ld_breadcrumb: list[str] = field(default_factory=list)  # JSON-LD BreadcrumbList names, top first

    def meta_first(self, *keys: str) -> str | None:
        return next((value for key in keys for value in self.meta.get(key, ()) if value), None)


def load_page(html: str | bytes, url: str, declared: str | None = None) -> Page:
    """Parse the page and read what lives in <head> and scripts, before cleaning removes scripts.
    Bytes are decoded with `declared`, the charset of the HTTP header, if any."""
    text = html if isinstance(html, str) else decode_html(html, declared)
    # NFC first: NFD pages would otherwise miss every text-anchored rule ("Ảnh:", "Tin liên quan").
    selector = Selector(text=unicodedata.normalize("NFC", text))
    page = Page(url=url, selector=selector, meta=_meta(selector), canonical=_canonical_href(selector))
    page.ld_article, page.ld_breadcrumb = _json_ld(selector)
    return page


def clean(page: Page, template: type[Template]) -> None:
    """Remove what is never article content. Comments go first: a date inside a comment is not the
    page's date, and text extraction must never see it."""
    root = page.selector.root
    for comment in root.xpath("//comment()"):
        comment.drop_tree()
    for line_break in root.iter("br"):
        line_break.tail = " " + (line_break.tail or "")
    for css in (NEVER_CONTENT, template.drop):
        if css:
            for node in page.selector.css(css):
                _drop(node.root)


def _drop(element: HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()


def _meta(selector: Selector) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for node in selector.xpath("//meta[@content]"):
        key = node.attrib.get("property") or node.attrib.get("name") or node.attrib.get("itemprop")
        if key:
            meta.setdefault(key.strip().lower(), []).append(node.attrib["content"].strip())
    return meta


def _canonical_href(selector: Selector) -> str | None:
    href = selector.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href").get()
    return href.strip() if href and href.strip() else None


def _json_ld(selector: Selector) -> tuple[dict[str, Any], list[str]]:
    article: dict[str, Any] = {}
    breadcrumb: list[str] = []
    for script in selector.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(_strip_cdata(script))
        except json.JSONDecodeError:
            continue  # a broken block must not hide the HTML selectors
        for node in _ld_nodes(data):
            types = _types(node)
            if not article and types & ARTICLE_TYPES:
                article = node
            elif not breadcrumb and "BreadcrumbList" in types:
                breadcrumb = _breadcrumb_names(node)
    return article, breadcrumb


def _strip_cdata(script: str) -> str:
    return re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", script)


def _ld_nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_nodes(data.get("@graph", []))


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", [])
    return {value} if isinstance(value, str) else {item for item in value if isinstance(item, str)}


def _breadcrumb_names(node: dict[str, Any]) -> list[str]:
    items = [item for item in node.get("itemListElement", []) if isinstance(item, dict)]
    items.sort(key=lambda item: int(item.get("position", 0) or 0))
    names = (_item_name(item) for item in items)
    return [" ".join(name.split()) for name in names if name and name.strip()]


def _item_name(item: dict[str, Any]) -> str | None:
    """A ListItem's name, written on the item itself or on its nested `item` Thing."""
    name = item.get("name")
    if not name and isinstance(item.get("item"), dict):
        name = item["item"].get("name")
    return name if isinstance(name, str) else None
