"""Field by field: the template's selectors first, then the page's machine metadata (og:/article: meta,
JSON-LD NewsArticle and BreadcrumbList).

Dates, in this order: the template's machine values (`::attr()` selectors), the page's (article:*_time
meta, JSON-LD), the template's visible-text selectors, and last any `time[datetime]` inside the article.
Machine values beat visible text because visible dates are often partial or ambiguous; a bare
`time[datetime]` comes last because a page also dates related-article boxes that way. A page without
any date gets None, never the crawl time.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from crawler.extract.page import Page
from crawler.normalise.dates import parse_date, parse_structured_date, to_iso
from crawler.sites.base import Selectors, Site, Template

HOME_LABELS = frozenset({"trang chủ", "home", "trang chu"})
# Share-link parameters: the same article reached from Facebook or Zalo must keep one canonical URL.
TRACKING_PARAMETER = re.compile(r"^(?:utm_\w+|fbclid|gclid|zarsrc)$")
# All the text inside an element, gathered by libxml2: itertext() builds a Python object per element.
_STRING_VALUE = etree.XPath("string(.)")


def element_text(element: HtmlElement) -> str:
    text = (element.text or "") if len(element) == 0 else _STRING_VALUE(element)
    return " ".join(text.split())


def selected_texts(page: Page, css: str) -> list[str]:
    """Text of every match: attribute values as they are, elements as their whole text."""
    texts = []
    for match in page.selector.css(css):
        value = match.root if isinstance(match.root, str) else element_text(match.root)
        value = " ".join(value.split())
        if value:
            texts.append(value)
    return texts


def first_text(page: Page, selectors: Selectors) -> str | None:
    return next((texts[0] for css in selectors if (texts := selected_texts(page, css))), None)


def title(page: Page, template: type[Template]) -> str | None:
    return first_text(page, template.title) or page.meta_first("og:title") or _ld_text(page, "headline")


def lead(page: Page, template: type[Template], site: Site) -> tuple[str | None, str | None]:
    """The lead without its source prefix, and the prefix's agency ("BKTO")."""
    text = (
        first_text(page, template.lead)
        or _ld_text(page, "description")
        or page.meta_first("og:description", "description")
    )
    if text is None:
        return None, None
    match = site.agency_prefix.match(text)
    if match is None:
        return text, None
    return text[match.end() :].strip() or None, match.group("agency")


def author(page: Page, template: type[Template]) -> str | None:
    text = first_text(page, template.author)
    if text is None:
        return None
    # The old template writes the short author in parentheses: "(Minh Anh)".
    return text.strip(" ()") or None


def ld_author(page: Page) -> str | None:
    """A person named as author in JSON-LD; organisations (the paper itself) are not bylines."""
    value = page.ld_article.get("author")
    people = value if isinstance(value, list) else [value]
    for person in people:
        name = person.get("name") if isinstance(person, dict) else None
        if isinstance(name, str) and name.strip() and person.get("@type", "Person") == "Person":
            return " ".join(name.split())
        if isinstance(person, str) and person.strip():
            return person.strip()
    return None


def category(page: Page, template: type[Template], title_text: str | None) -> list[str]:
    names = (selected_texts(page, template.breadcrumb) if template.breadcrumb else []) or page.ld_breadcrumb
    names = [name for name in names if name.casefold() not in HOME_LABELS and name != title_text]
    if names:
        return _unique(names)
    section = page.meta_first("article:section")
    return [section] if section else []


def tags(page: Page, template: type[Template]) -> list[str]:
    found = selected_texts(page, template.tags) if template.tags else []
    if not found:
        found = page.meta.get("article:tag", []) or _ld_keywords(page)
    return _unique(" ".join(tag.split()) for tag in found if tag.strip())


def published_at(page: Page, template: type[Template]) -> str | None:
    page_machine = [
        *page.meta.get("article:published_time", []),
        *page.meta.get("datepublished", []),
        *_ld_values(page, "datePublished"),
    ]
    article = _article_element(page, template)
    in_article = article.css("time::attr(datetime)").getall() if article is not None else []
    return _date(page, template.published_at, page_machine, in_article)


def updated_at(page: Page, template: type[Template]) -> str | None:
    page_machine = [
        *page.meta.get("article:modified_time", []),
        *page.meta.get("datemodified", []),
        *_ld_values(page, "dateModified"),
    ]
    return _date(page, template.updated_at, page_machine, [])


def canonical_url(page: Page, site: Site) -> str:
    """link[rel=canonical], else og:url, else the fetched URL; https, no fragment, no tracking parameters.
    Any host of the site (www., the old domain) becomes its domain: one article, one document id.
    A canonical or og:url that is not an http(s) URL (unparsable, `javascript:`) is skipped."""
    candidates = (page.canonical, page.meta_first("og:url"), page.url)
    forms = (_canonical_form(page.url, href, site) for href in candidates if href)
    return next((url for url in forms if url), page.url)


def _canonical_form(base: str, href: str, site: Site) -> str | None:
    try:
        parts = urlsplit(urljoin(base, href))
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            return None
        host = site.domain if site.serves(parts.geturl()) else parts.netloc.lower()
    except ValueError:  # e.g. "Invalid IPv6 URL"
        return None
    kept = (pair for pair in parts.query.split("&") if pair and not TRACKING_PARAMETER.match(pair.split("=", 1)[0]))
    query = "&".join(kept)
    return urlunsplit(("https", host, parts.path or "/", query, ""))


def _article_element(page: Page, template: type[Template]) -> Selector | None:
    """The element holding the article: the <article> around the template's probe, else its body."""
    found = page.selector.css(template.probe).xpath("ancestor::article[1]") or page.selector.css(template.body)
    return found[0] if found else None


def _date(page: Page, selectors: Selectors, page_machine: list[str], in_article: list[str]) -> str | None:
    template_machine = [value for css in selectors if "::attr(" in css for value in selected_texts(page, css)]
    if moment := _first_structured(template_machine + page_machine):
        return to_iso(moment)
    for css in selectors:
        if "::attr(" not in css:
            for text in selected_texts(page, css):
                if moment := parse_date(text):
                    return to_iso(moment)
    moment = _first_structured(in_article)
    return to_iso(moment) if moment else None


def _first_structured(values: list[str]) -> datetime | None:
    return next((moment for value in values if (moment := parse_structured_date(value))), None)


def _ld_values(page: Page, key: str) -> list[str]:
    value = page.ld_article.get(key)
    return [value] if isinstance(value, str) and value.strip() else []


def _ld_text(page: Page, key: str) -> str | None:
    values = _ld_values(page, key)
    return " ".join(values[0].split()) if values else None


def _ld_keywords(page: Page) -> list[str]:
    value: Any = page.ld_article.get("keywords", [])
    if isinstance(value, str):
        value = value.split(",")
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))
