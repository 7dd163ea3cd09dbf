"""Family A, the "c-detail-head / sc-longform" CMS: baokiemtoan.vn (old template, up to 2025), hanoimoi.vn,
nguoiquansat.vn, congly.vn, markettimes.vn.

Two page layouts, both on `<slug>-<id>.html` URLs with daily sitemaps `sitemap-article-YYYY-MM-DD.xml`:
- `DetailHead`: the news article, `h1.c-detail-head__title` over a `div.c-detail-head__row` holding the time
  and the short author. Selectors from a 2025 BKTO scraper [V-code]; the same class names in scrapers of
  nguoiquansat and markettimes [V-code]; tags and boxes from baotainguyenmoitruong [I].
- `Longform`: the newer "sc-longform" header (`h1.sc-longform-header-title`, sapo, date, author spans)
  over `div.entry`. Title and date classes measured on nguoiquansat [V-measured], sapo and author in a
  hanoimoi scraper [V-code], the body as `div.entry > p` with `div.c-box` / `div.sc-hightlight-box` removed
  [V-code + V-measured on nguoiquansat].

Visible dates of the family, day first in Vietnam time, time before or after the date: "27/04/2023 | 14:35",
"17:22 17/08/2025", "15-01-2024 13:04", "14/08/2026 - 21:20".
"""

from __future__ import annotations

from crawler.sites.base import Template

# Boxes the family puts inside or next to the body: ads (`c-box`), highlight and related boxes, share bars.
FAMILY_DROP = (
    "div.c-box, div.sc-hightlight-box, div.c-detail-share, div.c-share, div.c-ads, div.box-ads, "
    "div.c-box-related, div.c-comment, aside, footer"
)


class DetailHead(Template):
    """Images are plain `src`; captions are a `figcaption`, a CKEditor image table cell (`td.image_desc`),
    or an italic/centred paragraph under the image. The short author sits in the head in parentheses; the
    full byline is often only the last right-aligned paragraph of the body."""

    probe = "h1.c-detail-head__title"
    title = ("h1.c-detail-head__title",)
    lead = ("div.c-detail-head p.desc", "p.desc", "h2.desc")
    author = ("span.c-detail-head__author",)
    published_at = ("span.c-detail-head__time",)
    body = "div.content-main-normal"
    caption = "figcaption, td.image_desc, .image_caption"
    tags = "div.c-tags ul li a"
    breadcrumb = "ul.c-breadcrumb li a"
    drop = FAMILY_DROP


class Longform(Template):
    """The sapo is `p.sc-longform-header-sapo` or `p.block-sc-sapo` in `div.sc-longform-header-text`; the
    date span also carries `block-sc-publish-time`, the author span `block-sc-author`."""

    probe = "h1.sc-longform-header-title"
    title = ("h1.sc-longform-header-title",)
    lead = ("p.sc-longform-header-sapo", "div.sc-longform-header-text > p.block-sc-sapo")
    author = ("span.sc-longform-header-author", "div.sc-longform-header-meta > span.block-sc-author")
    published_at = ("span.sc-longform-header-date", "span.block-sc-publish-time")
    body = "div.entry"
    caption = "figcaption, td.image_desc, .image_caption"
    tags = "div.c-tags ul li a"
    breadcrumb = "ul.c-breadcrumb li a"
    drop = FAMILY_DROP
