"""`vnnews search | facets | show | export` against a real Elasticsearch with the vnnews plugin."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from search_archive import ARTICLES, SLUG_BY_ID, FakeTerminal, Run, article_id

from search_cli import cli

ROOT = Path(__file__).resolve().parents[2]
Vnnews = Callable[..., Run]
SearchIds = Callable[..., list[str]]

# --- matching and ranking -------------------------------------------------------------------------


def test_unaccented_accented_and_nfd_queries_find_the_same_articles(search_ids: SearchIds) -> None:
    nfd = unicodedata.normalize("NFD", "thi đua ái quốc")
    found = [set(search_ids(query)) for query in ("thi dua ai quoc", "thi đua ái quốc", nfd, "THI ĐUA ÁI QUỐC")]
    assert found[0] == {"thi-dua", "khong-dau"}
    assert all(ids == found[0] for ids in found)


def test_accented_query_ranks_accented_spelling_first(search_ids: SearchIds) -> None:
    assert search_ids("thi đua ái quốc")[0] == "thi-dua"
    assert search_ids("hòa bình")[0] == "hoa-binh"
    assert search_ids("hoa hồng")[0] == "hoa-hong"


def test_old_tone_placement_matches_new(search_ids: SearchIds) -> None:
    assert search_ids("hoà bình")[0] == "hoa-binh"


def test_phrase_requires_adjacent_words(search_ids: SearchIds) -> None:
    assert set(search_ids("kết quả kiểm toán")) >= {"ktnn", "noi-bo"}
    assert set(search_ids('"kết quả kiểm toán"')) == {"ktnn"}
    assert set(search_ids('"ket qua kiem toan"')) == {"ktnn"}


def test_official_names_and_their_abbreviations_find_each_other(search_ids: SearchIds) -> None:
    # the plugin expands the name to KTNN at query time, so the name's words count as one unit
    assert set(search_ids("kiểm toán nhà nước")) == {"ktnn", "thi-dua", "covid"}
    assert set(search_ids("ktnn")) == {"ktnn", "thi-dua", "covid"}


def test_exclusion_of_word_and_phrase(search_ids: SearchIds) -> None:
    assert "covid" in search_ids("kiểm toán")
    assert "covid" not in search_ids("kiểm toán -covid")
    assert "noi-bo" not in search_ids('kiểm toán -"nội bộ"')
    assert "noi-bo" not in search_ids('kiểm toán -"noi bo"')


def test_accented_exclusion_spares_other_spellings(search_ids: SearchIds) -> None:
    assert search_ids("hoa -hòa") == ["hoa-hong"]


def test_or_between_phrases(search_ids: SearchIds) -> None:
    assert set(search_ids('"hà nội" OR "đà nẵng" lễ OR khách')) == {"ha-noi", "da-nang"}
    assert set(search_ids('"ha noi" OR "da nang"')) >= {"ha-noi", "da-nang"}


# --- dates and filters ----------------------------------------------------------------------------

DATED = ("bản", "tin", "lưu", "trữ")  # every article contains these words


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--from", "2023-04-30", "--to", "2023-04-30"], {"thi-dua"}),
        (["--from", "30/04/2023", "--to", "30/04/2023"], {"thi-dua"}),
        (["--to", "2023-04"], {"thi-dua"}),  # 23:30 on 30 April, Vietnam time, is still April
        (["--from", "2023-05", "--to", "05/2023"], {"khong-dau"}),  # 00:30 on 1 May is May
        (["--from", "2023", "--to", "2023"], {"thi-dua", "khong-dau", "hoa-binh", "hoa-hong"}),
        (["--since", "7d"], {"recent"}),
        (["--since", "3m"], {"recent", "last-month"}),
        (["--since", "1w"], {"recent"}),
        (["--since", "72h"], {"recent"}),
    ],
)
def test_date_filters(search_ids: SearchIds, options: list[str], expected: set[str]) -> None:
    assert set(search_ids(*DATED, *options)) == expected


def test_site_category_and_author_filters(search_ids: SearchIds) -> None:
    assert set(search_ids(*DATED, "--site", "BAOCHINHPHU.vn")) == {"khong-dau"}
    assert set(search_ids(*DATED, "--site", "quochoi.vn", "--site", "baochinhphu.vn")) == {"khong-dau", "hoa-binh"}
    assert set(search_ids(*DATED, "--category", "thoi su")) == {"khong-dau", "recent", "last-month"}
    assert set(search_ids(*DATED, "--category", "Kết quả kiểm toán")) == {"ktnn"}
    assert set(search_ids(*DATED, "--author", "nguyen van hung")) == {"thi-dua"}
    assert set(search_ids(*DATED, "--author", "Trần Thị Mai", "--category", "kiem toan")) == {"ktnn"}


def test_sort_orders(search_ids: SearchIds) -> None:
    by_date = sorted(ARTICLES, key=lambda slug: ARTICLES[slug]["published_at"])
    assert search_ids(*DATED, "--sort", "oldest") == by_date
    assert search_ids(*DATED, "--sort", "newest")[:3] == ["recent", "last-month", "da-nang"]


def test_pages(vnnews: Vnnews) -> None:
    first = json.loads(vnnews("search", *DATED, "--sort", "oldest", "--size", "2", "--json").out)
    second = json.loads(vnnews("search", *DATED, "--sort", "oldest", "--size", "2", "--page", "2", "--json").out)
    assert [SLUG_BY_ID[hit["id"]] for hit in first["hits"] + second["hits"]] == ["thi-dua", "khong-dau",
                                                                                  "hoa-binh", "hoa-hong"]
    assert first["total"] == len(ARTICLES)


# --- facets ---------------------------------------------------------------------------------------


def facets_of(vnnews: Vnnews, *argv: str) -> dict:
    result = vnnews(*argv, "--json")
    assert result.code == 0, result.err
    return {name: {b["key"]: b["count"] for b in buckets} for name, buckets in json.loads(result.out)["facets"].items()}


def test_month_facet_fills_empty_buckets_over_the_range(vnnews: Vnnews) -> None:
    months = facets_of(vnnews, "search", *DATED, "--from", "2023-03", "--to", "2023-08", "--facet", "month")["month"]
    assert months == {"2023-03-01": 0, "2023-04-01": 1, "2023-05-01": 1, "2023-06-01": 2, "2023-07-01": 0,
                      "2023-08-01": 0}


def test_day_facet_buckets_in_vietnam_time(vnnews: Vnnews) -> None:
    days = facets_of(vnnews, "search", *DATED, "--from", "2023-04-29", "--to", "2023-05-02", "--facet", "day")["day"]
    assert days == {"2023-04-29": 0, "2023-04-30": 1, "2023-05-01": 1, "2023-05-02": 0}


def test_week_and_year_facets(vnnews: Vnnews) -> None:
    facets = facets_of(vnnews, "search", *DATED, "--from", "2023", "--to", "2024", "--facet", "week", "--facet", "year")
    assert facets["year"] == {"2023-01-01": 4, "2024-01-01": 5}
    assert facets["week"]["2023-04-24"] == 1  # Monday of the week holding 30 April
    assert facets["week"]["2023-05-01"] == 1
    assert len(facets["week"]) >= 104


def test_histogram_without_range_spans_the_data(vnnews: Vnnews) -> None:
    years = facets_of(vnnews, "facets", "--facet", "year")["year"]
    assert min(years) == "2023-01-01"
    assert sum(years.values()) == len(ARTICLES)
    # one bucket per year from the oldest article to the newest, empty years included
    newest = max(int(article["published_at"][:4]) for article in ARTICLES.values())
    assert list(years) == [f"{year}-01-01" for year in range(2023, newest + 1)]


def test_facets_command_defaults_to_month_site_category(vnnews: Vnnews) -> None:
    facets = facets_of(vnnews, "facets")
    assert set(facets) == {"month", "site", "category"}
    assert facets["site"]["baokiemtoan.vn"] == 9
    assert facets["category"]["Kiểm toán"] == 3
    assert list(facets["site"].values()) == sorted(facets["site"].values(), reverse=True)


def test_facets_command_with_filters(vnnews: Vnnews) -> None:
    facets = facets_of(vnnews, "facets", "--site", "quochoi.vn", "--facet", "category")
    assert facets == {"category": {"Đối ngoại": 1}}


def test_facets_as_bar_chart(vnnews: Vnnews) -> None:
    result = vnnews("facets", "--from", "2023-04", "--to", "2023-06", "--facet", "month", "--facet", "site")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].startswith(f"{len(ARTICLES) - 7} articles")
    month_lines = [line for line in lines if line.strip().startswith(("04/2023", "05/2023", "06/2023"))]
    assert [line.split()[:2] for line in month_lines] == [["04/2023", "1"], ["05/2023", "1"], ["06/2023", "2"]]
    assert month_lines[2].count("█") > month_lines[0].count("█") > 0


# --- output formats -------------------------------------------------------------------------------


def test_readable_list(vnnews: Vnnews) -> None:
    result = vnnews("search", "thi dua ai quoc", "--facet", "month")
    assert result.code == 0
    assert "\x1b[" not in result.out  # captured output is not a terminal
    assert "2 results" in result.out
    assert "30/04/2023 23:30 · baokiemtoan.vn · Thi đua - Khen thưởng" in result.out
    assert "*thi* *đua* *ái* *quốc*" in result.out.lower()  # matched words of accented text are marked
    assert "https://baokiemtoan.vn/tin-tuc/thi-dua.html" in result.out
    assert "articles per month" in result.out


def test_readable_list_fits_the_terminal(vnnews: Vnnews, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    lines = vnnews("search", "kiểm toán", "--facet", "category").out.splitlines()
    assert max(len(line) for line in lines if not line.strip().startswith("https://")) <= 50


def run_on_terminal(monkeypatch: pytest.MonkeyPatch, *argv: str) -> str:
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(list(argv)) == 0
    return terminal.getvalue()


def test_colour_on_a_terminal(archive_env: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    shown = run_on_terminal(monkeypatch, "search", "thi đua", "--facet", "site")
    assert "\x1b[1;33mthi\x1b[0m" in shown.lower()


def test_no_color_on_a_terminal(archive_env: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    shown = run_on_terminal(monkeypatch, "search", "thi đua", "--facet", "site")
    assert "\x1b[" not in shown
    assert "*thi*" in shown.lower()


def test_json(vnnews: Vnnews) -> None:
    result = json.loads(vnnews("search", "thi dua ai quoc", "--facet", "site", "--json").out)
    assert set(result) == {"total", "took", "hits", "facets"}
    assert result["total"] == 2
    hit = next(hit for hit in result["hits"] if hit["id"] == article_id("thi-dua"))
    assert hit["published_at"] == "2023-04-30T23:30:00+07:00"
    assert hit["title"] == ARTICLES["thi-dua"]["title"]
    assert set(hit["matched"]) >= {"thi", "đua", "ái", "quốc"}
    assert "\ue000" not in hit["snippet"]
    assert "thi đua ái quốc" in hit["snippet"]
    assert result["facets"]["site"] == [{"key": "baochinhphu.vn", "count": 1}, {"key": "baokiemtoan.vn", "count": 1}]


def test_accented_query_marks_only_its_spelling(vnnews: Vnnews) -> None:
    hits = json.loads(vnnews("search", "hoa hồng", "--json").out)["hits"]
    first = hits[0]
    assert SLUG_BY_ID[first["id"]] == "hoa-hong"
    assert first["matched"] == ["hoa", "hồng"]


def test_jsonl(vnnews: Vnnews) -> None:
    lines = vnnews("search", "kiểm toán", "--jsonl").out.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) >= 4
    assert all(set(record) >= {"id", "published_at", "site", "title", "url", "snippet"} for record in records)


def test_csv(vnnews: Vnnews) -> None:
    rows = list(csv.DictReader(io.StringIO(vnnews("search", "hòa bình", "--csv").out)))
    assert list(rows[0]) == ["id", "published_at", "site", "category", "author", "title", "url", "score", "snippet"]
    assert rows[0]["title"] == "Hòa bình và hợp tác trong khu vực"
    assert rows[0]["category"] == "Đối ngoại"


# --- show -----------------------------------------------------------------------------------------


def test_show_by_id_url_and_canonical_url(vnnews: Vnnews) -> None:
    article = ARTICLES["ktnn"]
    for key in (article_id("ktnn"), article["url"], article["canonical_url"]):
        result = vnnews("show", key, "--json")
        assert result.code == 0, result.err
        shown = json.loads(result.out)
        assert shown["id"] == article_id("ktnn")
        assert shown["body"] == article["body"]


def test_show_readable(vnnews: Vnnews) -> None:
    result = vnnews("show", ARTICLES["thi-dua"]["url"])
    assert result.code == 0
    assert result.out.splitlines()[0] == ARTICLES["thi-dua"]["title"]
    assert "30/04/2023 23:30 · baokiemtoan.vn · Thi đua - Khen thưởng · Nguyễn Văn Hùng" in result.out
    assert ARTICLES["thi-dua"]["body"][0] in result.out


def test_show_unknown_article_exits_8(vnnews: Vnnews) -> None:
    result = vnnews("show", "https://baokiemtoan.vn/khong-co.html")
    assert result.code == 8
    assert result.err.count("\n") == 1
    assert "no article" in result.err


# --- export ---------------------------------------------------------------------------------------


def test_export_streams_more_than_one_page(vnnews: Vnnews, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "EXPORT_PAGE_SIZE", 3)
    target = tmp_path / "all.jsonl"
    result = vnnews("export", *DATED, "--jsonl", "--output", str(target))
    assert result.code == 0, result.err
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert sorted(record["id"] for record in records) == sorted(map(article_id, ARTICLES))
    assert [record["published_at"] for record in records] == sorted(
        (record["published_at"] for record in records), reverse=True
    )
    assert records[-1]["body"] == ARTICLES["thi-dua"]["body"]
    assert result.err == f"exported {len(ARTICLES)} articles to {target}\n"  # not a terminal: one line


def test_export_csv_to_stdout(vnnews: Vnnews, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "EXPORT_PAGE_SIZE", 2)
    result = vnnews("export", "kiểm toán", "--csv", "--sort", "oldest")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert result.code == 0
    assert rows[0]["title"] == ARTICLES["thi-dua"]["title"]
    assert rows[0]["body"] == "\n\n".join(ARTICLES["thi-dua"]["body"])
    assert len(rows) == int(result.err.split()[1])


def test_export_progress_on_a_terminal(vnnews: Vnnews, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "EXPORT_PAGE_SIZE", 4)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert vnnews("export", *DATED, "--jsonl", "--output", str(tmp_path / "x.jsonl")).code == 0
    progress = terminal.getvalue()
    assert progress.count("\r") == 3
    assert f"{len(ARTICLES)}/{len(ARTICLES)} 100%" in progress


def open_search_contexts(es: Elasticsearch) -> int:
    """Search contexts the node keeps open, points in time included."""
    nodes = es.nodes.stats(metric="indices", index_metric="search")["nodes"]
    return sum(node["indices"]["search"]["open_contexts"] for node in nodes.values())


def test_export_closes_its_point_in_time(vnnews: Vnnews, es: Elasticsearch, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "EXPORT_PAGE_SIZE", 3)
    before = open_search_contexts(es)
    assert vnnews("export", *DATED, "--jsonl", "--output", str(tmp_path / "all.jsonl")).code == 0
    assert open_search_contexts(es) == before


def test_export_keeps_an_existing_file_when_the_index_is_missing(vnnews: Vnnews, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "earlier.jsonl"
    target.write_text("an earlier export\n", encoding="utf-8")
    monkeypatch.setenv("VNNEWS_INDEX", "test-search-never-created")
    assert vnnews("export", *DATED, "--jsonl", "--output", str(target)).code == 6
    assert target.read_text(encoding="utf-8") == "an earlier export\n"


def test_export_requires_a_format(vnnews: Vnnews) -> None:
    with pytest.raises(SystemExit) as raised:
        vnnews("export", "kiểm toán")
    assert raised.value.code == 2


# --- errors: one line on stderr and a distinct exit code -------------------------------------------


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["search", "x", "--from", "2023-13"], 3, "--from '2023-13' is not a date"),
        (["search", "x", "--since", "soon"], 3, "--since 'soon' is not a duration"),
        (["search", "x", "--since", "99999y"], 3, "--since '99999y' reaches back before the calendar starts"),
        (["facets", "--to", "tomorrow"], 3, "is not a date"),
        (["search", '"kiểm toán'], 4, "unbalanced quote"),
        (["search", "--", "-"], 4, "lone '-'"),
        (["search", "kiem*"], 4, "wildcards are not supported"),
        (["export", "a", "OR", "--jsonl"], 4, "OR needs a word"),
        (["search", "x", "--page", "1001"], 9, "past the first 10000 results"),
    ],
)
def test_bad_input_exit_codes(vnnews: Vnnews, argv: list[str], code: int, message: str) -> None:
    result = vnnews(*argv)
    assert result.code == code
    assert message in result.err
    assert result.err.count("\n") == 1
    assert result.out == ""


# demo and index: every command that talks to Elasticsearch shares index.config.elasticsearch_errors
@pytest.mark.parametrize("argv", [["search", "x"], ["facets"], ["show", "x"], ["export", "x", "--jsonl"],
                                  ["demo"], ["index", "status"]])
def test_unreachable_server_exits_5(vnnews: Vnnews, point_es_at: Callable[[str], None], closed_port: int,
                                    argv: list[str]) -> None:
    point_es_at(f"http://127.0.0.1:{closed_port}")
    result = vnnews(*argv)
    assert result.code == 5
    assert result.err.count("\n") == 1
    assert f"cannot reach Elasticsearch at http://127.0.0.1:{closed_port}" in result.err


@pytest.mark.parametrize("argv", [["search", "x"], ["facets"], ["show", "x"], ["export", "x", "--jsonl"]])
def test_missing_index_exits_6(vnnews: Vnnews, monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    monkeypatch.setenv("VNNEWS_INDEX", "test-search-never-created")
    result = vnnews(*argv)
    assert result.code == 6
    assert "'test-search-never-created' does not exist" in result.err
    assert result.err.count("\n") == 1


def test_errors_never_show_a_traceback_from_the_command_line(archive_env: object, closed_port: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ES_URL": f"http://127.0.0.1:{closed_port}"}
    env.pop("VNNEWS_DEBUG", None)
    completed = subprocess.run([sys.executable, "-m", "search_cli.main", "search", "thi dua"], env=env,
                               capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 5
    assert completed.stderr.startswith("vnnews search: error: cannot reach Elasticsearch")
    assert "Traceback" not in completed.stderr


def test_closed_pipe_is_not_an_error(archive_env: object) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    reader_gone = subprocess.Popen([sys.executable, "-m", "search_cli.main", "search", *DATED, "--jsonl"], env=env,
                                   cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader_gone.stdout.close()
    assert reader_gone.wait() == 0
    assert reader_gone.stderr.read() == b""


def test_search_help_teaches_unaccented_queries_histograms_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["search", "--help"])
    assert raised.value.code == 0
    shown = capsys.readouterr().out
    assert "vnnews search thi dua ai quoc" in shown
    assert "--facet month" in shown
    assert "exit codes:" in shown and "5 Elasticsearch unreachable" in shown
    assert "--since" in shown and "27/04/2023" in shown
