"""The three-node test cluster (index.cluster) and what its tests share: a client that knows every node,
a private index base per test, the generated site archive and crawls that write to the cluster.

The cluster is started once per session on fixed loopback ports and stopped (its directories removed)
at the end; a cluster left over by an interrupted session is stopped and removed first."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cluster_support import ARTICLES, FEWER_ARTICLES, FIRST_HTTP_PORT, FIRST_TRANSPORT_PORT, Crawl, generated_site
from elasticsearch import Elasticsearch

from index import cluster, config


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


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    return generated_site(tmp_path_factory, ARTICLES)


@pytest.fixture(scope="session")
def smaller_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    return generated_site(tmp_path_factory, FEWER_ARTICLES)


@pytest.fixture
def crawl(tmp_path: Path) -> Crawl:
    return Crawl(tmp_path)
