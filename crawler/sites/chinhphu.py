"""baochinhphu.vn (Báo Điện tử Chính phủ, the Government's newspaper): CMS family C ("detail-*",
crawler/sites/families/detail.py).

Nothing was checked against the live site (no machine here reaches the internet). How each selector
group is known, by the tags of the sites research notes (news-sites.md) (§2, §12):
- title `h1.detail-title`: [V-measured 2026] (a third party measured 4 real pages; og:title fallback);
- lead `h2.detail-sapo`: [V-measured] 100/100 sapos start "(Chinhphu.vn) - ", split off by
  `AGENCY_PREFIX` (agency "Chinhphu.vn");
- body `div.detail-content.afcbc-body[data-role=content]`: [V-measured]; the inline related box
  `div.VCSortableInPreviewMode` ("Tham khảo thêm") inside it: [V-measured]; photo blocks of the same
  class (`type="Photo"`, kept as images): [I] (the family's CafeF pages);
- HTML comments inside the body (`<!--bonewsrelation-->`, `Sat Aug 15 2026 06:54:00 GMT+0700 (...)`):
  [V-measured]; the extractor drops every comment first;
- published date: `meta[property=article:published_time]` and JSON-LD `datePublished`: [V-code];
  visible `div.detail-time` / `[data-role=publishdate]` as `15/08/2026 06:54` (day first, Vietnam time,
  no zone): [V-measured];
- author: no head field; the last body paragraph, right-aligned and/or bold ("Anh Minh"): [V-measured];
  `a.detail-author-top-name` on some pages: [V-code];
- category: JSON-LD BreadcrumbList: [V-code]; the visible `div.detail-cate` breadcrumb: [I];
- images: `figure` + `figcaption.PhotoCMS_Caption`: [V-measured]; tags (`div.detail-tab a`): [I].

Discovery:
- `feeds`: `/<category>.rss` (`/home.rss`, `/kinh-te.rss`, ...): [V-measured 2026], ~50 items each.
  Feeds that died still answer 200 with a fresh lastBuildDate (`chi-dao-dieu-hanh.rss`, `thi-truong`,
  `chinh-sach`, `doanh-nghiep`): they are not listed. Their `pubDate` is .NET's en-US
  `9/14/2026 6:44:00 PM`, month first, no zone: [V-measured] (parsed by crawler.spiders.feeds);
- `sitemap_urls`: `/sitemaps/google-news.xml`: [I] (a candidate URL, never fetched by a third party);
- `CATEGORY_LISTING`: category pages `/<cat>.htm`, `/<cat>/<sub>.htm` [V-code], paged by the family's
  timeline `/timelinelist/<zoneId>/<page>.htm` (20 items a page, no overlap), zone id from
  `input#hdZoneId` [V-code 2026]; items `div.box-stream-item a.box-stream-link-title` [V-code], item times
  `span.box-stream-time[title]` [V-code] (ISO in `title` is [I]: the visible text is the fallback);
- `article_url`: `/<slug>-102<YYMMDDHHMMSS><serial>.htm`: [V-measured].
- Hosts: baochinhphu.vn and www.; not en.baochinhphu.vn (English) nor chinhphu.vn (no articles).
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Site
from crawler.sites.families.detail import ARTICLE_PATH, DetailArticle, timeline_listing

ORIGIN = "https://baochinhphu.vn"
HOSTS = frozenset({"baochinhphu.vn", "www.baochinhphu.vn"})
AGENCY_PREFIX = re.compile(r"^\s*\(\s*(?P<agency>Chinhphu\.vn)\s*\)\s*[-–—]\s*", re.IGNORECASE)

CATEGORY_LISTING = timeline_listing(
    ORIGIN,
    slugs=(
        "chinh-tri",
        "chinh-tri/doi-ngoai",
        "chi-dao-dieu-hanh",
        "kinh-te",
        "kinh-te/ngan-hang",
        "chinh-sach-va-cuoc-song",
        "chinh-sach-va-cuoc-song/chinh-sach-moi",
        "quoc-te",
        "phap-luat",
        "tra-loi-cong-dan",
    ),
    # A section page, never an article (`-<digits>.htm`), the timeline or a topic page.
    path=re.compile(r"^/(?!timelinelist/|chu-de/)(?P<slug>[a-z0-9-]+(?:/[a-z0-9-]+)?)(?<!\d{10})\.htm$"),
    page_suffix=".htm",
)

DISCOVERY = Discovery(
    start_urls=(f"{ORIGIN}/",),
    sitemap_urls=(f"{ORIGIN}/sitemaps/google-news.xml",),
    listings=(CATEGORY_LISTING,),
    article_url=re.compile(rf"^(?!/timelinelist/|/chu-de/){ARTICLE_PATH}$"),
    feeds=tuple(
        f"{ORIGIN}/{name}.rss"
        for name in ("home", "chinh-tri", "kinh-te", "chinh-sach-va-cuoc-song", "quoc-te", "phap-luat")
    ),
)


class Article(DetailArticle):
    parser = "chinhphu.article.v1"


SITE = Site(
    key="chinhphu",
    domain="baochinhphu.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(Article,),
    discovery=DISCOVERY,
)
