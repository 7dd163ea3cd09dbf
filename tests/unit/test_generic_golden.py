"""Every page under tests/fixtures/generic/ (layouts no site profile covers) against its reviewed
expected JSON, through `extract_article` (their hosts are unknown, so the generic path extracts them).

`<name>.html` is the page, `<name>.json` what is expected after `normalise_article`:
- `url`: the URL the page is extracted for; `article`: false for a list of articles (category, tag,
  search, home page), which must come out as `generic.NOT_ARTICLE`;
- for an article, the fields `title`, `lead`, `agency_prefix`, `body`, `published_at`, `author`,
  `images` (compared exactly), and `leaks`: strings that must be in none of title, lead and body.
The benchmark (bench/bench_generic.py) scores the same files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawler.extract import extract_article
from crawler.extract.generic import NOT_ARTICLE, PARSER
from crawler.normalise.article import normalise_article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "generic"
PAGES = sorted(FIXTURES.glob("*.html"))
FIELDS = ("title", "lead", "agency_prefix", "body", "published_at", "author", "images")


def expected(page: Path) -> dict[str, Any]:
    return json.loads(page.with_suffix(".json").read_text("utf-8"))


def extracted(page: Path) -> dict[str, Any]:
    return normalise_article(extract_article(page.read_bytes(), expected(page)["url"]).to_dict())


def test_gold_set_has_a_dozen_articles_and_six_lists() -> None:
    kinds = [expected(page)["article"] for page in PAGES]
    assert kinds.count(True) >= 12
    assert kinds.count(False) >= 6


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_generic_extraction_matches_gold(page: Path) -> None:
    gold, article = expected(page), extracted(page)
    if not gold["article"]:
        assert article["parser"] == NOT_ARTICLE
        return
    assert article["parser"] == PARSER
    assert {name: article[name] for name in FIELDS} == {name: gold[name] for name in FIELDS}
    text = "\n".join([article["title"] or "", article["lead"] or "", *article["body"]])
    assert [leak for leak in gold["leaks"] if leak in text] == []
