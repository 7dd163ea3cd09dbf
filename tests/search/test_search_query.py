"""The request bodies of search_cli.query (the Python API other services import) and import costs."""

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from index import schema
from index.errors import BadQuery
from index.vietnamese import VIETNAM
from search_cli import build_search
from search_cli.dates import DateRange
from search_cli.options import SORT_ORDERS
from search_cli.query import RESCORE_WINDOW, SORTS, build_query

ROOT = Path(__file__).resolve().parents[2]


def ranking(body: dict) -> list[dict]:
    """The boosts of the second phase."""
    return body["rescore"]["query"]["rescore_query"]["bool"]["should"]


def should_boost(body: dict, field: str) -> float:
    return next(
        clause["multi_match"]["boost"]
        for clause in ranking(body)
        if "multi_match" in clause and clause["multi_match"]["fields"][0] == field
    )


def test_recall_gate_on_the_combined_folded_field() -> None:
    gate = build_search("thi dua ai quoc")["query"]["bool"]["must"][0]["bool"]
    words, pairs = (clause["match"] for clause in gate["should"])
    assert gate["minimum_should_match"] == 1
    assert list(words) == ["all_text"]
    assert list(pairs) == ["all_text.fcompound"]
    # an abbreviation and its expansion are one clause: a short query needs all of its clauses
    assert words["all_text"]["minimum_should_match"] == pairs["all_text.fcompound"]["minimum_should_match"] == "3<75%"


def test_combined_field_is_the_schema_copy_of_title_lead_and_body() -> None:
    assert schema.MAPPINGS["properties"]["all_text"]["analyzer"] == "vi_folded"
    assert all(schema.MAPPINGS["properties"][name]["copy_to"] == "all_text" for name in ("title", "lead", "body"))


def boosts(body: dict) -> list[dict]:
    """The ranking clauses, those grouped under a `bool` (the word-order ones) unfolded."""
    return [inner for clause in ranking(body) for inner in clause.get("bool", {}).get("should", [clause])]


def test_ranking_boosts_reward_only_fields_holding_the_query_as_typed() -> None:
    found = [clause["multi_match"] for clause in boosts(build_search("KTNN kiến nghị")) if "multi_match" in clause]
    spelling = [boost for boost in found if boost["type"] == "phrase"]
    pairs = [boost for boost in found if boost["type"] == "most_fields"]
    assert [boost["fields"][0] for boost in spelling] == ["title^3", "title.notone^3", "title.folded^3"]
    assert [boost["fields"][0] for boost in pairs] == ["title.compound^3", "title.fcompound^3"]
    assert all(boost["minimum_should_match"] == "3<75%" for boost in pairs)


def test_two_phases_recall_then_rescore_the_best_matches() -> None:
    body = build_search("y tế cơ sở")
    assert "should" not in body["query"]["bool"], "the first phase must not pay for the boosts"
    assert body["rescore"]["window_size"] == RESCORE_WINDOW
    assert body["rescore"]["query"]["score_mode"] == "total"
    assert body["sort"] == ["_score"], "Elasticsearch rescores only a sort by score"
    # a deep page is ranked by the same two phases down to its last hit
    assert build_search("x", size=100, page=5)["rescore"]["window_size"] == 500


def test_one_phase_query_scores_every_match_with_the_same_boosts() -> None:
    assert build_query("y tế cơ sở")["bool"]["should"] == ranking(build_search("y tế cơ sở"))


def test_date_sorts_skip_the_ranking_phase() -> None:
    body = build_search("y tế cơ sở", sort="newest")
    assert "rescore" not in body and "should" not in body["query"]["bool"]


def test_word_order_counts_in_every_spelling() -> None:
    """Phrases in the title and lead of the exact, tone-less and folded fields (a slop of 2 would let
    `sinh học` match `học sinh`); in the body, all the pairs of neighbouring words of a compound field."""
    order = [clause["bool"]["should"] for clause in ranking(build_search("y tế cơ sở")) if "bool" in clause]
    phrases = [phrase["multi_match"] for phrase, _ in order]
    assert [phrase["fields"] for phrase in phrases] == [
        ["title^3", "lead^2"], ["title.notone^3", "lead.notone^2"], ["title.folded^3", "lead.folded^2"]]
    assert all(phrase["type"] == "phrase" and phrase["slop"] < 2 for phrase in phrases)
    assert [pairs["match"] for _, pairs in order] == [
        {"body.compound": {"query": "y tế cơ sở", "operator": "and"}},
        {"body.fcompound": {"query": "y tế cơ sở", "operator": "and"}},
        {"body.fcompound": {"query": "y tế cơ sở", "operator": "and"}}]


def test_query_text_is_normalised_like_documents() -> None:
    nfd = "thi \u0111ua a\u0301i quo\u0302\u0301c"
    assert build_search(nfd) == build_search("thi đua ái quốc")
    assert build_search("thuỷ lợi") == build_search("thủy lợi")


def test_exclusion_keeps_the_diacritics_the_user_typed() -> None:
    accented = build_search("x -hòa")["query"]["bool"]["must_not"][0]["multi_match"]
    plain = build_search("x -hoa")["query"]["bool"]["must_not"][0]["multi_match"]
    assert accented["fields"][0] == "title^3"
    assert plain["fields"][0] == "title.folded^3"


def test_facets_only_body() -> None:
    body = build_search(None, facets=["month", "site"], size=0)
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert "highlight" not in body
    assert body["aggs"]["month"]["date_histogram"]["time_zone"] == "Asia/Ho_Chi_Minh"
    assert body["aggs"]["site"] == {"terms": {"field": "site", "size": 20}}


def test_histogram_bounds_cover_the_filtered_range_in_local_days() -> None:
    dates = DateRange(datetime(2023, 3, 1, tzinfo=VIETNAM), datetime(2023, 8, 1, tzinfo=VIETNAM))
    histogram = build_search("x", dates=dates, facets=["month"])["aggs"]["month"]["date_histogram"]
    assert histogram["extended_bounds"] == {"min": "2023-03-01", "max": "2023-07-31"}
    assert histogram["min_doc_count"] == 0
    date_filter = build_search("x", dates=dates)["query"]["bool"]["filter"][0]
    assert date_filter == {
        "range": {"published_at": {"gte": "2023-03-01T00:00:00.000+07:00", "lt": "2023-08-01T00:00:00.000+07:00"}}
    }


def test_pages() -> None:
    body = build_search("x", size=20, page=3, sort="newest")
    assert (body["from"], body["size"]) == (40, 20)
    assert body["sort"][0] == {"published_at": {"order": "desc", "missing": "_last"}}


def test_bad_syntax_raises_bad_query() -> None:
    with pytest.raises(BadQuery):
        build_search('"open')


def run_python(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        check=True,
    ).stdout


def test_cli_import_loads_neither_scrapy_nor_the_elasticsearch_client() -> None:
    loaded = run_python(
        "import sys, search_cli.cli, search_cli.main; "
        "print(sorted(m for m in ('scrapy', 'twisted', 'elasticsearch') if m in sys.modules))"
    )
    assert loaded.strip() == "[]"


def test_help_loads_neither_the_query_builder_nor_dates_nor_output() -> None:
    """`vnnews search --help` answers in about the time Python starts: argparse and search_cli.options only."""
    shown = run_python(
        "import sys\nfrom search_cli import main\ntry:\n    main.main(['search', '--help'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('search_cli.', 'index.', 'dateutil', 'dataclasses'))))"
    )
    assert "usage: vnnews search" in shown
    assert shown.splitlines()[-1] == "['index.errors', 'search_cli.cli', 'search_cli.main', 'search_cli.options']"


def test_sort_orders_offered_are_the_ones_built() -> None:
    assert tuple(SORTS) == SORT_ORDERS


def test_query_builder_import_is_light() -> None:
    loaded = run_python("import sys; from search_cli import build_search; print('scrapy' in sys.modules)")
    assert loaded.strip() == "False"
