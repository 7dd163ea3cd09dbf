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
  - `category_slugs`: `/vi/chuyen-muc/<slug>` categories (the first two are seen in a 2026 source
    list, the others are the old sections under their likely new slugs);
  - `listing_url`: a category page, `{slug}`;
  - `more_url`: the request behind a listing's "Xem thêm" button, `{slug}` and `{page}` (guessed:
    the relaunch platform pages listings with `?page=N`);
  - `article_url` / `listing_path`: regexes on the URL path for article pages (new `/vi/bai-viet/<slug>`
    and old `<slug>-<id>.html`) and listing pages (new `/vi/chuyen-muc/<slug>` and old `/<section>[/<sub>]`).
- `LegacyV1`, `PortalV1`: the page templates, newest first in `SITE.templates`.

Visible dates (parsed by crawler.normalise.dates.parse_date, day first, Vietnam time):
- old template, `span.c-detail-head__time`: "Thứ Năm, 27/04/2023 | 14:35", "14:35 27/4/2023",
  "27-04-2023 14:35 (GMT+7)" (time before or after the date; a trailing "|" separates the author);
- relaunch: `time.post-date[datetime]` holds ISO 8601 with +07:00 (preferred); its text reads
  "Thứ Năm, ngày 27 tháng 4 năm 2023 - 14:35".
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Site, Template

HOSTS = frozenset({"baokiemtoan.vn", "www.baokiemtoan.vn", "baokiemtoannhanuoc.vn", "www.baokiemtoannhanuoc.vn"})

AGENCY_PREFIX = re.compile(r"^\s*\(\s*(?P<agency>BKTO)\s*\)\s*[-–—]\s*")

_OLD_SECTIONS = "chinh-tri|kiem-toan|kinh-te|phap-luat|xa-hoi|goc-nhin"

DISCOVERY = Discovery(
    start_urls=("https://baokiemtoan.vn/",),
    sitemap_urls=("https://baokiemtoan.vn/sitemap.xml", "https://baokiemtoan.vn/sitemap-news.xml"),
    category_slugs=(
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
    listing_url="https://baokiemtoan.vn/vi/chuyen-muc/{slug}",
    more_url="https://baokiemtoan.vn/vi/chuyen-muc/{slug}?page={page}",
    article_url=re.compile(r"^/vi/bai-viet/[a-z0-9-]+/?$|^/[a-z0-9-]+-\d+\.html$"),
    listing_path=re.compile(rf"^/vi/chuyen-muc/[a-z0-9-]+/?$|^/(?:{_OLD_SECTIONS})(?:/[a-z0-9-]+)?/?$"),
)


class LegacyV1(Template):
    """The old "c-detail-head" CMS (shared with hanoimoi.vn, nguoiquansat.vn), used up to 2025.

    Images are plain `src`; captions are a `figcaption`, a CKEditor image table cell
    (`td.image_desc`), or an italic/centred paragraph under the image. The short author sits in the
    head in parentheses; the full byline is often only the last right-aligned paragraph of the body.
    """

    parser = "bkto.legacy.v1"
    probe = "h1.c-detail-head__title"
    title = ("h1.c-detail-head__title",)
    lead = ("div.c-detail-head p.desc", "p.desc", "h2.desc")
    author = ("span.c-detail-head__author",)
    published_at = ("span.c-detail-head__time",)
    body = "div.content-main-normal"
    caption = "figcaption, td.image_desc, .image_caption"
    tags = "div.c-tags ul li a"
    breadcrumb = "ul.c-breadcrumb li a"
    drop = (
        "div.c-box, div.sc-hightlight-box, div.c-detail-share, div.c-share, div.c-ads, div.box-ads, "
        "div.c-box-related, div.c-comment, aside, footer"
    )


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
