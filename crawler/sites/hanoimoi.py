"""hanoimoi.vn (Báo Hà Nội Mới, the Hanoi Party Committee paper): family A (crawler.sites.families.detail_head).

Nothing here was checked against the live site. How each part is known (tags of
the sites research notes (news-sites.md) §0, §3a):
- hosts: hanoimoi.vn and www. [V-code]; the old hanoimoi.com.vn had another CMS (`h1.caption`,
  `div.article`) [Legacy], so its pages are left to the generic path.
- agency prefix: none is documented for hanoimoi leads; the paper signs "HNM" and the pattern takes an
  "(HNM) - " / "HNM - " start [I].
- templates, newest first:
  - `LongformV1` (`Longform`): sapo `p.block-sc-sapo` in `div.sc-longform-header-text` and author
    `span.block-sc-author` [V-code, 2024-25 scraper]; title and date classes [I] from nguoiquansat
    [V-measured]; body `div.entry` with `div.c-box` / `div.sc-hightlight-box` removed [V-code].
  - `ArticleV1` (`DetailHead`): author `span.c-detail-head__author` in `div.c-detail-head__row` [V-code];
    title, time and lead as BKTO's old template [I, same CMS]; body `article.entry` or `div.entry` (not BKTO's
    `div.content-main-normal`) [V-code].
- discovery: `sitemap.xml` leading to daily `sitemap-article-YYYY-MM-DD.xml` [V-code]; RSS `/rss/home.rss`
  and `/rss/<cat>[/<sub>]` without extension, pubDate RFC 822 [V-code]; article URLs `<slug>-<id>.html`
  (e.g. `...-703441.html`) [V-code]. No listing selectors are known: none declared, the home page's links
  use the generic rule.
- quirks: a WAF answers 403 to some non-Vietnamese or non-browser clients on and off [report, unverified];
  retries with backoff are the crawl settings' business, not the profile's.

Visible dates: "14/08/2026 - 21:20", "14/08/2026 19:26", "15-01-2024 13:04" (family A), Vietnam time.
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Site
from crawler.sites.families.detail_head import DetailHead, Longform

HOSTS = frozenset({"hanoimoi.vn", "www.hanoimoi.vn"})

AGENCY_PREFIX = re.compile(r"^\s*\(?\s*(?P<agency>HNM)\s*\)?\s*[-–—]\s*")

# The category feeds seen in third-party RSS lists [V-code].
FEED_SECTIONS = ("kinh-te", "do-thi/giao-thong", "y-te", "khoa-hoc-cong-nghe/chuyen-doi-so")

DISCOVERY = Discovery(
    start_urls=("https://hanoimoi.vn/",),
    sitemap_urls=("https://hanoimoi.vn/sitemap.xml",),
    listings=(),
    article_url=re.compile(r"^/[a-z0-9-]+-\d+\.html$"),
    feeds=("https://hanoimoi.vn/rss/home.rss", *(f"https://hanoimoi.vn/rss/{section}" for section in FEED_SECTIONS)),
)


class LongformV1(Longform):
    parser = "hanoimoi.longform.v1"


class ArticleV1(DetailHead):
    parser = "hanoimoi.article.v1"
    body = "article.entry, div.entry"


SITE = Site(
    key="hanoimoi",
    domain="hanoimoi.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(LongformV1, ArticleV1),
    discovery=DISCOVERY,
)
