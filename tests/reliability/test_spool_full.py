"""A full, read-only or corrupt spool (issue 12, item 3), on a real 64 KiB tmpfs: the writer refuses what it
cannot make durable (SpoolUnwritable, exit 11), counts it as not accepted, and loses nothing it accepted;
every article is in exactly one of index, spool, dead letters, not accepted."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from writer_support import ROOT, article, dead_letter_urls, fill, indexed_urls, small_disk, spooled_urls

from index import config, lifecycle
from index.errors import SpoolUnwritable
from index.writer import BulkWriter, WriteReport, quarantine_file, spool_dir

ARTICLES = 300


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with small_disk(tmp_path / "small") as mounted:
        monkeypatch.setenv("VNNEWS_DATA", str(mounted / "data"))
        yield mounted


@pytest.fixture
def created(es: Elasticsearch, index_names: config.IndexNames) -> config.IndexNames:
    lifecycle.create(es, index_names)
    return index_names


def crawl_like(client: Elasticsearch, articles: list[dict], **options: object) -> tuple[WriteReport, list[str], int]:
    """Add articles as the index pipeline does, stopping at the first refusal; returns the report, the URLs
    announced durable, and how many articles were handed over."""
    durable: list[str] = []
    bulk = BulkWriter(client, backoff_seconds=0, on_durable=lambda batch: durable.extend(a["url"] for a in batch),
                      **options)
    handed = 0
    with contextlib.suppress(SpoolUnwritable):
        for item in articles:
            handed += 1
            bulk.add(item)
    with contextlib.suppress(SpoolUnwritable):
        bulk.close()
    return bulk.report, durable, handed


def assert_every_article_accounted(report: WriteReport, durable: list[str], handed: int, found: list[str]) -> None:
    assert report.indexed + report.spooled + report.dead_lettered + report.not_accepted == handed
    assert handed - len(durable) == report.not_accepted, "only what was never announced durable is not accepted"
    assert sorted(set(found)) == sorted(set(durable)), "everything announced durable is found, nothing else"


def test_full_disk_with_elasticsearch_down_refuses_instead_of_losing(disk, unreachable_es):
    articles = [article(number) for number in range(ARTICLES)]
    report, durable, handed = crawl_like(unreachable_es, articles, batch_size=20, max_retries=0)
    assert report.not_accepted > 0 and report.spooled > 0
    assert handed < ARTICLES, "the writer kept taking articles after the disk was full"
    assert report.spooled == len(spooled_urls())
    assert_every_article_accounted(report, durable, handed, spooled_urls())


def test_full_disk_with_elasticsearch_up_acknowledges_only_what_was_written(disk, es, created):
    """A batch too large for the disk is refused before it is sent: nothing indexed that is not counted."""
    articles = [article(number) for number in range(ARTICLES)]
    report, durable, handed = crawl_like(es, articles, batch_size=120)  # ~90 KiB a batch
    found = indexed_urls(es, created.read_alias) + spooled_urls() + dead_letter_urls()
    assert report.not_accepted == handed and report.indexed == 0
    assert_every_article_accounted(report, durable, handed, found)


def test_small_disk_with_elasticsearch_up_writes_everything(disk, es, created):
    report, durable, _ = crawl_like(es, [article(number) for number in range(ARTICLES)], batch_size=20)
    assert report == WriteReport(indexed=ARTICLES)
    assert sorted(indexed_urls(es, created.read_alias)) == sorted(durable)
    assert spooled_urls() == []


def test_dead_letters_that_cannot_be_written_stay_in_the_spool(disk, es, created):
    """The segment fits but the dead-letter file does not: the rejected article stays spooled, counted."""
    bulk = BulkWriter(es, batch_size=2, on_durable=lambda batch: fill(disk))
    bulk.add(article(1))
    with pytest.raises(SpoolUnwritable, match="No space left on device"):
        bulk.add(article(2, unknown_field="x"))
    with pytest.raises(SpoolUnwritable):
        bulk.add(article(3))
    assert bulk.report == WriteReport(indexed=1, spooled=1, not_accepted=1)
    assert sorted(set(spooled_urls())) == [article(1)["url"], article(2)["url"]]  # 1 is also indexed: resent as is


def test_read_only_spool_is_refused_with_one_line(disk, unreachable_es):
    spool_dir().mkdir(parents=True, mode=0o700)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    report, durable, handed = crawl_like(unreachable_es, [article(n) for n in range(5)], batch_size=2)
    assert (handed, durable, report) == (2, [], WriteReport(not_accepted=2))


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "search_cli.main", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_replay_spool_on_a_full_disk_is_one_line_and_exit_11(disk, es, es_url, created, monkeypatch):
    good, bad = article(1), article(2, unknown_field="x")
    spool_dir().mkdir(parents=True, mode=0o700)
    lines = [json.dumps({"seen_at": "2024-03-05T09:00:00+07:00", "article": item}) for item in (good, bad)]
    (spool_dir() / "0-earlier.jsonl").write_text("".join(line + "\n" for line in lines))
    fill(disk)
    replay = run_cli("index", "replay-spool", env={**os.environ, "ES_URL": es_url, "PYTHONPATH": str(ROOT)})
    assert replay.returncode == 11, replay.stderr
    assert len(replay.stderr.strip().splitlines()) == 1 and "No space left on device" in replay.stderr
    assert "Traceback" not in replay.stderr
    assert len(spooled_urls()) == 2, "the segment stays whole until its dead letter is written"


def test_an_invalid_utf8_spool_line_is_quarantined_never_fatal(tmp_path, es, es_url, created, monkeypatch):
    monkeypatch.setenv("VNNEWS_DATA", str(tmp_path / "data"))
    spool_dir().mkdir(parents=True)
    good = json.dumps({"seen_at": "2024-03-05T09:00:00+07:00", "article": article(1)}).encode()
    (spool_dir() / "0-earlier.jsonl").write_bytes(b"\xc3\x28 broken\n" + good + b"\n")
    environment = {**os.environ, "ES_URL": es_url, "PYTHONPATH": str(ROOT)}
    for _ in range(2):
        replay = run_cli("index", "replay-spool", env=environment)
        assert replay.returncode == 0, replay.stderr
    assert "quarantined 0" in replay.stdout
    [entry] = [json.loads(line) for line in quarantine_file().read_text().splitlines()]
    assert entry["reason"] == "not UTF-8" and entry["segment"] == "0-earlier.jsonl"
    assert indexed_urls(es, created.read_alias) == [article(1)["url"]]


@pytest.fixture
def unreachable_es(closed_port: int) -> Elasticsearch:
    return Elasticsearch(f"http://127.0.0.1:{closed_port}", max_retries=0, request_timeout=2)
