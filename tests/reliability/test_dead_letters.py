"""Transient vs permanent, by what Elasticsearch says (issue 12, item 4): a closed or write-blocked index
spools, a document's mapping error dead-letters; `vnnews index replay-dead-letters` brings dead letters back
once their cause is fixed. Against the real server, on private indices."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from elasticsearch import Elasticsearch
from writer_support import ROOT, article, dead_letter_urls, indexed_urls, spooled_urls

from index import config, lifecycle
from index.writer import BulkWriter, WriteReport, dead_letter_file, is_transient


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("VNNEWS_DATA", str(tmp_path / "data"))


@pytest.fixture
def created(es: Elasticsearch, index_names: config.IndexNames) -> config.IndexNames:
    lifecycle.create(es, index_names)
    return index_names


def physical(es: Elasticsearch, names: config.IndexNames) -> str:
    return next(iter(es.indices.get_alias(name=names.write_alias)))


def write(es: Elasticsearch, *articles: dict) -> WriteReport:
    with BulkWriter(es, max_retries=0) as bulk:
        for item in articles:
            bulk.add(item)
    return bulk.report


def vnnews(*args: str, es_url: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "ES_URL": es_url, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "search_cli.main", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("status", "kind", "transient"), [
    (400, "index_closed_exception", True),
    (403, "cluster_block_exception", True),
    (429, "cluster_block_exception", True),
    (503, "unavailable_shards_exception", True),
    (503, "no_shard_available_action_exception", True),
    (429, "es_rejected_execution_exception", True),
    (401, "security_exception", True),
    (403, "security_exception", True),
    (404, "index_not_found_exception", True),
    (400, "mapper_parsing_exception", False),
    (400, "document_parsing_exception", False),
    (400, "strict_dynamic_mapping_exception", False),
    (400, "illegal_argument_exception", False),
    (413, None, False),
    (502, None, True),
])
def test_failures_are_classified_by_the_error_type(status, kind, transient):
    assert is_transient(status, {"type": kind, "reason": "..."} if kind else "<html>") is transient


def test_a_closed_index_spools_everything_and_replay_writes_it_after_reopening(es, es_url, created):
    articles = [article(number) for number in range(12)]
    es.indices.close(index=physical(es, created))
    assert write(es, *articles) == WriteReport(spooled=12)
    assert not dead_letter_file().exists()
    assert sorted(spooled_urls()) == sorted(item["url"] for item in articles)

    es.indices.open(index=physical(es, created), wait_for_active_shards=1)
    replay = vnnews("index", "replay-spool", es_url=es_url)
    assert replay.returncode == 0, replay.stderr
    assert replay.stdout.startswith("replayed 12, dead-lettered 0")
    assert sorted(indexed_urls(es, created.read_alias)) == sorted(item["url"] for item in articles)
    assert spooled_urls() == []


def test_a_write_blocked_index_spools_and_a_mapping_error_is_dead_lettered(es, created):
    es.indices.put_settings(index=physical(es, created), settings={"index.blocks.write": True})
    try:
        assert write(es, article(1), article(2, unknown_field="x")) == WriteReport(spooled=2)
    finally:
        es.indices.put_settings(index=physical(es, created), settings={"index.blocks.write": None})
    assert BulkWriter(es).replay_spool() == WriteReport(replayed=1, dead_lettered=1)
    assert dead_letter_urls() == [article(2)["url"]]
    assert "strict_dynamic_mapping_exception" in json.loads(dead_letter_file().read_text())["reason"]


def test_replay_dead_letters_writes_the_fixed_keeps_the_still_rejected_and_is_safe_twice(es, es_url, created):
    """A dead-letter file as an old run left it (a write block dead-lettered everything, one article has a
    real mapping error, one line holds no article): replay writes what now passes, keeps the rest."""
    entries = [
        {"failed_at": "2024-03-05T09:00:00+07:00", "reason": "403 cluster_block_exception: index write (api)",
         "seen_at": "2024-03-05T09:00:00+07:00", "article": article(number)} for number in range(3)
    ]
    entries.append({"failed_at": "2024-03-05T09:00:00+07:00", "reason": "403 cluster_block_exception",
                    "seen_at": "2024-03-05T09:00:00+07:00", "article": article(3, unknown_field="x")})
    entries.append({"failed_at": "2024-03-05T09:00:00+07:00", "reason": "unreadable spool line", "raw": "{trunc"})
    dead_letter_file().parent.mkdir(parents=True, mode=0o700)
    dead_letter_file().write_text("".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries))

    first = vnnews("index", "replay-dead-letters", es_url=es_url)
    assert first.returncode == 10, first.stderr
    assert first.stdout.strip() == "replayed 3, rejected again 1, left as they were 1"
    assert len(first.stderr.strip().splitlines()) == 1
    assert sorted(indexed_urls(es, created.read_alias)) == sorted(article(n)["url"] for n in range(3))
    left = [json.loads(line) for line in dead_letter_file().read_text().splitlines()]
    assert left[0]["reason"] == "unreadable spool line"
    assert "strict_dynamic_mapping_exception" in left[1]["reason"]
    assert oct(dead_letter_file().stat().st_mode & 0o777) == "0o600"

    second = vnnews("index", "replay-dead-letters", es_url=es_url)
    assert second.stdout.strip() == "replayed 0, rejected again 1, left as they were 1"
    assert len(dead_letter_file().read_text().splitlines()) == 2
    assert es.count(index=created.read_alias)["count"] == 3
