"""moh.gov.vn (Bộ Y tế, the Ministry of Health): family D, Liferay (crawler.sites.families.liferay).

In the profile list in place of mof.gov.vn: the evidence on MOF is its JSON API only (the new site is a
single-page application rendering articles in the browser, the old WebCenter pages have no documented
markup), so an HTML profile of MOF would be guesswork from end to end; MOH has scraper evidence for its
listing, URLs and article selectors and shares the Liferay family with two other profiles.

Nothing here was checked against the live site. How each part is known (tags of
the sites research notes (news-sites.md) §11):
- hosts: moh.gov.vn and www. [V-code]; subdomains (ncov., kcb.) are other portals and not served.
- agency prefix: none documented; "(MOH) - " is taken if present [I].
- template `ArticleV1` (`JournalArticle`): title `h3.text-change-size`, date `p.time-post` (visible
  "dd/mm/yyyy HH:MM" [I]), body `div.journal-content-article` [Legacy 2020 XPaths, probably still
  Liferay]; no sapo selector is known: the lead comes from the page's description meta [I].
- discovery: the listing `/tin-tong-hop` with items `h3.asset-title a[href]` dated `span.time`, next
  page "Tiếp theo" [V-code, Selenium scraper]; the item wrapper `div.asset-abstract` is Liferay's [I];
  the section `/thong-tin-chi-dao-dieu-hanh` is seen in article URLs [V-code]. Article URLs
  `/<section>/-/asset_publisher/<instanceId>/content/<slug>` [V-code]. No sitemap or feed is known.
- quirks: TLS problems on moh hosts are common (scrapers disable verification) [report, unverified].
"""

from __future__ import annotations

import re

from crawler.sites.base import Discovery, Listing, Site
from crawler.sites.families.liferay import NEXT_PAGE, JournalArticle

HOSTS = frozenset({"moh.gov.vn", "www.moh.gov.vn"})

AGENCY_PREFIX = re.compile(r"^\s*\(\s*(?P<agency>MOH)\s*\)\s*[-–—]\s*")

SECTIONS = ("tin-tong-hop", "thong-tin-chi-dao-dieu-hanh")

SECTION_LISTING = Listing(
    page_url="https://moh.gov.vn/{slug}",
    more_url="",
    slugs=SECTIONS,
    path=re.compile(rf"^/(?P<slug>{'|'.join(SECTIONS)})/?$"),
    item="div.asset-abstract",
    link="h3.asset-title a[href]",
    date=("span.time",),
    next_page=NEXT_PAGE,
)

DISCOVERY = Discovery(
    start_urls=("https://moh.gov.vn/",),
    sitemap_urls=(),
    listings=(SECTION_LISTING,),
    article_url=re.compile(r"^/[a-z0-9-]+/-/asset_publisher/\w+/content/[^/]+$"),
)


class ArticleV1(JournalArticle):
    parser = "moh.article.v1"
    probe = "h3.text-change-size"
    title = ("h3.text-change-size",)
    published_at = ("p.time-post",)


SITE = Site(
    key="moh",
    domain="moh.gov.vn",
    hosts=HOSTS,
    language="vi",
    agency_prefix=AGENCY_PREFIX,
    templates=(ArticleV1,),
    discovery=DISCOVERY,
)
