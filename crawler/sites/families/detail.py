"""CMS family C, the "detail-*" CMS of VCCorp/Admicro (the platform of CafeF): baochinhphu.vn,
xaydungchinhsach.chinhphu.vn, vpcp.chinhphu.vn, mst.gov.vn, and (inferred) hanoi.gov.vn.

A site binds the family's article template with its own parser name in three lines:

    class Article(DetailArticle):
        parser = "chinhphu.article.v1"

and overrides only the selectors its pages write differently. Evidence per selector group is in each
site's module (crawler/sites/chinhphu.py, crawler/sites/hanoigov.py): the family is known from
baochinhphu.vn pages measured by a third party in 2026; other members were matched by fingerprint.

Fingerprints: `h1.detail-title`, `h2.detail-sapo`, `div.detail-time` / `[data-role=publishdate]`,
`div.detail-content.afcbc-body[data-role=content]`; embedded objects (photos, related boxes) are
`.VCSortableInPreviewMode` blocks told apart by their `type` (`Photo`, `RelatedNewsBox`, ...); photo
captions `figcaption.PhotoCMS_Caption`; article URLs `-<prefix><YYMMDDHHMMSS><serial>.htm`; the category
"Xem thêm" is the timeline `/timelinelist/<zoneId>/<page>.htm`, the zone id in `input#hdZoneId`.
The body holds HTML comments (`<!--bonewsrelation-->`, full timestamps): the extractor drops comments.
"""

from __future__ import annotations

import re

from crawler.sites.base import Listing, Template

# `/<slug>-<prefix><YYMMDDHHMMSS><serial>.htm`, on its own or under a section.
ARTICLE_PATH = r"(?:/[a-z0-9-]+)?/[a-z0-9-]+-\d{10,}\.htm"

# Items of a category page and of its timeline fragments: streams and the category's lead block.
LISTING_ITEM = "div.box-stream-item, div.box-category-item"
LISTING_LINK = "a.box-stream-link-title[href], a.box-category-link-title[href], a.box-stream-link-with-avatar[href]"
LISTING_DATE = (
    "span.box-stream-time::attr(title)",
    "span.box-category-time::attr(title)",
    "span.box-stream-time",
    "span.box-category-time",
)
LISTING_ZONE = "input#hdZoneId::attr(value)"


def timeline_listing(origin: str, slugs: tuple[str, ...], path: re.Pattern[str], page_suffix: str) -> Listing:
    """The family's category listing on `origin`, paged by the zone timeline."""
    return Listing(
        page_url=f"{origin}/{{slug}}{page_suffix}",
        more_url=f"{origin}/timelinelist/{{zone}}/{{page}}.htm",
        slugs=slugs,
        path=path,
        item=LISTING_ITEM,
        link=LISTING_LINK,
        date=LISTING_DATE,
        zone=LISTING_ZONE,
    )


class DetailArticle(Template):
    """The family's article page. Not registered itself: it has no parser name."""

    probe = "h1.detail-title"
    title = ("h1.detail-title",)
    lead = ("h2.detail-sapo", "[data-role=sapo]")
    author = ("a.detail-author-top-name",)
    published_at = ("[data-role=publishdate]", "div.detail-time")
    body = "div.detail-content[data-role=content], div.detail-content"
    caption = "figcaption, .PhotoCMS_Caption"
    tags = "div.detail-tab a"
    breadcrumb = "div.detail-cate a"
    # Photos are `.VCSortableInPreviewMode[type=Photo]` too: only the other embedded blocks go.
    drop = "div.VCSortableInPreviewMode:not([type=Photo]), div.box-stream, div.detail-share, div.ads, aside, footer"
