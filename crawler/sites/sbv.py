"""sbv.gov.vn (Ngân hàng Nhà nước Việt Nam, the State Bank): family D, Liferay DXP since about 2025
(crawler.sites.families.liferay).

Nothing here was checked against the live site. How each part is known (tags of
the sites research notes (news-sites.md) §10):
- hosts: sbv.gov.vn and www. [V-measured]; dttktt.sbv.gov.vn (statistics) is unreachable from abroad and
  not served.
- agency prefix: none documented; "(SBV) - " / "NHNN - " are taken if present [I].
- template `ArticleV1` (`JournalArticle`): `h1`, `div.date-about i` ("26/08/2026 | 13:35:00", dd/mm/yyyy
  | HH:MM:SS), `div.sapo`, `div.journal-content-article` [V-code, a crawler's simplified fixture]. Bodies
  often hold hand-pasted HTML with inline `<style>` and tables (`table.ls01-table`, `tr.ls01-group`) and
  a hand-written date line "Ngày 25 tháng 08 năm 2026" [V-measured]; titles may carry a date "(dd.mm.yy)"
  [V-measured]. The old Oracle WebCenter pages (`ttsk_chitiet?dDocName=SBV...`) are legacy with no known
  markup: they are recognised as articles and left to the generic path.
- discovery: the news listing `/vi/tin-tuc-su-kien`, items with `span.date-about > i` ("26/08/2026 |
  13:35:00" or "20/08/2026") and `a.title-news-link[href]` in `div.portlet-content` [V-code]; the item
  wrapper `div.news-item` [I]; paged by asset-publisher `_cur=N` links (`NEXT_PAGE` [I]). Article URLs
  `/vi/w/<slug-or-id>` (e.g. `/vi/w/sbv570036`), `/vi/web/sbv_portal/w/<id>`, slugs often
  percent-encoded Vietnamese [V-measured]. No sitemap or feed is known.
- quirks: the WAF answers HTTP 200 with a 246-byte "Request Rejected ... support ID" page to
  non-browser clients [V-measured]: no template probe matches it, so it never becomes an article.
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Listing, Site
from crawler.sites.families.liferay import NEXT_PAGE, JournalArticle

HOSTS = frozenset({"sbv.gov.vn", "www.sbv.gov.vn"})

AGENCY_PREFIX = re.compile(r"^\s*\(?\s*(?P<agency>SBV|NHNN)\s*\)?\s*[-–—]\s*")

NEWS_LISTING = Listing(
    page_url="https://sbv.gov.vn/vi/{slug}",
    more_url="",
    slugs=("tin-tuc-su-kien",),
    path=re.compile(r"^/vi/(?P<slug>tin-tuc-su-kien)/?$"),
    item="div.portlet-content div.news-item",
    link="a.title-news-link[href]",
    date=("span.date-about > i",),
    next_page=NEXT_PAGE,
)

DISCOVERY = Discovery(
    start_urls=("https://sbv.gov.vn/vi/",),
    sitemap_urls=(),
    listings=(NEWS_LISTING,),
    article_url=re.compile(r"^/vi/(?:web/sbv_portal/)?w/[^/]+$|^/webcenter/portal/vi/menu/trangchu/ttsk/ttsk_chitiet$"),
)


class ArticleV1(JournalArticle):
    parser = "sbv.article.v1"
    probe = "div.date-about"
    title = ("h1",)
    lead = ("div.sapo",)
    published_at = ("div.date-about i",)


SITE = Site(
    key="sbv",
    domain="sbv.gov.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(ArticleV1,),
    discovery=DISCOVERY,
)
