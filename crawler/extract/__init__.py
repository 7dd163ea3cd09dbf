"""HTML page -> Article, by the declarative templates of `crawler.sites` (fundus-style per-site parsers
with trafilatura-style metadata fallbacks), else by generic extraction. Uses parsel/lxml only, never
Scrapy, so `vnnews extract` starts fast.

    extract_article(html, url, declared=None) -> Article

`html` as bytes is decoded by `crawler.normalise.legacy.decode_html`, with `declared` the charset of the
HTTP Content-Type header: the crawl and `vnnews extract` decode a page the same way.

The first template of the site whose probe matches the page extracts it. A page of a site no profile
knows, or one no template of its site recognises (a new layout), is extracted generically
(`crawler.extract.generic`, parser "generic.v1"); a list of articles (category, tag, search, home page)
gets the parser `generic.NOT_ARTICLE` and no fields, and the validation pipeline drops it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.extract import fields
from crawler.extract.body import extract_body
from crawler.extract.generic import extract_generic, generic_site
from crawler.extract.page import Page, clean, load_page
from crawler.items import Article
from crawler.sites import site_for_url
from crawler.sites.base import Site, Template


class UnknownSite(ValueError):
    """The URL names no web host, so no site can be told for it."""


def extract_article(html: str | bytes, url: str, declared: str | None = None) -> Article:
    if not urlsplit(url).hostname:
        raise UnknownSite(f"no host in URL {url!r}")
    page = load_page(html, url, declared)
    site = site_for_url(url)
    template = choose_template(site, page) if site is not None else None
    if site is None or template is None:
        return extract_generic(page, site or generic_site(url))
    article = Article(
        url=url, canonical_url=fields.canonical_url(page, site), site=site.domain, language=site.language
    )
    _fill(article, page, site, template)
    return article


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


__all__ = ["UnknownSite", "choose_template", "extract_article"]
