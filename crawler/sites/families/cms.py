"""CMS family B, the "article__ / cms-" CMS: nhandan.vn, vietnamplus.vn (since its 2023 redesign),
sggp.org.vn, tinnhanhchungkhoan.vn, vnanet.vn.

A site binds the family's article template with its own parser name in three lines:

    class Article(CmsArticle):
        parser = "nhandan.article.v1"

and overrides only what its pages write differently. Evidence per selector group is in each site's
module (crawler/sites/nhandan.py, crawler/sites/vietnamplus.py): 2025 scrapers of both papers, an RSSHub
route of cn.nhandan.vn, measurements of tinnhanhchungkhoan.vn.

Fingerprints: `h1.article__title`, `div.article__sapo.cms-desc`, `div.article__body.cms-body`
(`zce-content-body`), `div.article__meta time.time[datetime]` (ISO 8601 with `+0700`),
`meta.cms-date[itemprop=datePublished]`, images in `table.picture` (image cell over a `td.caption`
cell) or `figure`, lazy (`data-src` over a `data:` placeholder); related stories `article.story` with
`a.cms-link` / `a.cms-relate`, also inside the body; monthly sitemaps `/sitemaps/news-{YYYY}-{M}.xml`;
RSS `/rss/<slug>-<zoneId>.rss`; article URLs `-post<id>.html` / `-post<id>.vnp`.
"""

from __future__ import annotations

from crawler.sites.base import Template

# Story lists (related, most read, category) and page chrome; the related list also sits in the body.
DROP = (
    "div.content-list, article.story, div.box-related, div.article__related, div.article__social, "
    "div.article__share, div.article__ads, div.ads, aside, footer"
)


class CmsArticle(Template):
    """The family's article page. Not registered itself: it has no parser name."""

    probe = "h1.article__title"
    title = ("h1.article__title",)
    lead = ("div.article__sapo",)
    author = ("div.article__author .name", "span.cms-author")
    published_at = (
        "div.article__meta time::attr(datetime)",
        "meta.cms-date[itemprop=datePublished]::attr(content)",
        "div.article__meta time",
    )
    body = "div.article__body.cms-body"
    caption = "figcaption, td.caption, .pic-caption"
    tags = "div.article__tag a"
    breadcrumb = "div.breadcrumbs a"
    drop = DROP
