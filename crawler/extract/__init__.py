"""HTML page -> Article, by the declarative templates of `crawler.sites` (fundus-style per-site parsers
with trafilatura-style metadata fallbacks), else by generic extraction. Uses parsel/lxml only, never
Scrapy, so `vnnews extract` starts fast.

    extract_article(html, url, declared=None, budget=DEFAULT_BUDGET) -> Article

A page larger or slower than its `budget` (crawler.extract.budget) raises OverBudget, whose `reason`
(`too_large`, `too_slow`) is the drop reason.

`html` as bytes is decoded by `crawler.normalise.legacy.decode_html`, with `declared` the charset of the
HTTP Content-Type header: the crawl and `vnnews extract` decode a page the same way.

The first template of the site whose probe matches the page extracts it. A page of a site no profile
knows, or one no template of its site recognises (a new layout), is extracted generically
(`crawler.extract.generic`, parser "generic.v1"); a list of articles (category, tag, search, home page)
gets the parser `generic.NOT_ARTICLE` and no fields, and the validation pipeline drops it.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

from crawler.extract import fields
from crawler.extract.body import extract_body
from crawler.extract.budget import DEFAULT_BUDGET, Budget, OverBudget, check_time
from crawler.extract.generic import extract_generic, generic_site
from crawler.extract.page import Page, clean, load_page
from crawler.items import Article
from crawler.sites import site_for_url
from crawler.sites.base import Site, Template


class UnknownSite(ValueError):
    """The URL names no web host, so no site can be told for it."""


def extract_article(
    html: str | bytes, url: str, declared: str | None = None, budget: Budget = DEFAULT_BUDGET
) -> Article:
    site = _site(url)
    budget.check_size(len(html))
    with budget.timed():
        page = load_page(html, url, declared)
        template = choose_template(site, page) if site is not None else None
        if site is None or template is None:
            return extract_generic(page, site or generic_site(url))
        article = Article(
            url=url, canonical_url=fields.canonical_url(page, site), site=site.domain, language=site.language
        )
        _fill(article, page, site, template)
    return article


def _site(url: str) -> Site | None:
    """The profile serving `url`, None for a host no profile knows; UnknownSite for no valid web host."""
    try:
        parts = urlsplit(url)
        valid = parts.scheme in {"http", "https"} and _valid_host(parts)
    except ValueError:  # urllib refuses it, e.g. "Invalid IPv6 URL", a port that is not a number
        valid = False
    if not valid:
        raise UnknownSite(f"not a web page URL with a host: {url[:200]!r}")
    return site_for_url(url)


def _valid_host(parts: SplitResult) -> bool:
    """A host urllib can name, with nothing left over around it ("[::1]]", "[zz]")."""
    host, port = parts.hostname, parts.port  # `.port` raises ValueError when malformed
    if not host:
        return False
    address = parts.netloc.rpartition("@")[2].lower()
    if address.startswith("["):
        ipaddress.IPv6Address(host)
        return address in {f"[{host}]", f"[{host}]:{port}"}
    return True


def choose_template(site: Site, page: Page) -> type[Template] | None:
    return next((template for template in site.templates if page.selector.css(template.probe)), None)


def _fill(article: Article, page: Page, site: Site, template: type[Template]) -> None:
    clean(page, template)
    article.parser = template.parser
    article.title = fields.title(page, template)
    article.lead, article.agency_prefix = fields.lead(page, template, site)
    article.published_at = fields.published_at(page, template)
    article.updated_at = fields.updated_at(page, template)
    article.category = fields.category(page, template, article.title)
    article.tags = fields.tags(page, template)
    containers = page.selector.css(template.body)
    body = extract_body(containers[0].root if containers else None, template, article.url)
    article.body, article.images = body.paragraphs, body.images
    article.author = fields.author(page, template) or body.byline or fields.ld_author(page)
    check_time()


__all__ = ["Budget", "OverBudget", "UnknownSite", "choose_template", "extract_article"]
