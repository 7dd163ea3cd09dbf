"""hanoi.gov.vn (Cổng Thông tin điện tử Thành phố Hà Nội, the city portal): CMS family C ("detail-*",
crawler/sites/families/detail.py), by inference.

Nothing was checked against the live site, and the evidence is thinner than for baochinhphu.vn. How each
selector group is known, by the tags of the sites research notes (news-sites.md) (§3b, §0):
- the family: [I]: the `data-role` attributes a 2026 adapter reads and the URL id scheme
  `-4<YYMMDDHHMMSS><serial>.htm` are those of baochinhphu.vn's CMS;
- title: `h1` [V-code 2026, generic], `h1.detail-title` first [I];
- lead: `[data-role=sapo]` [V-code], `h2.detail-sapo` [I]; the "(Hanoi.gov.vn) - " prefix of
  `AGENCY_PREFIX` is [I] (the family's convention, as "(Chinhphu.vn) - ");
- body: `[data-role=content]` / `.detail-content` [V-code]; the family's inline related box
  `div.VCSortableInPreviewMode` and `figcaption.PhotoCMS_Caption` captions: [I];
- published date: the family's `[data-role=publishdate]` / `div.detail-time` ("08/08/2025 21:50") and
  `article:published_time` meta: [I]; the article id encodes the publish time [V-code pattern];
- author (last right-aligned or bold body paragraph), category, tags: [I], as the family.

Discovery:
- `CATEGORY_LISTING`: the seeds `/tin-tuc-su-kien-noi-bat`, `/chi-dao-dieu-hanh`, `/tin-so-nganh`,
  `/chi-dao-cua-ubnd-thanh-pho-ha-noi`, `/infographics`, `/di-tich-danh-thang` [V-code 2026]; paged
  by the family's timeline `/timelinelist/<zoneId>/<page>.htm` with `input#hdZoneId` [I]; items as the
  family [I];
- no feed and no sitemap is known: robots.txt `Sitemap:` lines are read anyway (SiteSpider);
- `article_url`: `/<section>/<slug>-4<YYMMDDHHMMSS><serial>.htm` [V-code, pattern inferred];
- hosts: hanoi.gov.vn and www. only: the sub-portals (soyte., sovhtt., thanhtra., xaydung.) run other
  CMSs (Liferay, WordPress) and are not this site.
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Site
from crawler.sites.families.detail import ARTICLE_PATH, DetailArticle, timeline_listing

ORIGIN = "https://hanoi.gov.vn"
HOSTS = frozenset({"hanoi.gov.vn", "www.hanoi.gov.vn"})
AGENCY_PREFIX = re.compile(r"^\s*\(\s*(?P<agency>Hanoi\.gov\.vn)\s*\)\s*[-–—]\s*", re.IGNORECASE)

SECTIONS = (
    "tin-tuc-su-kien-noi-bat",
    "chi-dao-dieu-hanh",
    "tin-so-nganh",
    "chi-dao-cua-ubnd-thanh-pho-ha-noi",
    "infographics",
    "di-tich-danh-thang",
)

CATEGORY_LISTING = timeline_listing(
    ORIGIN,
    slugs=SECTIONS,
    path=re.compile(rf"^/(?P<slug>{'|'.join(SECTIONS)})/?$"),
    page_suffix="",
)

DISCOVERY = Discovery(
    start_urls=(f"{ORIGIN}/",),
    sitemap_urls=(),
    listings=(CATEGORY_LISTING,),
    article_url=re.compile(rf"^(?!/timelinelist/){ARTICLE_PATH}$"),
)


class Article(DetailArticle):
    parser = "hanoigov.article.v1"
    probe = "h1.detail-title, [data-role=content]"
    title = ("h1.detail-title", "main h1", "h1")
    body = "[data-role=content], div.detail-content"


SITE = Site(
    key="hanoigov",
    domain="hanoi.gov.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(Article,),
    discovery=DISCOVERY,
)
