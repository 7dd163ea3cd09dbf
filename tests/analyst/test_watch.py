"""`vnnews watch add | list | remove | run` against the real server: state in its own index, each run
reports only the articles first seen since the last successful one."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import pytest
from elasticsearch import Elasticsearch, helpers

from index import lifecycle
from index.config import IndexNames
from index.vietnamese import VIETNAM
from search_cli import main as dispatcher

Vnnews = Callable[..., tuple[int, str, str]]


@pytest.fixture
def vnnews(es: Elasticsearch, index_names: IndexNames, capsys: pytest.CaptureFixture[str]) -> Vnnews:
    lifecycle.create(es, index_names)

    def run(*argv: str) -> tuple[int, str, str]:
        code = dispatcher.main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def crawl(es: Elasticsearch, names: IndexNames, slug: str, title: str) -> None:
    """An article as the writer stores it: first seen now."""
    url = f"https://baochinhphu.vn/{slug}.htm"
    now = datetime.now(VIETNAM).isoformat()
    doc = {"url": url, "canonical_url": url, "site": "baochinhphu.vn", "title": title, "body": [title],
           "published_at": now, "first_seen": now, "last_seen": now, "language": "vi", "parser": "test.v1"}
    helpers.bulk(es, [{"_index": names.write_alias, "_id": slug, "_source": doc}], refresh=True)


def new_ids(vnnews: Vnnews, *names: str) -> list[str]:
    code, out, err = vnnews("watch", "run", *names, "--jsonl")
    assert code == 0, err
    return [json.loads(line)["id"] for line in out.splitlines()]


def test_run_reports_only_what_is_new_since_the_last_run(es: Elasticsearch, index_names: IndexNames,
                                                         vnnews: Vnnews) -> None:
    assert vnnews("watch", "add", "hoa-don", "hóa đơn điện tử", "--site", "baochinhphu.vn")[0] == 0
    crawl(es, index_names, "a", "Hóa đơn điện tử từ tháng 7")
    crawl(es, index_names, "other", "Giá vàng hôm nay")
    assert new_ids(vnnews) == ["a"]
    assert new_ids(vnnews) == []  # nothing new since
    # runs missed: everything since the last successful run
    crawl(es, index_names, "b", "Hóa đơn điện tử cho hộ kinh doanh")
    crawl(es, index_names, "c", "Xử phạt vi phạm về hóa đơn điện tử")
    assert new_ids(vnnews, "hoa-don") == ["b", "c"]
    assert new_ids(vnnews, "hoa-don") == []


def test_watches_are_listed_removed_and_each_has_its_own_window(es: Elasticsearch, index_names: IndexNames,
                                                                vnnews: Vnnews) -> None:
    vnnews("watch", "add", "vang", "giá vàng")
    vnnews("watch", "add", "hoa-don", "hoa don")
    code, out, _ = vnnews("watch", "list", "--json")
    assert [w["name"] for w in json.loads(out)["watches"]] == ["hoa-don", "vang"]
    code, out, _ = vnnews("watch", "list")
    assert out.splitlines() == ["hoa-don: hoa don  (last run: never)", "vang: giá vàng  (last run: never)"]
    crawl(es, index_names, "gold", "Giá vàng tăng mạnh")
    assert new_ids(vnnews, "hoa-don") == []
    assert new_ids(vnnews, "vang") == ["gold"]
    code, out, _ = vnnews("watch", "run", "--csv")
    assert out.splitlines() == ["watch,id,first_seen,published_at,site,title,url"]
    assert vnnews("watch", "remove", "vang")[0] == 0
    code, _, err = vnnews("watch", "run", "vang")
    assert code == 8 and "no watch named 'vang'" in err


def test_text_output_and_bad_watches(es: Elasticsearch, index_names: IndexNames, vnnews: Vnnews) -> None:
    code, _, _ = vnnews("watch", "add", "bad", "x", "--province", "Atlantis")
    assert code == 9
    vnnews("watch", "add", "nq57", "nghị quyết", "--doc", "57-NQ/TW")
    crawl(es, index_names, "nq", "Quán triệt Nghị quyết 57-NQ/TW")
    es.update(index=index_names.write_alias, id="nq", doc={"doc_keys": ["57-NQ/TW"]}, refresh=True)
    code, out, _ = vnnews("watch", "run")
    assert out.startswith("nq57: 1 new\n")
    assert "Quán triệt Nghị quyết 57-NQ/TW" in out
