"""quochoi.vn (Cổng thông tin điện tử Quốc hội, the National Assembly portal): SharePoint, family D by
the research's grouping (Java and .NET portals) but sharing no markup with the Liferay sites.

Nothing here was checked against the live site, and the evidence is thin. How each part is known (tags
of the sites research notes (news-sites.md) §8):
- hosts: quochoi.vn and www. [V-code]; thuvienso.quochoi.vn is a DSpace library and not served.
- agency prefix: none documented; "(Quochoi.vn) - " is taken if present, as baochinhphu's
  "(Chinhphu.vn) - " [I].
- template `ArticleV1`: title `h1`, lead in `meta[name=description]` [V-code, a crawler's simplified
  fixture]; the visible sapo `div.sapo` [I]; body in SharePoint's rich-text field `div.ms-rtestate-field`
  [I]; date `div.article-date` (visible "dd/mm/yyyy HH:MM") [I]; author only as the body's last
  right-aligned line [I].
- discovery: article URLs `/tintuc/Pages/<list>.aspx?ItemID=<n>` with lists `tin-hoat-dong-cua-quoc-hoi`,
  `tin-tong-hop` [V-code]: the list and its items share one path, so an article URL is told by its
  `ItemID` (`Discovery.article_query`). The list pages without `ItemID` are crawled as listings; their
  items (`div.news-item`, a date `span.date`) and pager (`a.next`) are [I]. ItemIDs grow monotonically
  (about 73,000 in 2023, 99,700 in 2026) [V-code], which a range crawl could use; not done here.
- quirks: the first response can be a JavaScript cookie challenge (`document.cookie="D1N=<32 hex>"` then
  a reload) [V-code]; it needs a downloader middleware setting the cookie and retrying, which this
  profile does not provide: such a response matches no probe and is not indexed.
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Listing, Site, Template

HOSTS = frozenset({"quochoi.vn", "www.quochoi.vn"})

AGENCY_PREFIX = re.compile(r"^\s*\(\s*(?P<agency>Quochoi\.vn)\s*\)\s*[-–—]\s*", re.IGNORECASE)

NEWS_LISTING = Listing(
    page_url="https://quochoi.vn/tintuc/Pages/{slug}.aspx",
    more_url="",
    slugs=("tin-hoat-dong-cua-quoc-hoi", "tin-tong-hop"),
    path=re.compile(r"^/tintuc/Pages/(?P<slug>[a-z0-9-]+)\.aspx$"),
    item="div.news-item",
    link="a[href]",
    date=("span.date",),
    next_page="a.next",
)

DISCOVERY = Discovery(
    start_urls=("https://quochoi.vn/",),
    sitemap_urls=(),
    listings=(NEWS_LISTING,),
    article_url=re.compile(r"^/tintuc/Pages/[a-z0-9-]+\.aspx$"),
    article_query=re.compile(r"(?:^|&)ItemID=\d+(?:&|$)", re.IGNORECASE),
)


class ArticleV1(Template):
    parser = "quochoi.article.v1"
    probe = "div.ms-rtestate-field"
    title = ("h1",)
    lead = ("div.sapo",)
    published_at = ("div.article-date",)
    body = "div.ms-rtestate-field"
    caption = "figcaption, td.image-caption"
    breadcrumb = "div.breadcrumb a"
    drop = "div.share-tools, div.related-news, div.other-news, aside, footer"


SITE = Site(
    key="quochoi",
    domain="quochoi.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(ArticleV1,),
    discovery=DISCOVERY,
)
