"""qdnd.vn (Báo Quân đội Nhân dân, the army's newspaper): its own CMS ("post-*").

Nothing was checked against the live site. How each selector group is known, by the tags of
the sites research notes (news-sites.md) (§5, §12):
- title `h1.post-title`, lead `div.post-summary` (an `h2`/`p` inside), body
  `div.post-content div[itemprop=articleBody]`: [V-code 2025] (three scrapers); the "QĐND - " /
  "QĐND Online - " lead prefix of `AGENCY_PREFIX`: [I] (the paper's credit convention);
- published date: JSON-LD NewsArticle `datePublished` [V-code] first; visible `span.post-subinfo > span`,
  a `dd/mm/yyyy` date with the time after it [V-code] ("Thứ Hai, 14/07/2025 | 09:15" is [I]);
- author: the bold byline closing the body, often upper case ("TUẤN SƠN") [V-code];
- images `div.post-content img[src]` [V-code] on file3.qdnd.vn; captions (`figcaption`, an italic
  line under the image, "Ảnh: ...") [I];
- meta description/keywords [V-code]: keywords are not read as tags; tags `div.post-tags a` and the
  breadcrumb `ul.breadcrumb a`: [I].

Discovery:
- `sitemap_urls`: `/sitemaps/pid/feed-0.xml` (index of `/sitemaps/0/...` children) and
  `/sitemaps/0/top300article.xml` (the latest 300 with lastmod) [V-code];
- `feeds`: `/rss/cate/tin-tuc-moi-nhat.rss`, `/rss/cate/chinh-tri-3429.rss`,
  `/rss/cate/quoc-phong-an-ninh-3424.rss` [V-measured 2026-07]. A cookieless request to them is
  redirected to itself in a loop [V-measured]; Scrapy's cookie middleware keeps the cookie the redirect
  sets and SiteSpider does not drop a feed's repeated request, so the second request gets the feed [I]
  (tests/crawl/test_sites_loopback.py plays this);
- `SECTION_LISTING`: `/<cat>` and `/<cat>/<sub>` pages, paged `/<cat>/p/<page>` [V-code]; items
  `div.list-news-category article` linking with `a[href]` [V-code]; item dates (`span.time`,
  `time[datetime]`) [I];
- `article_url`: `/<cat>/<sub>/<slug>-<id>` without extension [V-code];
- hosts: qdnd.vn and www.qdnd.vn (the site redirects to www.) [V-code]. A WAF answers 403 to foreign
  IPs on and off [report, unverified]: the firewall middleware's retries cover it.
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Listing, Site, Template

ORIGIN = "https://www.qdnd.vn"
HOSTS = frozenset({"qdnd.vn", "www.qdnd.vn"})
AGENCY_PREFIX = re.compile(r"^\s*(?P<agency>QĐND(?: Online)?)\s*[-–—]\s*")

SECTIONS = (
    "chinh-tri",
    "quoc-phong-an-ninh",
    "kinh-te",
    "xa-hoi",
    "van-hoa",
    "phap-luat",
    "quoc-te",
    "giao-duc-khoa-hoc",
    "the-thao",
    "bao-ve-nen-tang-tu-tuong-cua-dang",
)

SECTION_LISTING = Listing(
    page_url=f"{ORIGIN}/{{slug}}",
    more_url=f"{ORIGIN}/{{slug}}/p/{{page}}",
    slugs=(*SECTIONS, "chinh-tri/tin-tuc", "kinh-te/tin-tuc", "quoc-phong-an-ninh/tin-tuc"),
    path=re.compile(rf"^/(?P<slug>(?:{'|'.join(SECTIONS)})(?:/[a-z0-9-]+)?)/?$"),
    item="div.list-news-category article",
    link="a[href]",
    date=("time::attr(datetime)", "span.time", "time"),
)

DISCOVERY = Discovery(
    start_urls=(f"{ORIGIN}/",),
    sitemap_urls=(f"{ORIGIN}/sitemaps/pid/feed-0.xml", f"{ORIGIN}/sitemaps/0/top300article.xml"),
    listings=(SECTION_LISTING,),
    article_url=re.compile(r"^/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+-\d{4,}$"),
    feeds=tuple(
        f"{ORIGIN}/rss/cate/{name}.rss" for name in ("tin-tuc-moi-nhat", "chinh-tri-3429", "quoc-phong-an-ninh-3424")
    ),
)


class Article(Template):
    parser = "qdnd.article.v1"
    probe = "div.post-content div[itemprop=articleBody]"
    title = ("h1.post-title",)
    lead = ("div.post-summary",)
    published_at = ("span.post-subinfo > span",)
    body = "div.post-content div[itemprop=articleBody]"
    caption = "figcaption"
    tags = "div.post-tags a"
    breadcrumb = "ul.breadcrumb li a"
    drop = "div.post-relate, div.post-share, div.post-comment, div.list-news-category, div.ads, aside, footer"


SITE = Site(
    key="qdnd",
    domain="qdnd.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(Article,),
    discovery=DISCOVERY,
)
