"""THE kill test: Elasticsearch dies in the middle of a crawl and not one article is lost or doubled.

A replay crawl of 300 generated articles writes in batches of 10; once some are indexed the managed
server is SIGKILLed. The crawl goes on, spooling what it cannot write, and exits with code 10. The
server is restarted on the same port, `vnnews index replay-spool` re-sends the spool, and then every
article is in the index exactly once and the spool is empty. The server is left running and healthy.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import bkto_sitegen as sitegen
import pytest
from crawl_runner import ROOT, Crawl
from elasticsearch import Elasticsearch

from index import config, lifecycle, server, writer

ARTICLES = 300
KILL_AFTER_INDEXED = 60


def indexed_count(es: Elasticsearch, alias: str) -> int:
    try:
        return es.count(index=alias)["count"]
    except Exception:
        return 0


def kill_when_indexed(es: Elasticsearch, alias: str, crawl: subprocess.Popen[str]) -> int:
    state = json.loads(config.server_state_file().read_text())
    assert state["url"] == config.es_url(), "the tests must run against the managed server to kill it"
    deadline = time.monotonic() + 120
    while indexed_count(es, alias) < KILL_AFTER_INDEXED:
        assert crawl.poll() is None, "the crawl ended before Elasticsearch could be killed: slow it down"
        assert time.monotonic() < deadline, "nothing was indexed in two minutes"
        es.options(ignore_status=404).indices.refresh(index=alias)
        time.sleep(0.1)
    os.kill(state["pid"], signal.SIGKILL)
    return state["port"]


def test_killing_elasticsearch_mid_crawl_loses_and_doubles_nothing(
    es: Elasticsearch, index_names: config.IndexNames, crawl: Crawl, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "many.warc.gz"
    articles = sitegen.build_generated_archive(archive, ARTICLES)
    lifecycle.create(es, index_names)

    running = crawl.start(
        "--replay", str(archive),
        "-s", "VNNEWS_BULK_SIZE=10", "-s", "VNNEWS_BULK_RETRIES=0",
        # Slow enough that the kill lands mid-crawl: about 0.03 s per page, one at a time.
        "-s", "DOWNLOAD_DELAY=0.03", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
    )
    port = kill_when_indexed(es, index_names.read_alias, running)
    result = crawl.finish(running)

    assert result.returncode == 10, result.stderr[-3000:]
    assert result.summary["articles"] == ARTICLES
    assert result.summary["spooled"] > 0
    assert result.summary["indexed"] + result.summary["spooled"] == ARTICLES
    monkeypatch.setenv("VNNEWS_DATA", str(crawl.data_dir))
    assert writer.spooled_count() == result.summary["spooled"], "the spool holds exactly the unwritten"

    info = server.start(port=port)
    assert info.url.endswith(f":{port}")
    assert es.cluster.health(wait_for_status="yellow", timeout="60s")["status"] in {"yellow", "green"}

    replay = subprocess.run([sys.executable, "-m", "search_cli.main", "index", "replay-spool"], cwd=ROOT,
                            env=crawl.environment(), capture_output=True, text=True, timeout=300)
    assert replay.returncode == 0, replay.stdout + replay.stderr

    es.indices.refresh(index=index_names.read_alias)
    buckets = es.search(
        index=index_names.read_alias, size=0,
        aggs={"urls": {"terms": {"field": "canonical_url", "size": ARTICLES * 2}}},
    )["aggregations"]["urls"]["buckets"]
    assert {bucket["key"] for bucket in buckets} == {article.url for article in articles}
    assert es.count(index=index_names.read_alias)["count"] == ARTICLES
    assert writer.spooled_count() == 0
