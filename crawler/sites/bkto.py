"""baokiemtoan.vn (Báo Kiểm toán, "BKTO"): everything site-specific, as data.

None of it was checked against the live site (no machine here reaches the internet): selectors follow
third-party scrapers of the old template and the URL scheme seen for the 2025-26 relaunch; the
relaunch markup is a plausible modern CMS layout. Verify on live pages and add a V2 when they differ.

Names other parts of vnnews read:
- `SITE`: the `crawler.sites.base.Site` registered in `crawler.sites.SITES`.
- `HOSTS`: every host serving the paper, including the old domain baokiemtoannhanuoc.vn.
- `AGENCY_PREFIX`: the "(BKTO) - " prefix of leads, group "agency" = "BKTO".
- `DISCOVERY` (also `SITE.discovery`), for the spider:
  - `start_urls`: the home page;
  - `sitemap_urls`: sitemap index and news sitemap (same-CMS sites have them; unverified here);
  - `listings`: the two listing families, relaunch first:
    - `PORTAL_LISTING`: `/vi/chuyen-muc/<slug>` categories (the first two slugs are seen in a 2026 source
      list, the others are the old sections under their likely new slugs); "Xem thêm" guessed as
      `?page=N` on the same URL (the relaunch platform pages listings that way); items `li.post-item`,
      dated by `time[datetime]`;
    - `LEGACY_LISTING`: the old `/<section>[/<sub>]` sections (seen in a 2025 scraper), items
      `ul.clearfix.loadAjax li.loadArticle` linking through `div.b-grid__img > a`. The scraper pressed
      the JS "Xem thêm" button in a browser, so its AJAX endpoint was never seen: `more_url` is a GUESS
      in the style of that CMS family (an HTML fragment of `li.loadArticle` items per page) and the item
      date `span.b-grid__time` ("27/04/2023 14:35") is one too. Capture the real XHR before relying on
      either;
  - `article_url`: a regex on the URL path of article pages (new `/vi/bai-viet/<slug>`, old
    `<slug>-<id>.html`).
- `LegacyV1`, `PortalV1`: the page templates, newest first in `SITE.templates`.

Visible dates (parsed by crawler.normalise.dates.parse_date, day first, Vietnam time):
- old template, `span.c-detail-head__time`: "Thứ Năm, 27/04/2023 | 14:35", "14:35 27/4/2023",
  "27-04-2023 14:35 (GMT+7)" (time before or after the date; a trailing "|" separates the author);
- relaunch: `time.post-date[datetime]` holds ISO 8601 with +07:00 (preferred); its text reads
  "Thứ Năm, ngày 27 tháng 4 năm 2023 - 14:35";
- old listing items, `span.b-grid__time`: "27/04/2023 14:35" (guessed, see `LEGACY_LISTING`).
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Listing, Site, Template
from crawler.sites.families.detail_head import DetailHead

HOSTS = frozenset({"baokiemtoan.vn", "www.baokiemtoan.vn", "baokiemtoannhanuoc.vn", "www.baokiemtoannhanuoc.vn"})

AGENCY_PREFIX = re.compile(r"^\s*\(\s*(?P<agency>BKTO)\s*\)\s*[-–—]\s*")

_OLD_SECTIONS = "chinh-tri|kiem-toan|kinh-te|phap-luat|xa-hoi|goc-nhin"

PORTAL_LISTING = Listing(
    page_url="https://baokiemtoan.vn/vi/chuyen-muc/{slug}",
    more_url="https://baokiemtoan.vn/vi/chuyen-muc/{slug}?page={page}",
    slugs=(
        "ket-qua-kiem-toan",
        "phong-chong-tham-nhung",
        "hoat-dong-cua-nganh",
        "kiem-toan-ke-toan",
        "kiem-toan-quoc-te",
        "doi-noi",
        "doi-ngoai",
        "cong-tac-xay-dung-dang",
        "tai-chinh",
        "ngan-hang-tin-dung",
        "dau-tu",
        "dia-phuong",
        "doanh-nghiep",
        "phap-luat",
        "xa-hoi",
        "goc-nhin",
    ),
    path=re.compile(r"^/vi/chuyen-muc/(?P<slug>[a-z0-9-]+)/?$"),
    item="li.post-item",
    link="a.post-link[href]",
    date=("time::attr(datetime)", "time"),
)

LEGACY_LISTING = Listing(
    page_url="https://baokiemtoan.vn/{slug}",
    more_url="https://baokiemtoan.vn/ajax/load-more?cat={slug}&page={page}",  # a guess: see the module doc
    slugs=(
        "chinh-tri/doi-noi",
        "chinh-tri/doi-ngoai",
        "chinh-tri/cong-tac-xay-dung-dang",
        "kiem-toan/hoat-dong-cua-nganh",
        "kiem-toan/ket-qua-kiem-toan",
        "kiem-toan/kiem-toan-ke-toan",
        "kiem-toan/kiem-toan-quoc-te",
        "kinh-te/tai-chinh",
        "kinh-te/ngan-hang-tin-dung",
        "kinh-te/dau-tu",
        "kinh-te/dia-phuong",
        "kinh-te/doanh-nghiep",
        "phap-luat",
        "xa-hoi",
        "goc-nhin",
    ),
    path=re.compile(rf"^/(?P<slug>(?:{_OLD_SECTIONS})(?:/[a-z0-9-]+)?)/?$"),
    # Not `ul.loadAjax li.loadArticle`: the "Xem thêm" fragments hold the items without their list.
    item="li.loadArticle",
    link="div.b-grid__img > a[href]",
    date=("span.b-grid__time",),
)

DISCOVERY = Discovery(
    start_urls=("https://baokiemtoan.vn/",),
    sitemap_urls=("https://baokiemtoan.vn/sitemap.xml", "https://baokiemtoan.vn/sitemap-news.xml"),
    listings=(PORTAL_LISTING, LEGACY_LISTING),
    article_url=re.compile(r"^/vi/bai-viet/[a-z0-9-]+/?$|^/[a-z0-9-]+-\d+\.html$"),
)


class LegacyV1(DetailHead):
    """The old "c-detail-head" CMS of family A (crawler.sites.families.detail_head), used up to 2025."""

    parser = "bkto.legacy.v1"


class PortalV1(Template):
    """The 2025-26 relaunch: `/vi/bai-viet/<slug>` pages, lazy images (`data-src` over a `data:` GIF),
    JSON-LD NewsArticle + BreadcrumbList, `time[datetime]` with +07:00."""

    parser = "bkto.portal.v1"
    probe = "article.post-detail h1.post-title"
    title = ("article.post-detail h1.post-title",)
    lead = ("article.post-detail div.post-sapo",)
    author = ("article.post-detail .post-meta .post-author",)
    published_at = ("time.post-date::attr(datetime)", "time.post-date")
    updated_at = ("time.post-updated::attr(datetime)", "time.post-updated")
    body = "article.post-detail div.post-content"
    caption = "figcaption"
    tags = "article.post-detail div.post-tags a"
    breadcrumb = "nav.breadcrumb li a"
    drop = (
        "div.post-share, div.ads, div.banner, div.box-related, section.post-same-category, "
        "section.most-read, div.post-comments, aside, footer"
    )


SITE = Site(
    key="bkto",
    domain="baokiemtoan.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(PortalV1, LegacyV1),
    discovery=DISCOVERY,
)
