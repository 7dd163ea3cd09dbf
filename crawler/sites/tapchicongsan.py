"""tapchicongsan.org.vn (Tạp chí Cộng sản, the Communist Review): family D, Liferay
(crawler.sites.families.liferay).

Nothing here was checked against the live site. How each part is known (tags of
the sites research notes (news-sites.md) §7):
- hosts: tapchicongsan.org.vn and www. [V-pages]; the xaydungdang. subsite runs another CMS and is not
  served.
- agency prefix: "TCCS - " opens the sapo [V-pages].
- templates, newest first:
  - `AssetV1` (`JournalArticle`): the asset-publisher pages `/chi-tiet/-/asset_publisher/<id>/content/<slug>`
    [V-pages URLs 2024-26]. Their markup is not documented: body `div.journal-content-article` [I, Liferay];
    title `h1` in `div.asset-full-content` [I]; sapo `.sumary`, date `.publishdate`, author `.author` [I:
    the classes of the legacy pages, assumed kept by the theme].
  - `DetailV1`: the `/-/2018/<id>/<slug>.aspx` and `view_content` pages of a 2020-21 Scrapy spider
    [Legacy V-code]: title `h2 > a` (scoped to `div.detail` [I]), sapo `.sumary` (sic), body
    `.detailContent` with `figure > img` + `figcaption`, date `.publishdate` ("22:45, ngày 22-11-2020",
    `HH:MM, ngày dd-mm-yyyy`), author `.author`.
- discovery: no RSS or sitemap evidence. Sections `/web/guest/<section>` [Legacy V-code], items
  `h4.titleNews > a`, next page `a[aria-label="Next"]` [Legacy V-code]. Article URL shapes [V-pages]:
  `/web/guest/<section>/-/2018/<id>/<slug>.aspx`, `.../-/2018/<id>/view_content`, the `/vi_VN/` prefix,
  `/<section>/chi-tiet/-/asset_publisher/<id>/content/<slug>`, `/media-story/-/asset_publisher/...`;
  `/en_US/` pages are the English edition and are not crawled. One article has several URLs: the page's
  canonical link decides its identity.
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Listing, Site, Template
from crawler.sites.families.liferay import JournalArticle

HOSTS = frozenset({"tapchicongsan.org.vn", "www.tapchicongsan.org.vn"})

AGENCY_PREFIX = re.compile(r"^\s*(?P<agency>TCCS)\s*[-–—]\s*")

SECTION_LISTING = Listing(
    page_url="https://www.tapchicongsan.org.vn/web/guest/{slug}",
    more_url="",
    slugs=(
        "chinh-tri-xay-dung-dang",
        "kinh-te",
        "van_hoa_xa_hoi",
        "quoc-phong-an-ninh-oi-ngoai1",
        "the-gioi-van-de-su-kien",
        "thuc-tien-kinh-nghiem1",
        "nghien-cu",
        "thong-tin-ly-luan",
    ),
    path=re.compile(r"^/(?:vi_VN/)?web/guest/(?P<slug>[a-z0-9_-]+)/?$"),
    item="h4.titleNews",
    link="a[href]",
    date=(),
    next_page="a[aria-label='Next']",
)

DISCOVERY = Discovery(
    start_urls=("https://www.tapchicongsan.org.vn/",),
    sitemap_urls=(),
    listings=(SECTION_LISTING,),
    article_url=re.compile(
        r"^(?:/vi_VN)?(?:/web/guest)?/[a-z0-9_-]+/(?:-/2018/\d+/(?:[^/]+\.aspx|view_content)"
        r"|(?:chi-tiet/)?-/asset_publisher/\w+/content/[^/]+)$"
    ),
)


class AssetV1(JournalArticle):
    parser = "tapchicongsan.asset.v1"
    probe = "div.asset-full-content div.journal-content-article"
    title = ("div.asset-full-content h1",)
    lead = ("div.asset-full-content .sumary",)
    author = ("div.asset-full-content .author",)
    published_at = ("div.asset-full-content .publishdate",)


class DetailV1(Template):
    parser = "tapchicongsan.detail.v1"
    probe = "div.detail div.detailContent"
    title = ("div.detail h2 > a",)
    lead = ("div.detail .sumary",)
    author = ("div.detail .author",)
    published_at = ("div.detail .publishdate",)
    body = "div.detailContent"
    caption = "figcaption"
    breadcrumb = "ul.breadcrumb li a"
    drop = "div.social-share, div.related-news, div.box-comment, aside, footer"


SITE = Site(
    key="tapchicongsan",
    domain="tapchicongsan.org.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(AssetV1, DetailV1),
    discovery=DISCOVERY,
)
