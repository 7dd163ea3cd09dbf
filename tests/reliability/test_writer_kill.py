"""kill -9 of a process in the middle of writing (issue 11, item 5 and issue 12, item 2): at every point of
a batch's life, what was announced durable is in the index after the next replay, exactly once, and nothing
that was not announced was acknowledged. What was still in memory is the crawl's to fetch again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from elasticsearch import Elasticsearch
from writer_support import ROOT, article, indexed_urls, spooled_urls

from index import config, lifecycle
from index.writer import BulkWriter, spool_dir

ARTICLES = 35
BATCH = 10

# The child adds ARTICLES articles in batches of BATCH, prints each batch it is told is durable, and
# SIGKILLs itself at the chosen point of the second batch.
CHILD = """
import json, os, signal, sys
from index.writer import BulkWriter

point, articles = sys.argv[1], json.loads(sys.argv[2])
die = lambda: os.kill(os.getpid(), signal.SIGKILL)
batches = 0

def durable(batch):
    global batches
    batches += 1
    print(json.dumps([item["url"] for item in batch]), flush=True)
    if point == "after_fsync_before_bulk" and batches == 2:
        die()

fsyncs, real_fsync = 0, os.fsync
def fsync(descriptor):
    global fsyncs
    fsyncs += 1
    if point == "before_fsync" and fsyncs == 3:  # batch 1: the segment and its directory; then batch 2
        die()
    real_fsync(descriptor)
os.fsync = fsync

real_settle = BulkWriter._settle_batch
def settle(self, segment, outcome):
    if point == "after_bulk_before_settle" and batches == 2:
        die()
    real_settle(self, segment, outcome)
BulkWriter._settle_batch = settle

bulk = BulkWriter(batch_size=int(sys.argv[3]), on_durable=durable)
for number, item in enumerate(articles):
    if point == "filling_the_buffer" and number == 15:
        die()
    bulk.add(item)
die()
"""


@pytest.fixture
def created(es: Elasticsearch, index_names: config.IndexNames, tmp_path, monkeypatch) -> config.IndexNames:
    monkeypatch.setenv("VNNEWS_DATA", str(tmp_path / "data"))
    lifecycle.create(es, index_names)
    return index_names


@pytest.mark.parametrize("point", ["filling_the_buffer", "before_fsync", "after_fsync_before_bulk",
                                   "after_bulk_before_settle", "after_the_last_batch"])
def test_kill_9_while_writing_loses_and_doubles_nothing_durable(point, es, es_url, created):
    articles = [article(number) for number in range(ARTICLES)]
    environment = {**os.environ, "ES_URL": es_url, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run([sys.executable, "-c", CHILD, point, json.dumps(articles), str(BATCH)], env=environment,
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    durable = [url for line in killed.stdout.splitlines() for url in json.loads(line)]
    assert len(durable) == len(set(durable))

    spooled_before = set(spooled_urls())
    BulkWriter(es).replay_spool()
    found = indexed_urls(es, created.read_alias)
    assert set(durable) <= set(found), f"lost: {sorted(set(durable) - set(found))}"
    assert set(found) <= set(durable) | spooled_before, "something was written that was never made durable"
    assert len(found) == len(set(found)) == es.count(index=created.read_alias)["count"]
    assert spooled_urls() == []
    assert not [path for path in spool_dir().iterdir() if path.suffix == ".jsonl"]
    versions = {hit["_source"]["version"] for hit in es.search(index=created.read_alias, size=100)["hits"]["hits"]}
    assert versions <= {1}, "a batch written twice must change nothing"
    expected_durable = {"filling_the_buffer": 10, "before_fsync": 10, "after_fsync_before_bulk": 20,
                        "after_bulk_before_settle": 20, "after_the_last_batch": 30}[point]
    assert len(durable) == expected_durable
