"""`--doc`, `--province`, `--merged`, the doc/doctype/province/date facets and reference-first ranking,
against the real server."""

from __future__ import annotations

import json
from collections.abc import Callable

from analyst_archive import SLUG_BY_ID, Run

Vnnews = Callable[..., Run]


def slugs(vnnews: Vnnews, *argv: str) -> list[str]:
    result = vnnews("search", *argv, "--jsonl", "--size", "50")
    assert result.code == 0, result.err
    return [SLUG_BY_ID[json.loads(line)["id"]] for line in result.out.splitlines()]


def facets(vnnews: Vnnews, *argv: str) -> dict[str, dict[str, int]]:
    result = vnnews(*argv, "--json")
    assert result.code == 0, result.err
    return {name: {b["key"]: b["count"] for b in buckets} for name, buckets in json.loads(result.out)["facets"].items()}


def test_query_naming_a_document_ranks_articles_citing_it_first(vnnews: Vnnews) -> None:
    for query in ("123/2020/NĐ-CP", "123/2020/nd-cp", "nghị định 123 / 2020 / ND - CP"):
        found = slugs(vnnews, query)
        assert set(found[:2]) == {"nd123", "nd123-variant"}, query
        assert "nd124" not in found[:2]


def test_doc_filter_accepts_any_spelling(vnnews: Vnnews) -> None:
    assert set(slugs(vnnews, "hóa đơn", "--doc", "123/2020/nđ-cp")) == {"nd123", "nd123-variant"}
    assert slugs(vnnews, "nghị quyết", "--doc", "57 - nq/tw") == ["nq57"]
    assert slugs(vnnews, "quyết định", "--doc", "1006/QD-UBND") == ["hcm"]


def test_doc_filter_rejects_a_value_that_is_no_reference(vnnews: Vnnews) -> None:
    result = vnnews("search", "x", "--doc", "hóa đơn")
    assert result.code == 9
    assert "not one document reference" in result.err


def test_doc_and_doctype_facets(vnnews: Vnnews) -> None:
    found = facets(vnnews, "facets", "--facet", "doc", "--facet", "doctype")
    assert found["doc"]["123/2020/NĐ-CP"] == 2
    assert found["doc"]["57-NQ/TW"] == 1
    assert found["doctype"]["Nghị định"] == 3
    assert found["doctype"]["Quyết định"] == 1


def test_province_filter_old_new_and_merged(vnnews: Vnnews) -> None:
    assert slugs(vnnews, "hội nghị", "--province", "ha nam") == ["nq57"]
    assert set(slugs(vnnews, "tỉnh", "--province", "Hà Nam", "--merged")) == {"nq57", "ninh-binh"}
    assert slugs(vnnews, "tỉnh", "--province", "Ninh Bình") == ["ninh-binh"]
    assert slugs(vnnews, "quyết định", "--province", "tp hcm") == ["hcm"]


def test_passing_body_mention_does_not_tag(vnnews: Vnnews) -> None:
    assert slugs(vnnews, "đoàn", "--province", "Đà Nẵng") == []


def test_unknown_province_is_a_bad_argument(vnnews: Vnnews) -> None:
    result = vnnews("search", "x", "--province", "Atlantis")
    assert result.code == 9
    assert "not a province" in result.err


def test_province_facet(vnnews: Vnnews) -> None:
    found = facets(vnnews, "facets", "--facet", "province")["province"]
    assert found["Hà Nam"] == 1
    assert found["Hồ Chí Minh"] == 1
    assert "Đà Nẵng" not in found


def test_date_facet_fits_the_range_of_the_matches(vnnews: Vnnews) -> None:
    assert set(facets(vnnews, "search", "hóa đơn", "--facet", "date")) == {"day"}  # all in March 2024
    assert set(facets(vnnews, "facets", "--facet", "date")) == {"month"}  # March 2024 to July 2025
    assert set(facets(vnnews, "facets", "--from", "2025", "--to", "2025", "--facet", "date")) == {"week"}
    assert set(facets(vnnews, "facets", "--facet", "year")) == {"year"}  # an explicit interval still works


def test_similar_finds_the_articles_on_the_same_subject_first(vnnews: Vnnews) -> None:
    result = vnnews("similar", "https://baochinhphu.vn/nd123.htm", "--json")
    assert result.code == 0, result.err
    found = [SLUG_BY_ID[hit["id"]] for hit in json.loads(result.out)["hits"]]
    assert set(found[:2]) == {"nd123-variant", "nd124"}  # invoices; decrees of the same year
    assert "nd123" not in found


def test_similar_of_an_unknown_article_is_not_found(vnnews: Vnnews) -> None:
    result = vnnews("similar", "https://example.vn/none.htm")
    assert result.code == 8
