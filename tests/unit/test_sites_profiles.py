"""The profiled sites as data: hosts, article and listing URL patterns, agency prefixes, and templates shared
through their CMS family rather than copied."""

from __future__ import annotations

import re

import pytest

from crawler.sites import SITES, chinhphu, hanoigov, nhandan, qdnd, site_for_url, vietnamplus
from crawler.sites.base import Site
from crawler.sites.families.cms import CmsArticle
from crawler.sites.families.detail import DetailArticle

PROFILED = [chinhphu.SITE, hanoigov.SITE, nhandan.SITE, vietnamplus.SITE, qdnd.SITE]


def test_every_profile_is_registered_once() -> None:
    assert all(site in SITES for site in PROFILED)
    assert len({site.key for site in SITES}) == len(SITES)
    assert len({site.domain for site in SITES}) == len(SITES)


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://baochinhphu.vn/a-102260815065400123.htm", chinhphu.SITE),
        ("https://www.baochinhphu.vn/a-102260815065400123.htm", chinhphu.SITE),
        ("https://hanoi.gov.vn/chi-dao-dieu-hanh/a-4251126103005112.htm", hanoigov.SITE),
        ("https://nhandan.vn/a-post1.html", nhandan.SITE),
        ("https://www.vietnamplus.vn/a-post1.vnp", vietnamplus.SITE),
        ("https://vietnamplus.vn/a-post1.vnp", vietnamplus.SITE),
        ("https://www.qdnd.vn/chinh-tri/tin-tuc/a-1052548", qdnd.SITE),
        ("https://qdnd.vn/chinh-tri/tin-tuc/a-1052548", qdnd.SITE),
    ],
)
def test_hosts_map_to_their_site(url: str, site: Site) -> None:
    assert site_for_url(url) is site


@pytest.mark.parametrize(
    "url",
    [
        "https://en.baochinhphu.vn/a-111260913080000123.htm",
        "https://chinhphu.vn/?pageid=27160&docid=1",
        "https://soyte.hanoi.gov.vn/tin-tuc/a-4250720100000111.htm",
        "https://en.nhandan.vn/a-post1.html",
        "https://cn.nhandan.vn/a-post1.html",
        "https://en.vietnamplus.vn/a-post1.vnp",
        "https://en.qdnd.vn/a-1",
    ],
)
def test_language_editions_and_sub_portals_are_not_the_sites(url: str) -> None:
    assert site_for_url(url) is None


@pytest.mark.parametrize(
    ("site", "url", "article", "listing"),
    [
        (chinhphu.SITE, "https://baochinhphu.vn/thu-tuong-hoi-dam-102260815065400123.htm", True, False),
        (chinhphu.SITE, "https://baochinhphu.vn/kinh-te.htm", False, True),
        (chinhphu.SITE, "https://baochinhphu.vn/kinh-te/ngan-hang.htm", False, True),
        (chinhphu.SITE, "https://baochinhphu.vn/timelinelist/1027/2.htm", False, False),
        (chinhphu.SITE, "https://baochinhphu.vn/chu-de/chuyen-doi-so-123.htm", False, False),
        (chinhphu.SITE, "https://baochinhphu.vn/home.rss", False, False),
        (hanoigov.SITE, "https://hanoi.gov.vn/tin-so-nganh/so-y-te-4251015161512345.htm", True, False),
        (hanoigov.SITE, "https://hanoi.gov.vn/chi-dao-dieu-hanh", False, True),
        (hanoigov.SITE, "https://hanoi.gov.vn/lien-he", False, False),
        (nhandan.SITE, "https://nhandan.vn/xay-dung-nen-van-hoa-post845123.html", True, False),
        (nhandan.SITE, "https://nhandan.vn/api/morenews-zone-1171-1.html?phrase=", False, True),
        (nhandan.SITE, "https://nhandan.vn/chinhtri", False, False),
        (nhandan.SITE, "https://nhandan.vn/tu-khoa/van-hoa-tag1.html", False, False),
        (vietnamplus.SITE, "https://www.vietnamplus.vn/chi-so-gia-post1077320.vnp", True, False),
        (vietnamplus.SITE, "https://www.vietnamplus.vn/ngan-hang-nha-nuoc/630155.vnp", True, False),
        (vietnamplus.SITE, "https://www.vietnamplus.vn/tags/apec.vnp", False, False),
        (qdnd.SITE, "https://www.qdnd.vn/chinh-tri/tin-tuc/dai-tuong-1052548", True, False),
        (qdnd.SITE, "https://www.qdnd.vn/chinh-tri/tin-tuc", False, True),
        (qdnd.SITE, "https://www.qdnd.vn/quoc-phong-an-ninh", False, True),
        (qdnd.SITE, "https://www.qdnd.vn/chinh-tri/tin-tuc/p/2", False, False),
        (qdnd.SITE, "https://www.qdnd.vn/tim-kiem", False, False),
    ],
)
def test_url_patterns(site: Site, url: str, article: bool, listing: bool) -> None:
    assert (site.is_article_url(url), site.is_listing_url(url)) == (article, listing)


@pytest.mark.parametrize("site", PROFILED, ids=lambda site: site.key)
def test_declared_listing_pages_are_recognised_as_themselves(site: Site) -> None:
    for listing in site.discovery.listings:
        assert len(set(listing.slugs)) == len(listing.slugs)
        for slug in listing.slugs:
            url = listing.page_url.format(slug=slug, page=1, zone="1")
            assert site.listing_for(url) == (listing, slug)
            assert not site.is_article_url(url)
            assert site_for_url(listing.more_url.format(slug=slug, page=2, zone="1")) is site


@pytest.mark.parametrize(
    ("site", "lead", "agency", "rest"),
    [
        (chinhphu.SITE, "(Chinhphu.vn) - Sáng 15/8", "Chinhphu.vn", "Sáng 15/8"),
        (chinhphu.SITE, "(Chinhphu.vn)- Sáng 15/8", "Chinhphu.vn", "Sáng 15/8"),
        (hanoigov.SITE, "(Hanoi.gov.vn) – Chiều 8/8", "Hanoi.gov.vn", "Chiều 8/8"),
        (nhandan.SITE, "NDO - Ngày 26/10", "NDO", "Ngày 26/10"),
        (nhandan.SITE, "NDĐT– Ngày 26/10", "NDĐT", "Ngày 26/10"),
        (vietnamplus.SITE, "(TTXVN/Vietnam+) - Sau đợt mưa lũ", "TTXVN/Vietnam+", "Sau đợt mưa lũ"),
        (vietnamplus.SITE, "Vietnam+ - Sau đợt mưa lũ", "Vietnam+", "Sau đợt mưa lũ"),
        (qdnd.SITE, "QĐND - Chiều 14/7", "QĐND", "Chiều 14/7"),
        (qdnd.SITE, "QĐND Online - Ngày 20/11", "QĐND Online", "Ngày 20/11"),
    ],
)
def test_agency_prefixes(site: Site, lead: str, agency: str, rest: str) -> None:
    match = site.agency_prefix.match(lead)
    assert match and match["agency"] == agency and lead[match.end() :] == rest


@pytest.mark.parametrize(
    ("site", "lead"),
    [(qdnd.SITE, "Quân đội - nhân dân"), (nhandan.SITE, "NDO là tên cũ"), (chinhphu.SITE, "Chính phủ - Sáng 15/8")],
)
def test_text_that_only_looks_like_a_prefix_is_kept(site: Site, lead: str) -> None:
    assert site.agency_prefix.match(lead) is None


@pytest.mark.parametrize("site", PROFILED, ids=lambda site: site.key)
def test_templates_are_named_per_site_and_distinct(site: Site) -> None:
    parsers = [template.parser for template in site.templates]
    assert len(set(parsers)) == len(parsers)
    assert all(re.fullmatch(rf"{site.key}\.[a-z]+\.v\d+", parser) for parser in parsers)


def test_sites_of_one_family_share_its_template() -> None:
    assert issubclass(chinhphu.Article, DetailArticle) and issubclass(hanoigov.Article, DetailArticle)
    assert issubclass(nhandan.Article, CmsArticle) and issubclass(vietnamplus.Article, CmsArticle)
    # The family's own selectors, not copies: only what differs is written in the site module.
    assert chinhphu.Article.body is DetailArticle.body and nhandan.Article.body is CmsArticle.body
    assert "parser" not in vars(DetailArticle) and "parser" not in vars(CmsArticle)
