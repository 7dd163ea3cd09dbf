"""HTML page -> Article, by the declarative templates of `crawler.sites` (fundus-style per-site parsers
with trafilatura-style metadata fallbacks). Uses parsel/lxml only, never Scrapy, so `vnnews extract`
starts fast.

    extract_article(html, url, declared=None, budget=DEFAULT_BUDGET) -> Article

A page larger or slower than its `budget` (crawler.extract.budget) raises OverBudget, whose `reason`
(`too_large`, `too_slow`) is the drop reason.

`html` as bytes is decoded by `crawler.normalise.legacy.decode_html`, with `declared` the charset of the
HTTP Content-Type header: the crawl and `vnnews extract` decode a page the same way.

The first template of the site whose probe matches the page extracts it. A page no template knows
(a listing, an error page, a new layout) gives an Article with only its URLs, site and language: the
validation pipeline drops it and the share of such pages shows layout drift.
"""

from __future__ import annotations

from crawler.extract import fields
from crawler.extract.body import extract_body
from crawler.extract.budget import DEFAULT_BUDGET, Budget, OverBudget, check_time
from crawler.extract.page import Page, clean, load_page
from crawler.items import Article
from crawler.sites import site_for_url
from crawler.sites.base import Site, Template


class UnknownSite(ValueError):
    """The URL's host belongs to no site vnnews has a parser for."""


def extract_article(
    html: str | bytes, url: str, declared: str | None = None, budget: Budget = DEFAULT_BUDGET
) -> Article:
    site = _site(url)
    budget.check_size(len(html))
    with budget.timed():
        page = load_page(html, url, declared)
        article = Article(
            url=url, canonical_url=fields.canonical_url(page, site), site=site.domain, language=site.language
        )
        template = choose_template(site, page)
        if template is not None:
            _fill(article, page, site, template)
    return article


def _site(url: str) -> Site:
    try:
        site = site_for_url(url)
    except ValueError:  # urllib refuses it, e.g. "Invalid IPv6 URL"
        raise UnknownSite(f"not a valid URL: {url!r}") from None
    if site is None:
        raise UnknownSite(f"no parser for {url}")
    return site


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
