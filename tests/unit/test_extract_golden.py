"""Every fixture page under tests/fixtures/<site key>/articles/ against its reviewed golden JSON, for every
site that has fixtures; each site's fixtures cover every template of the site, and its listing pages
(`listing-*.html`) are recognised as not articles.

`<name>.html` is a saved page, `<name>.json` the Article expected after `normalise_article`; its `url`
field is the URL the page is extracted for. To write the JSON of a new or changed fixture (then review
it line by line before committing):

    PYTHONPATH=. .venv/bin/python tests/unit/test_extract_golden.py SITE_KEY NAME URL
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.extract import extract_article
from crawler.normalise.article import normalise_article
from crawler.sites import SITES
from crawler.sites.base import Site

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = sorted(FIXTURES.glob("*/articles/*.html"))
MIN_PAGES_PER_SITE = 5
# The parser value of a page recognised as not an article (a listing): crawler.extract.generic.NOT_ARTICLE.
NOT_ARTICLE = "generic.v1.not_article"


def extracted(page: Path, url: str) -> dict[str, Any]:
    return normalise_article(extract_article(page.read_bytes(), url).to_dict())


def as_json(article: dict[str, Any]) -> str:
    return json.dumps(article, ensure_ascii=False, indent=2) + "\n"


def site_pages(site: Site) -> list[Path]:
    return sorted((FIXTURES / site.key / "articles").glob("*.html"))


@pytest.mark.parametrize("site", [site for site in SITES if site_pages(site)], ids=lambda site: site.key)
def test_fixture_set_covers_every_template_of_the_site(site: Site) -> None:
    parsers = [json.loads(page.with_suffix(".json").read_text("utf-8"))["parser"] for page in site_pages(site)]
    articles = [parser for parser in parsers if parser != NOT_ARTICLE]
    assert set(articles) == {template.parser for template in site.templates}
    assert len(articles) >= MIN_PAGES_PER_SITE


def test_every_fixture_directory_is_a_registered_site() -> None:
    keys = {page.parents[1].name for page in PAGES}
    assert keys <= {site.key for site in SITES}


@pytest.mark.parametrize("page", PAGES, ids=[f"{page.parents[1].name}/{page.stem}" for page in PAGES])
def test_extraction_matches_golden(page: Path) -> None:
    expected = page.with_suffix(".json").read_text("utf-8")
    actual = as_json(extracted(page, json.loads(expected)["url"]))
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "golden", "extracted", lineterm="")
        pytest.fail(f"{page.name} differs from its golden JSON:\n" + "\n".join(diff))


if __name__ == "__main__":
    key, name, url = sys.argv[1:4]
    directory = FIXTURES / key / "articles"
    target = directory / f"{name}.json"
    target.write_text(as_json(extracted(directory / f"{name}.html", url)), "utf-8")
    print(f"wrote {target}: review it before committing")
