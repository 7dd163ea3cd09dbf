"""A fetched page made ready for extraction: decoded, parsed once, machine metadata read, noise removed."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from crawler.extract.budget import check_time
from crawler.normalise.legacy import decode_html
from crawler.sites.base import NEVER_CONTENT, Template
from index.vietnamese import stream_safe

ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"})
# libxml2 checks each attribute of a tag against all the earlier ones: 200,000 attributes take minutes.
# Past this many (real tags have a few dozen), the rest of a tag's attributes are cut before parsing.
MAX_ATTRIBUTES = 500
# One attribute of a start tag, and a start tag: possessive, so that matching never backtracks.
_ATTRIBUTE = re.compile(r"""[\s/]++[^\s/>=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>"'/]++))?+""")
_START_TAG = re.compile(rf"<[A-Za-z][^\s/>]*+(?:{_ATTRIBUTE.pattern})*+")
_TAG_NAME = re.compile(r"<[^\s/>]*+")
# The name of elements marked for removal, all removed at once: removing them one by one copies the
# text after each into its neighbour, quadratic on 100,000 of them.
_DROPPED = "vnnews-dropped"
_MAX_INT_DIGITS = 1000


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
    check_time()
    # NFC first: NFD pages would otherwise miss every text-anchored rule ("Ảnh:", "Tin liên quan").
    text = unicodedata.normalize("NFC", stream_safe(text))
    selector = Selector(text=_START_TAG.sub(_capped_attributes, text))
    check_time()
    page = Page(url=url, selector=selector, meta=_meta(selector), canonical=_canonical_href(selector))
    page.ld_article, page.ld_breadcrumb = _json_ld(selector)
    return page


def _capped_attributes(tag: re.Match[str]) -> str:
    """The start tag with its first MAX_ATTRIBUTES attributes only."""
    text = tag.group()
    if len(text) < 2 * MAX_ATTRIBUTES:  # too short to hold that many
        return text
    attributes = _ATTRIBUTE.finditer(text, _TAG_NAME.match(text).end())
    for count, attribute in enumerate(attributes, start=1):
        if count == MAX_ATTRIBUTES:
            return text[: attribute.end()]
    return text


def clean(page: Page, template: type[Template]) -> None:
    """Remove what is never article content. Comments go first: a date inside a comment is not the
    page's date, and text extraction must never see it."""
    root = page.selector.root
    etree.strip_tags(root, etree.Comment)
    for line_break in root.iter("br"):
        line_break.tail = " " + (line_break.tail or "")
    for css in (NEVER_CONTENT, template.drop):
        if css:
            drop_all(node.root for node in page.selector.css(css))
    check_time()


def drop_all(elements: Iterable[HtmlElement]) -> None:
    """Remove the elements with their content, keeping the text that follows each (as drop_tree does),
    in one pass over the tree."""
    root = None
    for element in elements:
        if element.getparent() is not None:
            element.tag = _DROPPED
            root = element.getroottree().getroot()
    if root is not None:
        drop_hollowed(root)


def hollow(element: HtmlElement) -> None:
    """Remove the element's content now, at a cost linear in it (its tail stays): for removals one at a
    time. The empty element is left for `drop_hollowed`."""
    element.clear(keep_tail=True)
    element.tag = _DROPPED


def drop_hollowed(root: HtmlElement) -> None:
    etree.strip_elements(root, _DROPPED, with_tail=False)


def _meta(selector: Selector) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for node in selector.root.xpath("//meta[@content]"):  # lxml, not parsel: pages may hold 100,000
        key = node.get("property") or node.get("name") or node.get("itemprop")
        if key:
            meta.setdefault(key.strip().lower(), []).append(node.get("content").strip())
    return meta


def _canonical_href(selector: Selector) -> str | None:
    href = selector.xpath("(//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')])[1]/@href").get()
    return href.strip() if href and href.strip() else None


def _json_ld(selector: Selector) -> tuple[dict[str, Any], list[str]]:
    article: dict[str, Any] = {}
    breadcrumb: list[str] = []
    for script in selector.xpath('//script[@type="application/ld+json"]/text()').getall():
        check_time()
        data = _json_or_none(_strip_cdata(script))
        for node in _ld_nodes(data):
            types = _types(node)
            if not article and types & ARTICLE_TYPES:
                article = node
            elif not breadcrumb and "BreadcrumbList" in types:
                breadcrumb = _breadcrumb_names(node)
    return article, breadcrumb


def _json_or_none(text: str) -> Any:
    """The JSON value, or None for a broken block: it must not hide the HTML selectors. ValueError covers
    numbers longer than Python converts; RecursionError, nesting deeper than the parser follows."""
    try:
        return json.loads(text, parse_int=_int_or_none)
    except (ValueError, RecursionError):
        return None


def _int_or_none(digits: str) -> int | None:
    """An integer of the JSON-LD, or None past Python's limit on converted digits, so that one absurd
    number costs its own field only."""
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else None


def _strip_cdata(script: str) -> str:
    """The script without a `<![CDATA[ ... ]]>` wrapper (optionally commented out with `//`)."""
    text = script.strip()
    for opening in ("//<![CDATA[", "<![CDATA["):
        if text.startswith(opening):
            text = text[len(opening) :]
            break
    for closing in ("//]]>", "]]>"):
        if text.endswith(closing):
            return text[: -len(closing)]
    return text


def _ld_nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every object of the JSON-LD value, top-level and in `@graph`s, in document order (iteratively:
    a page may nest thousands of lists)."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, list):
            pending.extend(reversed(value))
        elif isinstance(value, dict):
            yield value
            pending.append(value.get("@graph", []))


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", [])
    if isinstance(value, str):
        return {value}
    return {item for item in value if isinstance(item, str)} if isinstance(value, list) else set()


def _breadcrumb_names(node: dict[str, Any]) -> list[str]:
    elements = node.get("itemListElement", [])
    items = [item for item in elements if isinstance(item, dict)] if isinstance(elements, list) else []
    items.sort(key=_position)
    names = (_item_name(item) for item in items)
    return [" ".join(name.split()) for name in names if name and name.strip()]


def _position(item: dict[str, Any]) -> float:
    """A ListItem's position; one that is not a number sorts last, keeping its place among those."""
    value = item.get("position")
    if isinstance(value, bool):
        return math.inf
    try:
        position = float(value)
    except (TypeError, ValueError, OverflowError):
        return math.inf
    return position if math.isfinite(position) else math.inf


def _item_name(item: dict[str, Any]) -> str | None:
    """A ListItem's name, written on the item itself or on its nested `item` Thing."""
    name = item.get("name")
    if not name and isinstance(item.get("item"), dict):
        name = item["item"].get("name")
    return name if isinstance(name, str) else None
