"""Node loss mid-crawl on three nodes: a node is SIGKILLed while a replay crawl of ARTICLES articles
writes to an index of three shards with one replica each. The crawl finishes on the two survivors
(nothing spooled), searches during the outage answer (and say so when shards are missing), the node
rejoins, and the index then holds every article exactly once. Once with a node that is not the elected
master, once with the master (a new one is elected)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cluster_support import ARTICLES, Crawl, stored_urls, vnnews
from elasticsearch import ApiError, Elasticsearch

from index import cluster, config, lifecycle

pytestmark = pytest.mark.cluster

KILL_AFTER_INDEXED = 300
ONE_REPLICA = lifecycle.Layout(shards=3, replicas=1)
NO_REPLICA = lifecycle.Layout(shards=3, replicas=0)


def master_name(es: Elasticsearch) -> str:
    return es.cat.master(format="json")[0]["node"]


def choose_victim(es: Elasticsearch, planned: cluster.Cluster, master: bool) -> cluster.Node:
    elected = master_name(es)
    return next(node for node in planned.nodes if (node.name == elected) == master)


def wait_for_new_master(es: Elasticsearch, killed: cluster.Node) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if master_name(es) != killed.name:
                return
        except ApiError:  # no master at this moment (503): the election is under way
            pass
        assert time.monotonic() < deadline, "no new master elected within a minute"
        time.sleep(0.5)


def indexed(es: Elasticsearch, alias: str) -> int:
    es.indices.refresh(index=alias)
    return es.count(index=alias)["count"]


def wait_until_indexed(es: Elasticsearch, alias: str, count: int, crawl: object) -> None:
    deadline = time.monotonic() + 120
    while indexed(es, alias) < count:
        assert crawl.poll() is None, "the crawl ended before a node could be killed"
        assert time.monotonic() < deadline, f"fewer than {count} articles indexed in two minutes"
        time.sleep(0.2)


def search_during_outage(partial: config.IndexNames) -> tuple[str, str]:
    """`vnnews search` on the article index (replicas: complete) and on an index without replicas
    (a shard is gone with the node): stdout of the first, stderr of the second."""
    complete = vnnews("search", "kiểm toán", "--json")
    assert complete.returncode == 0, complete.stderr
    missing = vnnews("search", "kiểm toán", "--json", env={"VNNEWS_INDEX": partial.base})
    assert missing.returncode == 0, missing.stderr
    return complete.stdout, missing.stderr


@pytest.mark.parametrize("master", [False, True], ids=["data-node", "master-node"])
def test_a_node_killed_mid_crawl_loses_and_doubles_nothing(
    cluster_es: Elasticsearch, three_nodes: cluster.Cluster, names: config.IndexNames, crawl: Crawl,
    archive: tuple[Path, set[str]], master: bool,
) -> None:
    path, urls = archive
    lifecycle.create(cluster_es, names, ONE_REPLICA)
    partial = config.IndexNames(f"{names.base}-partial")
    lifecycle.create(cluster_es, partial, NO_REPLICA)
    cluster_es.cluster.health(wait_for_status="green", timeout="60s")

    running = crawl.start("--replay", str(path), "-s", "VNNEWS_BULK_SIZE=50")
    wait_until_indexed(cluster_es, names.read_alias, KILL_AFTER_INDEXED, running)
    victim = choose_victim(cluster_es, three_nodes, master)
    killed_at = time.monotonic()
    cluster.kill(victim)
    complete, warning = search_during_outage(partial)
    if master:
        wait_for_new_master(cluster_es, victim)
    # the node starts again while the crawl goes on: its shard copies recover under write
    with ThreadPoolExecutor(1) as pool:
        rejoined = pool.submit(cluster.restart_node, three_nodes, victim)
        result = crawl.finish(running, timeout=300)
        crawl_seconds = time.monotonic() - killed_at
        rejoined.result()
    health = cluster_es.cluster.health(index=names.read_alias, wait_for_status="green", timeout="120s")
    print(f"\nkilled {victim.name} (master: {master}): crawl finished {crawl_seconds:.1f} s after the kill, "
          f"node back and index green {time.monotonic() - killed_at:.1f} s after the kill")

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert result.summary["indexed"] == ARTICLES and result.summary["spooled"] == 0
    assert '"total"' in complete
    assert warning.count("\n") == 1 and "partial results" in warning, warning
    assert health["status"] == "green"

    stored = stored_urls(cluster_es, names.read_alias)
    assert len(stored) == ARTICLES, "every article exactly once"
    assert set(stored) == urls
