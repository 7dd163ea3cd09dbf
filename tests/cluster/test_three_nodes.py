"""The three-node cluster itself: one root-owned distribution shared by the nodes (the guarantee of
index.server holds for each), 512 MB heap each, and `vnnews index status` showing the cluster on one
screen."""

from __future__ import annotations

import os
import pwd
import time
from pathlib import Path

import pytest
from cluster_support import vnnews
from elasticsearch import Elasticsearch

from index import cluster, config, lifecycle, server

pytestmark = pytest.mark.cluster


def test_nodes_share_one_root_owned_distribution_and_own_only_their_service_dirs(
    three_nodes: cluster.Cluster, cluster_es: Elasticsearch,
) -> None:
    assert server.trusted_tree(server.es_home())
    account = pwd.getpwnam(server.SERVER_USER).pw_uid if os.geteuid() == 0 else os.geteuid()
    for node in three_nodes.nodes:
        command = Path(f"/proc/{cluster.pid(node)}/cmdline").read_bytes().split(b"\0")
        assert f"-Des.path.home={server.es_home()}".encode() in command and b"-Xmx512m" in command
        if os.geteuid() == 0:
            assert server.trusted_tree(node.config_dir)
            assert {path.name for path in node.directory.iterdir() if path.stat().st_uid == account} == set(
                server.SERVICE_DIRS)
    plugins = {(row["name"], row["component"]) for row in cluster_es.cat.plugins(format="json")}
    assert plugins == {(node.name, server.PLUGIN_NAME) for node in three_nodes.nodes}


def test_status_shows_health_nodes_and_every_shard_copy(cluster_es: Elasticsearch, names: config.IndexNames) -> None:
    created = vnnews("index", "create", "--shards", "2", "--replicas", "1")
    assert created.returncode == 0, created.stderr
    cluster_es.cluster.health(index=names.read_alias, wait_for_status="green", timeout="60s")
    shown = vnnews("index", "status")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert any(line.startswith("cluster") and "health green" in line and "3 nodes" in line for line in lines)
    assert sum(line.startswith("node ") for line in lines) == 3
    copies = [line for line in lines if line.startswith("shard ")]
    assert len(copies) == 4 and all("STARTED" in line for line in copies)
    state = lifecycle.status(cluster_es, names)["cluster"]
    assert len({shard["node"] for shard in state["shards"]}) >= 2, "a primary and its replica on different nodes"


def test_sniffing_finds_every_node_from_one(
    three_nodes: cluster.Cluster, cluster_es: Elasticsearch, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ES_URL", three_nodes.nodes[0].url)
    monkeypatch.setenv("VNNEWS_ES_SNIFF", "1")
    config.es_client.cache_clear()
    client = config.es_client()
    assert client.cluster.health()["number_of_nodes"] == 3
    deadline = time.monotonic() + 10  # the first sniff may run beside the first request
    while len(client.transport.node_pool.all()) < 3:
        assert time.monotonic() < deadline, "sniffing did not find the other nodes"
        time.sleep(0.2)
    ports = {node.port for node in client.transport.node_pool.all()}
    assert ports == {node.http_port for node in three_nodes.nodes}
