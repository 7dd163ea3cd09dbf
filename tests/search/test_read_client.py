"""index.read_client: the search commands' synchronous client, and what they load.

If a change (or an upgrade of a library) makes `vnnews search | facets | show | export` import the
`elasticsearch` client or its asynchronous stack again, the first test fails: each command runs in a new
interpreter, against the test archive, and reports the modules it loaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from index.config import IndexNames
from index.errors import CliError, EsUnreachable, IndexMissing
from index.read_client import ReadClient

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("elasticsearch", "elastic_transport", "aiohttp", "asyncio", "requests", "urllib3")
REPORT = (
    "import sys; from search_cli import main; code = main.main(sys.argv[1:]); "
    f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), code, file=sys.stderr)"
)


@pytest.mark.parametrize("argv", [["search", "thi dua ai quoc", "--json"], ["facets", "--json"],
                                  ["show", "https://baokiemtoan.vn/tin-tuc/thi-dua.html", "--json"],
                                  ["export", "thi dua", "--jsonl"]])
def test_search_commands_load_neither_the_client_nor_an_async_stack(archive_env: IndexNames,
                                                                     argv: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    completed = subprocess.run([sys.executable, "-c", REPORT, *argv], env=env, cwd=ROOT, capture_output=True,
                               text=True, check=True)
    assert completed.stdout, "the command printed nothing"
    assert completed.stderr.strip().splitlines()[-1] == "[] 0"


def test_search_returns_the_response_body(archive_env: IndexNames) -> None:
    response = ReadClient().search(index=archive_env.read_alias, body={"query": {"match_all": {}}}, size=1)
    assert response["hits"]["total"]["value"] > 0
    assert len(response["hits"]["hits"]) == 1


def test_keyword_fields_left_out_when_none(archive_env: IndexNames) -> None:
    response = ReadClient().search(index=archive_env.read_alias, size=0, search_after=None)
    assert response["hits"]["hits"] == []


def test_point_in_time_round_trip(archive_env: IndexNames) -> None:
    client = ReadClient()
    pit = client.open_point_in_time(index=archive_env.read_alias, keep_alive="1m")["id"]
    page = client.search(pit={"id": pit, "keep_alive": "1m"}, size=1, sort=["_shard_doc"])
    assert page["hits"]["hits"]
    assert client.close_point_in_time(id=page["pit_id"])["succeeded"]


def test_missing_index_is_exit_6(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VNNEWS_INDEX", "test-read-client-never-created")
    with pytest.raises(IndexMissing, match="'test-read-client-never-created' does not exist"):
        ReadClient().search(index="test-read-client-never-created")


def test_closed_port_is_exit_5(monkeypatch: pytest.MonkeyPatch, closed_port: int) -> None:
    monkeypatch.setenv("ES_URL", f"http://127.0.0.1:{closed_port}")
    with pytest.raises(EsUnreachable, match=f"cannot reach Elasticsearch at http://127.0.0.1:{closed_port}"):
        ReadClient().search(index="x")


def test_other_refusals_name_the_error(archive_env: IndexNames) -> None:
    with pytest.raises(CliError, match=r"400 .*_exception"):
        ReadClient().search(index=archive_env.read_alias, body={"query": {"no_such_query": {}}})


def test_credentials_as_the_elasticsearch_client_sends_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ES_API_KEY", raising=False)
    monkeypatch.setenv("ES_USER", "elastic")
    monkeypatch.setenv("ES_PASSWORD", "secret")
    assert ReadClient().headers["Authorization"] == "Basic ZWxhc3RpYzpzZWNyZXQ="
    monkeypatch.setenv("ES_API_KEY", "a2V5")
    assert ReadClient().headers["Authorization"] == "ApiKey a2V5"


def test_url_path_prefix_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cluster behind a reverse proxy at https://host/es/ is asked https://host/es/<index>/_search."""
    monkeypatch.setenv("ES_URL", "https://es.example.org/es/")
    assert ReadClient().prefix == "/es"


def test_the_next_node_answers_when_the_first_is_down(
    es: Elasticsearch, es_url: str, closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ES_URL", f"http://127.0.0.1:{closed_port},{es_url}")
    assert ReadClient().request("GET", "/_cluster/health")["status"] in {"green", "yellow"}
