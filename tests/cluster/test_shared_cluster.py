"""Several writers on the three-node cluster: two crawler processes (own data directories, as on two
machines) crawling the same site at once, and `vnnews index migrate` while a crawl writes. Either way
every article ends up in the index exactly once, none stale."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from cluster_support import FEWER_ARTICLES, Crawl, stored_urls
from elasticsearch import Elasticsearch

from index import config, lifecycle, schema

pytestmark = pytest.mark.cluster

ONE_REPLICA = lifecycle.Layout(shards=3, replicas=1)
MIGRATE_AFTER_INDEXED = 100


def test_two_crawlers_on_two_data_directories_write_each_article_once(
    cluster_es: Elasticsearch, names: config.IndexNames, tmp_path: Path, smaller_archive: tuple[Path, set[str]],
) -> None:
    path, urls = smaller_archive
    lifecycle.create(cluster_es, names, ONE_REPLICA)
    crawlers = [Crawl(tmp_path / "machine-a"), Crawl(tmp_path / "machine-b")]
    running = [crawler.start("--replay", str(path), "-s", "VNNEWS_BULK_SIZE=50") for crawler in crawlers]
    results = [crawler.finish(process, timeout=400) for crawler, process in zip(crawlers, running, strict=True)]

    for result in results:
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
        assert result.summary["articles"] == FEWER_ARTICLES and result.summary["spooled"] == 0
    stored = stored_urls(cluster_es, names.read_alias)
    assert len(stored) == FEWER_ARTICLES and set(stored) == urls


def make_outdated_index(es: Elasticsearch, names: config.IndexNames) -> str:
    """An index of the previous schema version, spread over the cluster, behind both aliases."""
    old = names.physical(schema.SCHEMA_VERSION - 1)
    mappings = schema.MAPPINGS | {"_meta": {"schema_version": schema.SCHEMA_VERSION - 1}}
    es.indices.create(index=old, settings=ONE_REPLICA.settings(), mappings=mappings)
    es.indices.update_aliases(actions=lifecycle.alias_actions(names, old, previous=[]))
    return old


def last_seen(es: Elasticsearch, index: str) -> dict[str, datetime]:
    return {hit["_id"]: datetime.fromisoformat(hit["_source"]["last_seen"]) for hit in lifecycle.scan(es, index)}


def test_migrate_while_a_crawl_writes_loses_nothing_and_leaves_nothing_stale(
    cluster_es: Elasticsearch, names: config.IndexNames, crawl: Crawl, smaller_archive: tuple[Path, set[str]],
) -> None:
    path, urls = smaller_archive
    old = make_outdated_index(cluster_es, names)
    running = crawl.start("--replay", str(path), "-s", "VNNEWS_BULK_SIZE=50")
    while lifecycle.status(cluster_es, names)["indices"][0]["docs"] < MIGRATE_AFTER_INDEXED:
        assert running.poll() is None, "the crawl ended before the migration started"
        cluster_es.indices.refresh(index=old)
    done = lifecycle.migrate(cluster_es, names, ONE_REPLICA)
    result = crawl.finish(running, timeout=400)

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert running.returncode == 0 and any(line.startswith("copied") for line in done)
    new = names.physical(schema.SCHEMA_VERSION)
    stored = stored_urls(cluster_es, names.read_alias)
    assert len(stored) == FEWER_ARTICLES and set(stored) == urls
    cluster_es.indices.refresh(index=old)
    before, after = last_seen(cluster_es, old), last_seen(cluster_es, new)
    stale = [doc for doc, seen in before.items() if after[doc] < seen]
    assert not stale, f"{len(stale)} documents older in {new} than in {old}"
    assert lifecycle.status(cluster_es, names)["cluster"]["status"] == "green"
