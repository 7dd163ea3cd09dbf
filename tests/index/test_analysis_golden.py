"""Golden analysis tests on the real server with the vnnews plugin: `_analyze` on an index created with
the schema, and searches that the analysis must make succeed.

The searches use minimal queries on purpose (the relevance logic belongs to search_cli.query): a
`match` on one sub-field, or for ranking the smallest useful shape, a recall gate on `.folded`
(`must`) plus the accented field as a boosted `should`, so accented matches rank first.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from index.config import IndexNames
from index.writer import BulkWriter

CASES = Path(__file__).resolve().parents[1] / "cases" / "vietnamese-normalisation.tsv"


def decode(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda escape: chr(int(escape.group(1), 16)), text)


def table_rows(operation: str) -> list[tuple[str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        op, source, expected, *_ = line.split("\t")
        if op == operation:
            rows.append((decode(source), decode(expected)))
    return rows


# The table's expectations are strings (punctuation kept); the analyzers' tokens are compared with what
# the server's plain `standard` analyzer makes of the expected string.
def tokens(es: Elasticsearch, names: IndexNames, analyzer: str, text: str | list[str]) -> list[str]:
    analysis = es.indices.analyze(index=names.read_alias, analyzer=analyzer, text=text)
    return [token["token"] for token in analysis["tokens"]]


def field_tokens(es: Elasticsearch, names: IndexNames, field: str, text: list[str]) -> list[str]:
    return [token["token"] for token in es.indices.analyze(index=names.read_alias, field=field, text=text)["tokens"]]


@pytest.mark.parametrize("spelling", ["Hoà Bình", "Hòa Bình", "HOÀ BÌNH", "Hoa\u0300 Bi\u0300nh", "hoà bình"])
def test_every_spelling_of_hoa_binh_gives_the_same_exact_tokens(es, created, spelling):
    assert tokens(es, created, "vi_exact", spelling) == ["hòa", "bình"]


def test_folded_tokens_have_no_diacritics(es, created):
    assert tokens(es, created, "vi_folded", "Đà Nẵng") == ["da", "nang"]


@pytest.mark.parametrize(("source", "expected"), table_rows("normalize"))
def test_case_table_normalize_rows_on_vi_exact(es, created, source, expected):
    assert tokens(es, created, "vi_exact", source) == tokens(es, created, "standard", expected)


@pytest.mark.parametrize(("source", "expected"), table_rows("fold"))
def test_case_table_fold_rows_on_vi_folded(es, created, source, expected):
    assert tokens(es, created, "vi_folded", source) == tokens(es, created, "standard", expected)


@pytest.mark.parametrize(("source", "expected"), table_rows("strip_tones"))
def test_case_table_strip_tones_rows_on_vi_notone(es, created, source, expected):
    assert tokens(es, created, "vi_notone", source) == tokens(es, created, "standard", expected)


def test_compounds_never_cross_a_sentence(es, created):
    text = "Đoàn công tác đến Hà Nội. Bộ trưởng phát biểu"
    compounds = tokens(es, created, "vi_compound", text)
    assert {"hà nội", "bộ trưởng", "phát biểu"} <= set(compounds)
    assert "nội bộ" not in compounds
    folded = tokens(es, created, "vi_folded_compound", text)
    assert {"ha noi", "bo truong"} <= set(folded)
    assert "noi bo" not in folded


def test_compounds_never_cross_paragraphs(es, created):
    paragraphs = ["Đoàn công tác đến Hà Nội", "Bộ trưởng phát biểu"]
    assert "nội bộ" not in field_tokens(es, created, "body.compound", paragraphs)
    assert "noi bo" not in field_tokens(es, created, "body.fcompound", paragraphs)


def test_unaccented_compound_equals_the_accented_one(es, created):
    assert (
        tokens(es, created, "vi_folded_compound", "ha noi")
        == tokens(es, created, "vi_folded_compound", "Hà Nội")
        == ["ha noi"]
    )


def test_query_analyzer_expands_abbreviations(es, created):
    assert {"ubnd", "ủy", "ban", "nhân", "dân"} <= set(tokens(es, created, "vi_exact_search", "UBND"))
    assert "ubnd" in tokens(es, created, "vi_exact_search", "Ủy ban nhân dân")
    assert "ubnd" not in tokens(es, created, "vi_exact", "Ủy ban nhân dân")


TITLES = {
    "hanoi": "Hội nghị tổng kết tại Hà Nội",
    "thidua": "Phát động phong trào thi đua ái quốc",
    "ubnd-spelled": "Ủy ban nhân dân TP Hà Nội họp phiên thường kỳ",
    "ubnd-short": "UBND TP. Hà Nội ban hành kế hoạch",
    "danang": "Ủy ban nhân dân TP Đà Nẵng họp phiên thường kỳ",
    "hoa-peace": "Hòa bình lập lại",
    "hoa-flower": "Hoa hồng nở rộ",
    "hoa-chemistry": "Hóa học ứng dụng",
}


@pytest.fixture
def articles(es: Elasticsearch, created: IndexNames, make_article) -> IndexNames:
    with BulkWriter(es) as bulk:
        for key, title in TITLES.items():
            url = f"https://baokiemtoan.vn/{key}.html"
            bulk.add(make_article(0, url=url, canonical_url=url, title=title, lead=None, body=[title]))
        url = "https://baokiemtoan.vn/paragraphs.html"
        bulk.add(make_article(0, url=url, canonical_url=url, body=["Đoàn công tác đến Hà Nội", "Bộ trưởng phát biểu"]))
    assert bulk.report.indexed == len(TITLES) + 1
    es.indices.refresh(index=created.read_alias)
    return created


def found(es: Elasticsearch, names: IndexNames, query: dict) -> list[str]:
    hits = es.search(index=names.read_alias, query=query, size=20)["hits"]["hits"]
    return [hit["_source"]["canonical_url"].rsplit("/", 1)[1].removesuffix(".html") for hit in hits]


def match_all_words(field: str, text: str) -> dict:
    return {"match": {field: {"query": text, "operator": "and"}}}


def test_unaccented_query_finds_accented_title(es, articles):
    assert set(found(es, articles, match_all_words("title.folded", "ha noi"))) == {
        "hanoi",
        "ubnd-spelled",
        "ubnd-short",
    }
    assert found(es, articles, match_all_words("title.folded", "thi dua ai quoc")) == ["thidua"]


@pytest.mark.parametrize("field", ["title", "title.folded"])
def test_abbreviation_finds_spelled_out_form_and_back(es, articles, field):
    assert set(found(es, articles, match_all_words(field, "UBND Hà Nội"))) == {"ubnd-spelled", "ubnd-short"}
    assert set(found(es, articles, match_all_words(field, "Ủy ban nhân dân Hà Nội"))) == {"ubnd-spelled", "ubnd-short"}


def test_accented_query_ranks_the_accented_word_first(es, articles):
    query = {
        "bool": {
            "must": {"match": {"title.folded": "hòa"}},
            "should": {"match": {"title": {"query": "hòa", "boost": 2}}},
        }
    }
    hits = es.search(index=articles.read_alias, query=query)["hits"]["hits"]
    assert hits[0]["_source"]["title"] == TITLES["hoa-peace"]
    assert len(hits) == 3
    assert hits[0]["_score"] > hits[1]["_score"]


def test_phrases_and_compounds_never_join_paragraphs(es, articles):
    assert "paragraphs" in found(es, articles, {"match_phrase": {"body": "Hà Nội"}})
    assert found(es, articles, {"match_phrase": {"body": "nội bộ"}}) == []
    assert found(es, articles, {"match": {"body.compound": "nội bộ"}}) == []


def test_title_keyword_ignores_case(es, articles):
    assert found(es, articles, {"term": {"title.kw": "HÒA BÌNH LẬP LẠI"}}) == ["hoa-peace"]
