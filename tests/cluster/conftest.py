"""The three-node test cluster (index.cluster) and what its tests share: a client that knows every node,
a private index base per test, the generated site archive and crawls that write to the cluster.

The cluster is started once per session on fixed loopback ports and stopped (its directories removed)
at the end; a cluster left over by an interrupted session is stopped and removed first."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from index import cluster, config

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "crawl"))
import bkto_sitegen as sitegen  # noqa: E402

# the crawl tests' runner of `vnnews crawl` (a conftest, so not importable by name from here)
_spec = importlib.util.spec_from_file_location("crawl_runner", ROOT / "tests" / "crawl" / "conftest.py")
crawl_runner = importlib.util.module_from_spec(_spec)
sys.modules["crawl_runner"] = crawl_runner
_spec.loader.exec_module(crawl_runner)
Crawl = crawl_runner.Crawl
CrawlResult = crawl_runner.CrawlResult

FIRST_HTTP_PORT = 9320
FIRST_TRANSPORT_PORT = 9420
ARTICLES = 2000  # the node-loss crawls
FEWER_ARTICLES = 600  # the other crawls: long enough to overlap, short enough for CI


@pytest.fixture(scope="session")
def three_nodes() -> Iterator[cluster.Cluster]:
    planned = cluster.plan("vnnews-test", 3, FIRST_HTTP_PORT, FIRST_TRANSPORT_PORT)
    cluster.stop(planned)
    cluster.remove(planned)
    try:
        cluster.start(planned)
        yield planned
    finally:
        cluster.stop(planned)
        cluster.remove(planned)


@pytest.fixture
def cluster_es(three_nodes: cluster.Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[Elasticsearch]:
    """The client of vnnews (index.config) with ES_URL naming every node; the crawls inherit ES_URL."""
    monkeypatch.setenv("ES_URL", three_nodes.urls)
    config.es_client.cache_clear()
    yield config.es_client()
    config.es_client.cache_clear()


@pytest.fixture
def names(cluster_es: Elasticsearch, monkeypatch: pytest.MonkeyPatch) -> Iterator[config.IndexNames]:
    base = f"test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("VNNEWS_INDEX", base)
    yield config.index_names()
    leftovers = cluster_es.options(ignore_status=404).indices.get(index=f"{base}*", expand_wildcards="all").body
    if leftovers:
        cluster_es.indices.delete(index=",".join(leftovers))


def generated_site(tmp_path_factory: pytest.TempPathFactory, count: int) -> tuple[Path, set[str]]:
    """A replay archive of `count` generated articles, and their URLs."""
    path = tmp_path_factory.mktemp("site") / f"generated-{count}.warc.gz"
    return path, {article.url for article in sitegen.build_generated_archive(path, count)}


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    return generated_site(tmp_path_factory, ARTICLES)


@pytest.fixture(scope="session")
def smaller_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    return generated_site(tmp_path_factory, FEWER_ARTICLES)


@pytest.fixture
def crawl(tmp_path: Path) -> Crawl:
    return Crawl(tmp_path)


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
