"""Every fixture page under tests/fixtures/bkto/articles/ against its reviewed golden JSON.

`<name>.html` is a saved page, `<name>.json` the Article expected after `normalise_article`; its `url`
field is the URL the page is extracted for. To write the JSON of a new or changed fixture (then review
it line by line before committing):

    PYTHONPATH=. .venv/bin/python tests/unit/test_extract_golden.py NAME URL
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

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bkto" / "articles"
PAGES = sorted(FIXTURES.glob("*.html"))


def extracted(page: Path, url: str) -> dict[str, Any]:
    return normalise_article(extract_article(page.read_bytes(), url).to_dict())


def as_json(article: dict[str, Any]) -> str:
    return json.dumps(article, ensure_ascii=False, indent=2) + "\n"


def test_fixture_set_covers_both_templates() -> None:
    parsers = {json.loads(page.with_suffix(".json").read_text("utf-8"))["parser"] for page in PAGES}
    assert parsers == {"bkto.legacy.v1", "bkto.portal.v1"}
    assert len(PAGES) >= 6


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_extraction_matches_golden(page: Path) -> None:
    expected = page.with_suffix(".json").read_text("utf-8")
    actual = as_json(extracted(page, json.loads(expected)["url"]))
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "golden", "extracted", lineterm="")
        pytest.fail(f"{page.name} differs from its golden JSON:\n" + "\n".join(diff))


if __name__ == "__main__":
    name, url = sys.argv[1:3]
    target = FIXTURES / f"{name}.json"
    target.write_text(as_json(extracted(FIXTURES / f"{name}.html", url)), "utf-8")
    print(f"wrote {target}: review it before committing")
