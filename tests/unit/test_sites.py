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
from crawler.sites.bkto import AGENCY_PREFIX, DISCOVERY, SITE, LegacyV1, PortalV1

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
        ("https://baokiemtoan.vn/ky-niem-30-nam-thanh-lap-ktnn-ptag.html", False, False),
        ("https://example.com/vi/bai-viet/a", False, False),
    ],
)
def test_url_patterns(url: str, article: bool, listing: bool) -> None:
    assert (SITE.is_article_url(url), SITE.is_listing_url(url)) == (article, listing)


def test_discovery_templates_format_into_site_urls() -> None:
    slug = DISCOVERY.category_slugs[0]
    assert SITE.is_listing_url(DISCOVERY.listing_url.format(slug=slug))
    assert DISCOVERY.more_url.format(slug=slug, page=2).startswith(DISCOVERY.listing_url.format(slug=slug))
    assert all(site_for_url(url) is SITE for url in DISCOVERY.start_urls + DISCOVERY.sitemap_urls)
    assert len(set(DISCOVERY.category_slugs)) == len(DISCOVERY.category_slugs)


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
