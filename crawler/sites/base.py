"""The vocabulary every site module uses: a Site, its Discovery entry points and Listings, and its page
Templates.

A Template is one page layout of one site written as data (fundus' versioned parsers, trafilatura's
selector constants): CSS selectors per field, tried in order, plus the parts of the page to drop.
The machinery in `crawler.extract` applies it. When a site changes its layout, add a new subclass
(`PortalV2(PortalV1)` overriding what changed) and put it first in `Site.templates`: archived pages
keep matching their old template through its probe.

Selector conventions (parsel CSS):
- text fields (title, lead, author): the first selector matching an element with non-empty text wins;
  the element's whole text is taken, whitespace collapsed.
- date fields (published_at, updated_at): a selector ending in `::attr(...)` reads a machine value
  (ISO 8601, parsed with `parse_structured_date`); any other reads visible text (`parse_date`).
  The template's machine values, then page meta/JSON-LD, beat visible text; a bare time[datetime] inside
  the article is the last resort (see crawler/extract/fields.py for the order).
- list fields (tags, breadcrumb): every matching element's text, in document order.

A Listing is one family of category listings of a site written the same way: how its pages and their
"Xem thêm" pages are addressed, which paths are its pages, and where an item, its link and its date sit.
A site that moved platforms declares one Listing per platform, as it declares one Template per layout.
A listing paged by plain links rather than a "Xem thêm" request (Liferay asset publishers, whose page-N URL
names a portlet instance only the page knows) declares `next_page`, the CSS of its next-page link, instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit

Selectors = tuple[str, ...]

# Headings that open a box of links to other articles when they sit inside the article body.
RELATED_HEADINGS: tuple[str, ...] = (
    "Cùng chuyên mục",
    "Tin liên quan",
    "Bài liên quan",
    "Đọc thêm",
    "Xem thêm",
    "Tham khảo thêm",
    "Tin cùng chuyên mục",
)

# Elements that never carry article content, removed from the whole page before extraction.
NEVER_CONTENT = "script, style, noscript, template, iframe, svg, button, input, select, textarea"


class Template:
    """Selectors of one page layout. Subclasses set the class attributes; nothing is instantiated."""

    parser: ClassVar[str]  # the Article.parser value, e.g. "bkto.legacy.v1"
    probe: ClassVar[str]  # CSS matching only pages of this layout
    title: ClassVar[Selectors] = ()
    lead: ClassVar[Selectors] = ()
    author: ClassVar[Selectors] = ()
    published_at: ClassVar[Selectors] = ()
    updated_at: ClassVar[Selectors] = ()
    body: ClassVar[str]  # CSS of the element holding the article text and images
    caption: ClassVar[str] = "figcaption"  # CSS of caption elements inside an image box
    tags: ClassVar[str] = ""
    breadcrumb: ClassVar[str] = ""
    drop: ClassVar[str] = ""  # CSS of page parts that are not the article (share bars, ads, boxes)
    related_headings: ClassVar[tuple[str, ...]] = RELATED_HEADINGS


@dataclass(frozen=True)
class Listing:
    """One family of category listings: URL templates (`{slug}`, `{page}`) and item selectors.

    Item selectors are relative to an item; `date` follows the date-field convention above (`::attr(...)`
    a machine value, anything else visible text), tried in order, the first date that parses wins.
    Selectors must match inside the "Xem thêm" responses too, which are often bare HTML fragments.
    """

    page_url: str  # the first page of a listing, `{slug}`
    more_url: str  # the AJAX request behind the "Xem thêm" button for page 2 on, `{slug}` and `{page}`
    slugs: tuple[str, ...]  # the listings of this family to crawl from the start
    path: re.Pattern[str]  # matches the URL path of this family's first pages, group "slug"
    item: str  # CSS of one listing item
    link: str  # CSS of the item's link to its article, an `a[href]`
    date: Selectors  # CSS of the item's date
    next_page: str = ""  # CSS of the next-page `a[href]`; a listing paged by it has `more_url` ""
    # CSS (`::attr(...)`) of the value a listing's first page holds for `{zone}` in `more_url`: CMSs whose
    # "Xem thêm" endpoint is addressed by an internal zone id rather than the slug (`input#hdZoneId`).
    zone: str = ""

    def slug_of(self, url: str) -> str | None:
        """The slug of a first page of this family (any host of the site: the caller checks that)."""
        match = self.path.search(urlsplit(url).path)
        return match["slug"] if match else None


@dataclass(frozen=True)
class Discovery:
    """Where a spider finds article URLs."""

    start_urls: tuple[str, ...]
    sitemap_urls: tuple[str, ...]
    listings: tuple[Listing, ...]  # every listing family, newest platform first
    article_url: re.Pattern[str]  # matches article URLs (path only)
    feeds: tuple[str, ...] = ()  # RSS 2.0 or Atom feeds whose items link to articles
    # Matches the query of article URLs too, for sites serving a list and its items on one path
    # (SharePoint `Pages/<list>.aspx?ItemID=<n>`); None: any query.
    article_query: re.Pattern[str] | None = None
    # One sitemap per month, `{year}` and `{month}` (an int: `{month:02d}` pads it): requested from the
    # `since` month (else the current one) to the current month, so an incremental crawl needs no index.
    monthly_sitemap: str = ""


@dataclass(frozen=True)
class Site:
    key: str  # short name, prefix of the parser names
    domain: str  # registrable host of the current site: Article.site
    hosts: frozenset[str]  # every host serving the site, old domains included
    language: str
    agency_prefix: re.Pattern[str]  # matches the source prefix at the start of a lead, group "agency"
    templates: tuple[type[Template], ...]  # newest first; the first whose probe matches is used
    discovery: Discovery

    def serves(self, url: str) -> bool:
        return (urlsplit(url).hostname or "").lower() in self.hosts

    def is_article_url(self, url: str) -> bool:
        parts = urlsplit(url)
        query = self.discovery.article_query
        return (
            self.serves(url)
            and bool(self.discovery.article_url.search(parts.path))
            and (query is None or bool(query.search(parts.query)))
        )

    def is_listing_url(self, url: str) -> bool:
        return self.listing_for(url) is not None

    def listing_for(self, url: str) -> tuple[Listing, str] | None:
        """The listing family whose first page `url` is, and its slug; None for any other URL."""
        if self.serves(url) and not self.is_article_url(url):
            for listing in self.discovery.listings:
                if slug := listing.slug_of(url):
                    return listing, slug
        return None
