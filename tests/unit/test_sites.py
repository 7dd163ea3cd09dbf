"""crawler.sites: the registry, BKTO's declarative data, and the import-weight promise of items/extract."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from itemadapter import ItemAdapter

from crawler.items import Article
from crawler.sites import SITES, site_for_url
from crawler.sites.base import Listing
from crawler.sites.bkto import AGENCY_PREFIX, DISCOVERY, LEGACY_LISTING, PORTAL_LISTING, SITE, LegacyV1, PortalV1

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url",
    [
        "https://baokiemtoan.vn/vi/bai-viet/a",
        "http://www.baokiemtoan.vn/a-1.html",
        "http://baokiemtoannhanuoc.vn/a-1.html",
        "https://WWW.BAOKIEMTOANNHANUOC.VN/a-1.html",
    ],
)
def test_every_bkto_host_maps_to_the_site(url: str) -> None:
    assert site_for_url(url) is SITE


@pytest.mark.parametrize("url", ["https://auditnews.vn/a", "https://baokiemtoan.vn.example.com/a", "not a url"])
def test_other_hosts_have_no_site(url: str) -> None:
    assert site_for_url(url) is None


def test_registry_holds_bkto() -> None:
    assert SITE in SITES
    assert SITE.domain == "baokiemtoan.vn"


@pytest.mark.parametrize(
    ("url", "article", "listing"),
    [
        ("https://baokiemtoan.vn/vi/bai-viet/kiem-toan-ngan-sach-tinh-hoa-binh", True, False),
        ("https://baokiemtoan.vn/ha-noi-phat-dong-thi-dua-24517.html", True, False),
        ("https://baokiemtoan.vn/vi/chuyen-muc/ket-qua-kiem-toan", False, True),
        ("https://baokiemtoan.vn/kiem-toan/ket-qua-kiem-toan", False, True),
        ("http://baokiemtoannhanuoc.vn/phap-luat/", False, True),
        ("https://baokiemtoan.vn/vi/chuyen-muc/ket-qua-kiem-toan/trang-2", False, False),
        ("https://baokiemtoan.vn/tim-kiem", False, False),
        ("https://baokiemtoan.vn/ky-niem-30-nam-thanh-lap-ktnn-ptag.html", False, False),
        ("https://example.com/vi/bai-viet/a", False, False),
    ],
)
def test_url_patterns(url: str, article: bool, listing: bool) -> None:
    assert (SITE.is_article_url(url), SITE.is_listing_url(url)) == (article, listing)


def test_discovery_entry_points_are_site_urls() -> None:
    assert all(site_for_url(url) is SITE for url in DISCOVERY.start_urls + DISCOVERY.sitemap_urls)
    assert DISCOVERY.listings == (PORTAL_LISTING, LEGACY_LISTING)


DECLARED_LISTING_PAGES = [
    pytest.param(listing, slug, id=listing.page_url.format(slug=slug))
    for listing in DISCOVERY.listings
    for slug in listing.slugs
]


@pytest.mark.parametrize(("listing", "slug"), DECLARED_LISTING_PAGES)
def test_every_declared_listing_page_is_recognised_as_itself(listing: Listing, slug: str) -> None:
    url = listing.page_url.format(slug=slug)
    assert SITE.listing_for(url) == (listing, slug)
    assert not SITE.is_article_url(url)
    assert site_for_url(listing.more_url.format(slug=slug, page=2)) is SITE


def test_each_family_declares_distinct_slugs_and_complete_templates() -> None:
    for listing in DISCOVERY.listings:
        assert len(set(listing.slugs)) == len(listing.slugs)
        assert "{slug}" in listing.page_url
        assert "{slug}" in listing.more_url and "{page}" in listing.more_url
        assert listing.path.groupindex.keys() == {"slug"}
        assert listing.item and listing.link and listing.date


def test_pages_of_one_family_are_not_claimed_by_the_other() -> None:
    portal = PORTAL_LISTING.page_url.format(slug="tai-chinh")
    legacy = LEGACY_LISTING.page_url.format(slug="kinh-te/tai-chinh")
    assert LEGACY_LISTING.slug_of(portal) is None
    assert PORTAL_LISTING.slug_of(legacy) is None
    # Links on the old domain, with a trailing slash, or to an undeclared slug are recognised too.
    old_domain = "http://www.baokiemtoannhanuoc.vn/kinh-te/tai-chinh/"
    assert SITE.listing_for(old_domain) == (LEGACY_LISTING, "kinh-te/tai-chinh")
    assert SITE.listing_for("https://baokiemtoan.vn/vi/chuyen-muc/moi") == (PORTAL_LISTING, "moi")
    assert SITE.listing_for("https://baokiemtoan.vn/kiem-toan") == (LEGACY_LISTING, "kiem-toan")
    assert SITE.listing_for("https://example.com/vi/chuyen-muc/tai-chinh") is None


@pytest.mark.parametrize(
    ("lead", "agency"),
    [("(BKTO) - Chiều 27/4", "BKTO"), ("(BKTO)- Chiều 27/4", "BKTO"), (" ( BKTO ) – Chiều 27/4", "BKTO")],
)
def test_agency_prefix_variants(lead: str, agency: str) -> None:
    match = AGENCY_PREFIX.match(lead)
    assert match and match.group("agency") == agency and lead[match.end() :] == "Chiều 27/4"


def test_templates_are_distinct_versions_newest_first() -> None:
    assert SITE.templates == (PortalV1, LegacyV1)
    assert len({template.parser for template in SITE.templates}) == len(SITE.templates)
    assert all(template.parser.startswith(f"{SITE.key}.") for template in SITE.templates)


def test_article_has_exactly_the_contract_fields_and_is_a_scrapy_item() -> None:
    names = [field.name for field in fields(Article)]
    assert names == [
        "url", "canonical_url", "site", "agency_prefix", "title", "lead", "body", "author", "category",
        "tags", "images", "published_at", "updated_at", "language", "parser",
    ]  # fmt: skip
    article = Article(url="u", canonical_url="c", site="s")
    assert ItemAdapter.is_item(article)
    assert ItemAdapter(article)["language"] == "vi"


def test_items_and_extract_do_not_import_scrapy() -> None:
    code = "import sys, crawler.items, crawler.extract.cli; print('scrapy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"
