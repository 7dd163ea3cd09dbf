"""Family D, Liferay portals: tapchicongsan.org.vn, sbv.gov.vn (Liferay DXP since about 2025), moh.gov.vn.

What Liferay itself writes, whatever the site's theme: the article body is a web content rendered into
`div.journal-content-article` [V-code: SBV crawler fixture, MOH list and article scrapers]; title, sapo and
date sit outside it, in the site's asset-publisher display template, so each site names them. The portlet
chrome around it (topper, share and rating taglibs, "related assets", print links, the pager) is Liferay's
own markup [I]. Asset-publisher listings page by links carrying
`?p_p_id=..._AssetPublisherPortlet_INSTANCE_<id>&..._cur=N&..._delta=M` [V-code: SBV, ncov.moh.gov.vn]: the
instance id is only known from the page, so a listing follows its next-page link (`Listing.next_page`).
Media live under `/documents/<groupId>/...` [V-code].
"""

from __future__ import annotations

from crawler.sites.base import Template

# The pager's "next" link: Liferay 6.2 `lfr-pagination-buttons` ("Tiếp theo"), Clay/DXP `pagination` [I].
NEXT_PAGE = (
    "ul.lfr-pagination-buttons li:not(.disabled) a:contains('Tiếp'), "
    "ul.pagination li:not(.disabled) a[aria-label='Next']"
)


class JournalArticle(Template):
    """A web content shown by an asset publisher. Sites set `probe`, `title`, `lead`, `author` and the
    dates; the body, captions, tags, breadcrumb and chrome to drop are Liferay's."""

    body = "div.journal-content-article"
    caption = "figcaption, td.image-caption, p.image-caption"
    tags = "span.taglib-asset-tags-summary a, div.asset-tags a"
    breadcrumb = "ul.breadcrumb li a, ol.breadcrumb li a"
    drop = (
        "div.portlet-topper, div.lfr-meta-actions, div.taglib-social-bookmarks, div.taglib-ratings-wrapper, "
        "div.taglib-page-iterator, div.asset-links, div.entry-links, div.print-action, div.asset-related, "
        "aside, footer"
    )
