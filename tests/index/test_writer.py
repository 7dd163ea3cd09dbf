"""BulkWriter against the real server: merge rules, dead letters, spool and replay."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from index import writer
from index.config import IndexNames
from index.writer import BulkWriter, WriteReport, dead_letter_file, spool_file


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Set the crawl time the writer stamps (second precision would otherwise need sleeps)."""

    def set_time(moment: str) -> None:
        monkeypatch.setattr(writer, "now_iso", lambda: moment)

    return set_time


def stored(es: Elasticsearch, names: IndexNames, canonical_url: str) -> dict:
    return es.get(index=names.read_alias, id=hashlib.sha256(canonical_url.encode()).hexdigest())["_source"]


def write(es: Elasticsearch, *articles: dict, **options: object) -> WriteReport:
    with BulkWriter(es, backoff_seconds=0, **options) as bulk:
        for article in articles:
            bulk.add(article)
    return bulk.report


def spool_lines() -> list[dict]:
    path = spool_file()
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_first_write_sets_version_and_seen_times(es, created, make_article, clock):
    clock("2024-03-05T09:00:00+07:00")
    assert write(es, make_article(1)) == WriteReport(indexed=1)
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert doc["version"] == 1
    assert doc["first_seen"] == doc["last_seen"] == "2024-03-05T09:00:00+07:00"
    assert doc["title"] == make_article(1)["title"]


def test_unchanged_recrawl_keeps_version_and_first_seen(es, created, make_article, clock):
    clock("2024-03-05T09:00:00+07:00")
    write(es, make_article(1))
    clock("2024-03-06T10:00:00+07:00")
    write(es, make_article(1, tags=["thuế"]))
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert (doc["version"], doc["updated_at"]) == (1, None)
    assert doc["first_seen"] == "2024-03-05T09:00:00+07:00"
    assert doc["last_seen"] == "2024-03-06T10:00:00+07:00"
    assert doc["tags"] == ["thuế"]


def test_changed_content_bumps_version_and_updated_at(es, created, make_article, clock):
    clock("2024-03-05T09:00:00+07:00")
    write(es, make_article(1))
    clock("2024-03-07T11:00:00+07:00")
    write(es, make_article(1, content_hash="edited", title="Tiêu đề đã sửa"))
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert (doc["version"], doc["title"]) == (2, "Tiêu đề đã sửa")
    assert doc["updated_at"] == doc["last_seen"] == "2024-03-07T11:00:00+07:00"
    assert doc["first_seen"] == "2024-03-05T09:00:00+07:00"

    write(es, make_article(1, content_hash="edited again", updated_at="2024-03-08T07:15:00+07:00"))
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert (doc["version"], doc["updated_at"]) == (3, "2024-03-08T07:15:00+07:00")


def test_a_recrawl_in_the_same_batch_is_written_once(es, created, make_article):
    report = write(es, make_article(1), make_article(1, content_hash="newer", title="Bản mới"))
    assert report.indexed == 1
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert (doc["version"], doc["title"]) == (1, "Bản mới")


def test_rejected_document_goes_to_dead_letter_without_blocking_others(es, created, make_article):
    articles = [make_article(1), make_article(2, unknown_field="x"), make_article(3)]
    assert write(es, *articles) == WriteReport(indexed=2, dead_lettered=1)
    es.indices.refresh(index=created.read_alias)
    assert es.count(index=created.read_alias)["count"] == 2
    [entry] = [json.loads(line) for line in dead_letter_file().read_text().splitlines()]
    assert entry["article"]["canonical_url"] == articles[1]["canonical_url"]
    assert "strict_dynamic_mapping_exception" in entry["reason"]
    assert "unknown_field" in entry["reason"]


def test_article_without_canonical_url_is_dead_lettered(es, created, make_article):
    assert write(es, make_article(1, canonical_url=None)) == WriteReport(dead_lettered=1)
    assert "canonical_url" in dead_letter_file().read_text()


def test_unreachable_server_spools_then_replay_writes_exactly_once(es, created, make_article, unreachable):
    articles = [make_article(number) for number in range(7)]
    assert write(unreachable, *articles, batch_size=3, max_retries=1) == WriteReport(spooled=7)
    assert [line["article"] for line in spool_lines()] == articles

    replay = BulkWriter(es, batch_size=3).replay_spool()
    assert replay == WriteReport(replayed=7)
    assert spool_lines() == []
    es.indices.refresh(index=created.read_alias)
    assert es.count(index=created.read_alias)["count"] == 7

    assert BulkWriter(es).replay_spool() == WriteReport()


def test_replay_keeps_what_still_fails_and_never_duplicates(es, created, make_article, unreachable):
    write(unreachable, *[make_article(number) for number in range(4)], max_retries=0)
    assert BulkWriter(unreachable, max_retries=0).replay_spool() == WriteReport(spooled=4)
    assert len(spool_lines()) == 4

    write(es, make_article(0))  # crawled again meanwhile: the replay must merge, not duplicate
    assert BulkWriter(es).replay_spool() == WriteReport(replayed=4)
    es.indices.refresh(index=created.read_alias)
    assert es.count(index=created.read_alias)["count"] == 4
    assert stored(es, created, make_article(0)["canonical_url"])["version"] == 1


def test_replay_dead_letters_bad_spool_entries(es, created, make_article):
    path: Path = spool_file()
    path.parent.mkdir(parents=True)
    good = json.dumps({"seen_at": "2024-03-05T09:00:00+07:00", "article": make_article(1)})
    bad = json.dumps({"seen_at": "2024-03-05T09:00:00+07:00", "article": make_article(2, extra=1)})
    path.write_text(f"{good}\n{bad}\n{{truncated\n")
    assert BulkWriter(es).replay_spool() == WriteReport(replayed=1, dead_lettered=2)
    assert spool_lines() == []
    reasons = [json.loads(line)["reason"] for line in dead_letter_file().read_text().splitlines()]
    assert reasons[1] == "unreadable spool line"
    assert "strict_dynamic_mapping_exception" in reasons[0]


def test_missing_write_alias_spools_instead_of_creating_an_index(es, index_names, make_article):
    assert write(es, make_article(1), max_retries=0) == WriteReport(spooled=1)
    assert not es.indices.exists(index=index_names.write_alias)
