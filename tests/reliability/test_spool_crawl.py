"""A whole crawl with its spool on a real 64 KiB tmpfs (issue 12, item 3), Elasticsearch up and down: the index
pipeline closes the spider (`spool_unwritable`) once the spool cannot be written, and every article that
entered it is counted in exactly one of indexed, spooled, dead-lettered, not accepted; everything durable
is found in the index, the spool or the dead letters; nothing else is lost."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from writer_support import ROOT, dead_letter_urls, indexed_urls, small_disk, spooled_urls

from index import config, lifecycle

sys.path.insert(0, str(ROOT / "tests" / "crawl"))
import bkto_sitegen as sitegen

ARTICLES = 150
# Articles carry their syndication fingerprint (about 1.5 KB): batches of 5 so that a few fit the 64 KiB disk.
STAT = re.compile(r"^[{ ]'(vnnews/[^']+|item_scraped_count)': (\d+)[,}]?$", re.MULTILINE)


def crawl(archive: Path, data: Path, feed: Path, es_url: str) -> tuple[dict[str, int], str, list[str]]:
    feeds = json.dumps({feed.as_uri(): {"format": "jsonlines", "encoding": "utf-8"}})
    # A replay reads pages faster than the pipelines take them: responses in flight limited to ~100 KB,
    # so that a crawl that went on after the spool was full would show (below, "fewer than ARTICLES").
    command = [sys.executable, "-m", "search_cli.main", "crawl", "bkto", "--replay", str(archive),
               "-s", "VNNEWS_BULK_SIZE=5", "-s", "VNNEWS_BULK_RETRIES=0", "-s", f"FEEDS={feeds}",
               "-s", "SCRAPER_SLOT_MAX_ACTIVE_SIZE=100000"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "VNNEWS_DATA": str(data), "ES_URL": es_url}
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=240)
    stats = {name: int(value) for name, value in STAT.findall(done.stderr)}
    items = [json.loads(line)["url"] for line in feed.read_text().splitlines()] if feed.exists() else []
    return stats, done.stderr, items


def assert_accounted(stats: dict[str, int], stderr: str, items: list[str], found: list[str]) -> None:
    settled = sum(stats.get(f"vnnews/{name}", 0) for name in ("indexed", "spooled", "dead_lettered", "not_accepted"))
    assert stats["vnnews/index_in"] == settled == len(items), stats
    assert "'finish_reason': 'spool_unwritable'" in stderr
    assert "vnnews/spool_unwritable" in stderr and "No space left on device" in stderr
    assert "OSError" not in stderr and "SpoolUnwritable" not in stderr, "a traceback of the full disk"
    assert stderr.count("No space left on device") <= 3  # the error line, the stat, the crawl's own line
    assert set(found) <= set(items)
    assert len(set(items) - set(found)) == stats.get("vnnews/not_accepted", 0), "lost: durable in none of them"
    assert len(items) < ARTICLES, "the crawl went on after the spool was full"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "many.warc.gz"
    sitegen.build_generated_archive(path, ARTICLES)
    return path


def test_full_spool_disk_with_elasticsearch_down(tmp_path, archive, closed_port, monkeypatch):
    with small_disk(tmp_path / "small") as disk:
        monkeypatch.setenv("VNNEWS_DATA", str(disk / "data"))
        stats, stderr, items = crawl(archive, disk / "data", tmp_path / "items.jsonl", f"http://127.0.0.1:{closed_port}")
        assert stats["vnnews/spooled"] == len(spooled_urls()) > 0
        assert_accounted(stats, stderr, items, spooled_urls())


def test_full_spool_disk_with_elasticsearch_up(tmp_path, archive, es: Elasticsearch, es_url,
                                               index_names: config.IndexNames, monkeypatch):
    lifecycle.create(es, index_names)
    with small_disk(tmp_path / "small", size="40k") as disk:
        monkeypatch.setenv("VNNEWS_DATA", str(disk / "data"))
        (disk / "filler").write_bytes(b"\0" * 36 * 1024)  # a batch of 20 articles no longer fits
        stats, stderr, items = crawl(archive, disk / "data", tmp_path / "items.jsonl", es_url)
        found = indexed_urls(es, index_names.read_alias) + spooled_urls() + dead_letter_urls()
        assert_accounted(stats, stderr, items, found)
