"""nhandan.vn (Báo Nhân Dân, the Party's newspaper): CMS family B ("article__ / cms-",
crawler/sites/families/cms.py).

Nothing was checked against the live site. How each selector group is known, by the tags of
the sites research notes (news-sites.md) (§4, §0, §12):
- title `h1.article__title`, lead `div.article__sapo` (`cms-desc`), body `div.article__body.cms-body`:
  [V-code 2025]; the old "NDO - " / "NDĐT - " lead prefix of `AGENCY_PREFIX` is [I] (Nhân Dân Online's
  convention before the move to nhandan.vn);
- published date: `div.article__meta time.time[datetime]` ("2025-01-14T06:01:00+0700") [V-code], its
  text "Thứ Ba, ngày 14/01/2025 - 06:01" [V-code]; `meta.cms-date[itemprop=datePublished]` [I];
- author `p.name` in the author block after the body [V-code] ("Name/..." forms exist: not split here);
- images: `table.picture` (image over `td.caption`) inside the body, lazy `data-src` over `data:`
  placeholders [V-code] (RSSHub route of cn.nhandan.vn, same CMS);
- tags `div.article__tag a`, related stories `a.cms-relate` / `article.story` inside the body: [I]
  (family B, measured on tinnhanhchungkhoan.vn); breadcrumb `div.breadcrumbs a`: [I].

Discovery:
- `feeds`: `/rss/home.rss` [V-measured 2026-07], `/rss/<slug>-<zoneId>.rss` (`thegioi-1231`,
  `khoahoc-congnghe-1292`) [V-code];
- `sitemap_urls`: `/sitemap.xml` (index) and `/sitemaps/google-news.xml` [V-code];
  `monthly_sitemap`: `/sitemaps/news-{YYYY}-{M}.xml`, month not zero-padded [V-code];
- `ZONE_LISTING`: the JSON "more news" API `/api/morenews-zone-{zoneId}-{page}.html?phrase=` answering
  `{"error_code":0,"data":{"articles":"<html…>"}}` [V-code]; the zone ids are the known Vietnamese
  ones [V-code]; items `article.story` with `a.cms-link` [V-code]; item times `time[datetime]` [I];
- category pages `/<slug>` (`xa-luan`, `chinhtri`, ...) are start pages read by the generic link rule:
  their "Xem thêm" button (`button.see-more`) is the API above under a zone id the page does not name in
  any documented place [V-code];
- `article_url`: `/<slug>-post<id>.html` [V-code/I];
- hosts: nhandan.vn and www. only: the language editions (en., cn., fr., ru., kr.) and radio. are 40 %
  of a naive crawl [V-measured].
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Listing, Site
from crawler.sites.families.cms import CmsArticle

ORIGIN = "https://nhandan.vn"
HOSTS = frozenset({"nhandan.vn", "www.nhandan.vn"})
AGENCY_PREFIX = re.compile(r"^\s*(?P<agency>NDO|NDĐT)\s*[-–—]\s*")

ZONES = (
    "1171", "1176", "1180", "1185", "1191", "1203", "1251", "1121", "1122", "1319",
    "1287", "1257", "1231", "1224", "1303", "1309", "1311", "1292", "1296", "1315",
)  # fmt: skip

ZONE_LISTING = Listing(
    page_url=f"{ORIGIN}/api/morenews-zone-{{slug}}-1.html?phrase=",
    more_url=f"{ORIGIN}/api/morenews-zone-{{slug}}-{{page}}.html?phrase=",
    slugs=ZONES,
    path=re.compile(r"^/api/morenews-zone-(?P<slug>\d+)-1\.html$"),
    item="article.story",
    link="a.cms-link[href]",
    date=("time::attr(datetime)", "time"),
)

DISCOVERY = Discovery(
    start_urls=(
        f"{ORIGIN}/",
        *(f"{ORIGIN}/{slug}" for slug in ("chinhtri", "kinhte", "xahoi", "phapluat", "thegioi", "xa-luan")),
    ),
    sitemap_urls=(f"{ORIGIN}/sitemap.xml", f"{ORIGIN}/sitemaps/google-news.xml"),
    listings=(ZONE_LISTING,),
    article_url=re.compile(r"^/[a-z0-9-]+-post\d+\.html$"),
    feeds=(f"{ORIGIN}/rss/home.rss", f"{ORIGIN}/rss/thegioi-1231.rss", f"{ORIGIN}/rss/khoahoc-congnghe-1292.rss"),
    monthly_sitemap=f"{ORIGIN}/sitemaps/news-{{year}}-{{month}}.xml",
)


class Article(CmsArticle):
    parser = "nhandan.article.v1"


SITE = Site(
    key="nhandan",
    domain="nhandan.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(Article,),
    discovery=DISCOVERY,
)
