"""The fixture pages proposed for the demo archive (tests/fixtures/syndication/) go through extraction,
normalisation and the enrich pipeline with the references, provinces and syndication they are for."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.extract import extract_article
from crawler.normalise.article import normalise_article
from crawler.pipelines.enrich import EnrichPipeline
from index.copies import SyndicationGroups
from index.writer import document_id

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "syndication"


def enriched() -> list[dict]:
    """The pages in the order of pages.json, enriched and grouped as the crawler's pipelines do."""
    urls = json.loads((PAGES / "pages.json").read_text(encoding="utf-8"))["pages"]
    groups = SyndicationGroups(lookup=False)
    articles = []
    for name, url in urls.items():
        article = EnrichPipeline().process_item(
            normalise_article(extract_article((PAGES / name).read_bytes(), url).to_dict()))
        article.update(groups.assign(document_id(article["canonical_url"]), article))
        articles.append(article)
    return articles


def test_demo_pages_carry_references_provinces_and_one_syndicated_story() -> None:
    pages = enriched()
    story, copy, other = pages
    assert story["doc_refs"] == ["66-NQ/TW", "119-KL/TW", "123/2020/NĐ-CP"]
    assert other["provinces"] == ["Hà Nam"] and other["province_new"] == ["Ninh Bình"]
    assert story["syndication_group"] == copy["syndication_group"] != other["syndication_group"]
    assert story["site"] != copy["site"]
    assert len({page["canonical_url"] for page in pages}) == 3
