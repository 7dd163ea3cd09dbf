"""vietnamplus.vn (VietnamPlus, the news site of the Vietnam News Agency TTXVN): CMS family B
("article__ / cms-", crawler/sites/families/cms.py) since its 2023 redesign, and the pre-2023 "details__"
layout that archived pages keep.

Nothing was checked against the live site. How each selector group is known, by the tags of
the sites research notes (news-sites.md) (§6, §0, §12):
- `Article` (2023 redesign): title `h1.article__title`, lead `div.article__sapo.cms-desc`, body
  `div.article__body.zce-content-body.cms-body`: [V-code 2025]; date `time.time` [V-code], its
  `datetime` attribute and `meta.cms-date` [I] (family B), its visible text format undocumented [I];
  author `a.name` / `span.cms-author` [V-code]; images lazy (`data-src` over `data:`; UI images
  `gg-news`, `zalo`, `logo`, `icon` skipped) [V-code]; related `div.content-list article.story` [V-code];
  tags `div.article__tag a` [I];
- `Legacy` (before 2023): `h1.details__headline.cms-title`, `div.details__summary.cms-desc`,
  `div.content.article-body.cms-body`, `div.source time`, `div.tags a`: [Legacy] (a 2020 XPath
  dictionary); the visible date format is [I];
- lead prefix "(TTXVN/Vietnam+) - " / "Vietnam+ - " of `AGENCY_PREFIX`: [I] (the agency's credit line).

Discovery:
- `feeds`: `/rss/home.rss` [V-measured 2026-07], category feeds `/rss/<cat>-<zoneId>.rss`
  (`chinhtri-291`, `kinhte-311`, `kinhte/taichinh-343`, `thegioi-209`, `thegioi/asean-356`) [V-code];
- `sitemap_urls`: `/sitemaps/google-news.xml`, every `<loc>` an article [V-code];
  `monthly_sitemap` `/sitemaps/news-{YYYY}-{M}.xml`: [I] (family B, measured on nhandan.vn);
- category pages `/<cat>[/<sub>]` are start pages read by the generic link rule: their "load more"
  (`button.control__loadmore`) endpoint is unknown [V-code];
- `article_url`: `/<slug>-post<id>.vnp` (new) and `/<slug>/<id>.vnp` (old) [V-code]; `/tags/<tag>.vnp`
  is not an article;
- hosts: vietnamplus.vn and www. only (en., zh., ru. editions are other languages).
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Site, Template
from crawler.sites.families.cms import DROP, CmsArticle

ORIGIN = "https://www.vietnamplus.vn"
HOSTS = frozenset({"vietnamplus.vn", "www.vietnamplus.vn"})
AGENCY_PREFIX = re.compile(r"^\s*\(?\s*(?P<agency>TTXVN/Vietnam\+|Vietnam\+|TTXVN)\s*\)?\s*[-–—]\s*")

DISCOVERY = Discovery(
    start_urls=(
        f"{ORIGIN}/",
        *(f"{ORIGIN}/{slug}" for slug in ("chinhtri", "kinhte", "kinhte/taichinh", "thegioi", "xahoi/phapluat")),
    ),
    sitemap_urls=(f"{ORIGIN}/sitemaps/google-news.xml",),
    listings=(),
    article_url=re.compile(r"^(?!/tags/)(?:/[a-z0-9-]+-post\d+\.vnp|/[a-z0-9-]+/\d+\.vnp)$"),
    feeds=tuple(
        f"{ORIGIN}/rss/{name}.rss"
        for name in ("home", "chinhtri-291", "kinhte-311", "kinhte/taichinh-343", "thegioi-209", "thegioi/asean-356")
    ),
    monthly_sitemap=f"{ORIGIN}/sitemaps/news-{{year}}-{{month}}.xml",
)


class Article(CmsArticle):
    parser = "vietnamplus.article.v2"
    author = ("div.article__meta a.name", "span.cms-author")
    body = "div.article__body.cms-body, div.article__body"


class Legacy(Template):
    """The pre-2023 layout: `/<slug>/<id>.vnp` pages."""

    parser = "vietnamplus.legacy.v1"
    probe = "h1.details__headline"
    title = ("h1.details__headline",)
    lead = ("div.details__summary",)
    author = ("div.details__author .cms-author", "div.source .cms-author")
    published_at = ("div.source time::attr(datetime)", "div.source time")
    body = "div.article-body.cms-body"
    caption = "figcaption, td.caption, .pic-caption"
    tags = "div.tags a"
    breadcrumb = "div.breadcrumbs a"
    drop = DROP


SITE = Site(
    key="vietnamplus",
    domain="vietnamplus.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(Article, Legacy),
    discovery=DISCOVERY,
)
