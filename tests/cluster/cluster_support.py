"""What the three-node tests share beside their fixtures (tests/cluster/conftest.py): the generated site,
crawls that write to the cluster, `vnnews` in a child process, the documents behind an alias."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "crawl"))
import bkto_sitegen as sitegen  # noqa: E402
from crawl_runner import Crawl, CrawlResult  # noqa: E402

FIRST_HTTP_PORT = 9320
FIRST_TRANSPORT_PORT = 9420
ARTICLES = 2000  # the node-loss crawls
FEWER_ARTICLES = 600  # the other crawls: long enough to overlap, short enough for CI

__all__ = ["ARTICLES", "FEWER_ARTICLES", "ROOT", "Crawl", "CrawlResult", "generated_site", "sitegen",
           "stored_urls", "vnnews"]


def generated_site(tmp_path_factory: pytest.TempPathFactory, count: int) -> tuple[Path, set[str]]:
    """A replay archive of `count` generated articles, and their URLs."""
    path = tmp_path_factory.mktemp("site") / f"generated-{count}.warc.gz"
    return path, {article.url for article in sitegen.build_generated_archive(path, count)}


def vnnews(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`vnnews ARGS` in a child process, with the environment of the test (ES_URL, VNNEWS_INDEX)."""
    runner = Crawl(Path("/nonexistent"))
    return subprocess.run([sys.executable, "-m", "search_cli.main", *args], cwd=ROOT,
                          env=runner.environment(env), capture_output=True, text=True, timeout=120)


def stored_urls(es: Elasticsearch, alias: str) -> list[str]:
    """The canonical URL of every document behind `alias`, one entry per document."""
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=10_000, source_includes=["canonical_url"], query={"match_all": {}})
    return [hit["_source"]["canonical_url"] for hit in hits["hits"]["hits"]]
