"""Shared fixtures. Elasticsearch tests run against a real server and fail (never skip) without one:
ES_URL when set (tests/run sets it to the managed node it started), else the managed node itself."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator

import pytest
from elasticsearch import Elasticsearch

from index import config, server


@pytest.fixture(scope="session")
def es_url() -> str:
    if url := os.environ.get("ES_URL"):
        return url
    url = server.start().url
    os.environ["ES_URL"] = url
    return url


@pytest.fixture(scope="session")
def es(es_url: str) -> Elasticsearch:
    config.es_client.cache_clear()
    client = config.es_client()
    health = client.cluster.health(wait_for_status="yellow", timeout="30s")
    assert health["status"] in {"yellow", "green"}, f"Elasticsearch at {es_url} is not healthy: {health}"
    return client


@pytest.fixture
def index_names(es: Elasticsearch, monkeypatch: pytest.MonkeyPatch) -> Iterator[config.IndexNames]:
    """A private index base for one test (VNNEWS_INDEX), its indices deleted afterwards by name (the
    server refuses wildcard deletes: action.destructive_requires_name)."""
    base = f"test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("VNNEWS_INDEX", base)
    yield config.index_names()
    leftovers = es.indices.get(index=f"{base}*", expand_wildcards="all").body
    if leftovers:
        es.indices.delete(index=",".join(leftovers))


@pytest.fixture
def point_es_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Point `index.config.es_client()` at another URL for one test (the client is cached)."""

    def point(url: str) -> None:
        monkeypatch.setenv("ES_URL", url)
        config.es_client.cache_clear()

    yield point
    config.es_client.cache_clear()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
