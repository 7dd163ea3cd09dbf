"""Physical indices and aliases of the article index: create, status, migrate, drop-old.

Layout: physical indices `<base>-v<N>` (N = the schema version they were created with), the read alias
`<base>` and the write alias `<base>-write`, both on one physical index. Every operation is safe to run
twice. The server has no `_reindex`, so a migration copies documents client-side (point in time +
search_after + bulk) and then moves both aliases in one atomic `_aliases` call; the old index is kept
until `drop_old`. What writers change in the old index during the copy is found by sequence number
(not by crawl time: a spool replay writes articles seen days ago) and copied again after the alias move.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from index import schema
from index.config import IndexNames
from index.errors import IndexMissing

if TYPE_CHECKING:  # the client is imported where it is used: `vnnews export` pages with index.read_client
    from elasticsearch import Elasticsearch

COPY_PAGE_SIZE = 1000
PIT_KEEP_ALIVE = "5m"


def physical_indices(client: Elasticsearch, names: IndexNames) -> dict[str, dict]:
    """`<base>-v<N>` indices -> their description (aliases, mappings, settings), oldest version first."""
    found = client.options(ignore_status=404).indices.get(index=f"{names.base}-v*", expand_wildcards="all")
    pattern = re.compile(rf"{re.escape(names.base)}-v(\d+)")
    ours = {name: info for name, info in found.body.items() if pattern.fullmatch(name)}
    return dict(sorted(ours.items(), key=lambda item: int(pattern.fullmatch(item[0]).group(1))))


def alias_targets(indices: dict[str, dict], alias: str) -> list[str]:
    return [name for name, info in indices.items() if alias in info.get("aliases", {})]


def schema_version_of(info: dict) -> int | None:
    return info.get("mappings", {}).get("_meta", {}).get("schema_version")


@dataclass(frozen=True)
class Layout:
    """How a new physical index is spread over the cluster: primary shards and replicas of each."""

    shards: int = schema.DEFAULT_SHARDS
    replicas: int = schema.DEFAULT_REPLICAS

    def settings(self) -> dict:
        return {**schema.SETTINGS, "number_of_shards": self.shards, "number_of_replicas": self.replicas}


def create_physical(client: Elasticsearch, name: str, layout: Layout) -> None:
    client.indices.create(index=name, settings=layout.settings(), mappings=schema.MAPPINGS)


def alias_actions(names: IndexNames, index: str, previous: list[str]) -> list[dict]:
    """Point both aliases at `index` (and away from `previous`), as one atomic `_aliases` request."""
    actions: list[dict] = [
        {"remove": {"index": old, "alias": alias}}
        for old in previous
        for alias in (names.read_alias, names.write_alias)
    ]
    actions.append({"add": {"index": index, "alias": names.read_alias}})
    actions.append({"add": {"index": index, "alias": names.write_alias, "is_write_index": True}})
    return actions


def create(client: Elasticsearch, names: IndexNames, layout: Layout = Layout()) -> list[str]:
    """Create the current physical index (spread as `layout` says) and both aliases when absent; returns
    what was done."""
    indices = physical_indices(client, names)
    read, write = alias_targets(indices, names.read_alias), alias_targets(indices, names.write_alias)
    if read and write:
        return [f"nothing to do: {names.read_alias} and {names.write_alias} -> {', '.join(write)}"]
    done = []
    target = (write or read or [names.physical(schema.SCHEMA_VERSION)])[0]
    if target not in indices:
        create_physical(client, target, layout)
        done.append(f"created index {target} (schema version {schema.SCHEMA_VERSION}, {layout.shards} shards, "
                    f"{layout.replicas} replicas)")
    actions = [{"add": {"index": target, "alias": names.read_alias}}] if not read else []
    if not write:
        actions.append({"add": {"index": target, "alias": names.write_alias, "is_write_index": True}})
    client.indices.update_aliases(actions=actions)
    done += [f"alias {action['add']['alias']} -> {target}" for action in actions]
    return done


def status(client: Elasticsearch, names: IndexNames) -> dict:
    """Aliases, physical indices with document counts and schema versions, and whether to migrate."""
    indices = physical_indices(client, names)
    write = alias_targets(indices, names.write_alias)
    if not indices or not write:
        raise IndexMissing(f"no index behind {names.write_alias}: run `vnnews index create`")
    current = schema_version_of(indices[write[0]])
    return {
        "read_alias": {"name": names.read_alias, "indices": alias_targets(indices, names.read_alias)},
        "write_alias": {"name": names.write_alias, "indices": write},
        "indices": [
            {
                "name": name,
                "docs": client.count(index=name)["count"],
                "schema_version": schema_version_of(info),
                "aliases": sorted(info.get("aliases", {})),
            }
            for name, info in indices.items()
        ],
        "schema_version": {"index": current, "code": schema.SCHEMA_VERSION},
        "migration_due": current != schema.SCHEMA_VERSION,
        "cluster": cluster_state(client, list(indices)),
    }


def cluster_state(client: Elasticsearch, indices: list[str]) -> dict:
    """Cluster health, its nodes, and where each shard copy of `indices` is (or why it is unassigned)."""
    health = client.cluster.health()
    nodes = client.cat.nodes(format="json", h="name,ip,node.role,master,heap.percent,disk.used_percent")
    shards = client.cat.shards(index=",".join(indices), format="json",
                               h="index,shard,prirep,state,docs,store,node,unassigned.reason")
    return {
        "name": health["cluster_name"],
        "status": health["status"],
        "nodes": [{"name": node["name"], "master": node["master"] == "*", "roles": node["node.role"],
                   "heap_percent": node["heap.percent"], "disk_percent": node["disk.used_percent"]}
                  for node in nodes],
        "shards": [{"index": shard["index"], "shard": int(shard["shard"]),
                    "primary": shard["prirep"] == "p", "state": shard["state"], "docs": shard["docs"],
                    "store": shard["store"], "node": shard["node"], "unassigned_reason": shard["unassigned.reason"]}
                   for shard in sorted(shards, key=lambda s: (s["index"], int(s["shard"]), s["prirep"]))],
        "unassigned_shards": health["unassigned_shards"],
    }


def migrate(client: Elasticsearch, names: IndexNames, layout: Layout = Layout()) -> list[str]:
    """Copy every document into `<base>-v<SCHEMA_VERSION>` (spread as `layout` says) and move both aliases
    there atomically."""
    indices = physical_indices(client, names)
    write = alias_targets(indices, names.write_alias)
    if not write:
        raise IndexMissing(f"no index behind {names.write_alias}: run `vnnews index create`")
    source, target = write[0], names.physical(schema.SCHEMA_VERSION)
    if source == target:
        return [f"nothing to do: {source} already has schema version {schema.SCHEMA_VERSION}"]
    done = []
    if target not in indices:
        create_physical(client, target, layout)
        done.append(f"created index {target} (schema version {schema.SCHEMA_VERSION}, {layout.shards} shards, "
                    f"{layout.replicas} replicas)")
    copied_up_to = completed_seq_nos(client, source)
    client.indices.refresh(index=source)  # so the copy sees every operation up to those sequence numbers
    copied = copy_documents(client, source, target)
    previous = sorted(set(write) | set(alias_targets(indices, names.read_alias)))
    client.indices.update_aliases(actions=alias_actions(names, target, previous))
    caught_up = catch_up(client, source, target, copied_up_to)
    done.append(f"copied {copied} documents {source} -> {target}")
    done.append(f"aliases {names.read_alias} and {names.write_alias} -> {target} (kept {source})")
    if caught_up:
        done.append(f"copied {caught_up} documents written to {source} during the migration")
    return done


def pit_pages(
    client: Elasticsearch, index: str, query: dict | None = None, sort: list | None = None, size: int | None = None
) -> Iterator[dict]:
    """The search responses for `query` on `index` (default: every document, in index order), page after
    page through one point in time, so that writes meanwhile change nothing; the first page carries the
    exact total. `size` defaults to COPY_PAGE_SIZE. The point in time closes when the pages end or the
    caller stops reading."""
    pit = client.open_point_in_time(index=index, keep_alive=PIT_KEEP_ALIVE)["id"]
    try:
        after = None
        while True:
            page = client.search(
                pit={"id": pit, "keep_alive": PIT_KEEP_ALIVE},
                query=query or {"match_all": {}},
                sort=sort or ["_shard_doc"],  # with a point in time, _shard_doc also breaks ties
                size=size or COPY_PAGE_SIZE,
                search_after=after,
                track_total_hits=after is None,
            )
            pit = page["pit_id"]  # a search may renew it: close the latest one
            hits = page["hits"]["hits"]
            if not hits:
                return
            yield page
            after = hits[-1]["sort"]
    finally:
        client.close_point_in_time(id=pit)


def completed_seq_nos(client: Elasticsearch, index: str) -> dict[str, int]:
    """Per shard, the sequence number up to which every operation on its primary has completed (-1
    when none has). The highest assigned one (`max_seq_no`) could include a write still in flight,
    which a refresh right after might not yet show."""
    stats = client.indices.stats(index=index, level="shards")["indices"][index]["shards"]
    return {
        shard: copy["seq_no"]["local_checkpoint"]
        for shard, copies in stats.items()
        for copy in copies
        if copy["routing"]["primary"]
    }


def changed_since(client: Elasticsearch, index: str, shard: str, seq_no: int) -> Iterator[dict]:
    """The documents of one shard last written by an operation after `seq_no`, oldest first. Sequence
    numbers are unique within a shard, so they serve as the search_after cursor (no point in time)."""
    after = None
    while True:
        page = client.search(
            index=index,
            preference=f"_shards:{shard}",
            query={"range": {"_seq_no": {"gt": seq_no}}},
            sort=[{"_seq_no": "asc"}],
            seq_no_primary_term=True,
            size=COPY_PAGE_SIZE,
            search_after=after,
        )
        hits = page["hits"]["hits"]
        if not hits:
            return
        yield from hits
        after = hits[-1]["sort"]


def scan(client: Elasticsearch, index: str, query: dict | None = None) -> Iterator[dict]:
    """Every hit of `index` (or of `query` on it), in index order, through a point in time."""
    for page in pit_pages(client, index, query):
        yield from page["hits"]["hits"]


def copy_documents(client: Elasticsearch, source: str, target: str) -> int:
    from elasticsearch import helpers

    actions = (
        {"_op_type": "index", "_index": target, "_id": hit["_id"], "_source": hit["_source"]}
        for hit in scan(client, source)
    )
    copied, _ = helpers.bulk(client, actions, chunk_size=COPY_PAGE_SIZE, raise_on_error=True)
    client.indices.refresh(index=target)
    return copied


def catch_up(client: Elasticsearch, source: str, target: str, copied_up_to: dict[str, int]) -> int:
    """Copy again what writers changed in `source` after `copied_up_to` (per shard) until the alias move,
    unless the target already holds a newer crawl of it. Conditional writes: a writer that reached the
    target after the alias move wins."""
    client.indices.refresh(index=source)
    newer = 0
    for shard, seq_no in copied_up_to.items():
        for hit in changed_since(client, source, shard, seq_no):
            if _copy_if_newer(client, target, hit):
                newer += 1
    return newer


def _copy_if_newer(client: Elasticsearch, target: str, hit: dict) -> bool:
    existing = client.options(ignore_status=404).get(index=target, id=hit["_id"], source_includes=["last_seen"])
    if not existing.get("found"):
        condition: dict = {"op_type": "create"}
    elif datetime.fromisoformat(existing["_source"]["last_seen"]) >= _last_seen(hit):
        return False
    else:
        condition = {"if_seq_no": existing["_seq_no"], "if_primary_term": existing["_primary_term"]}
    response = client.options(ignore_status=409).index(
        index=target, id=hit["_id"], document=hit["_source"], **condition
    )
    return response.meta.status < 300


def _last_seen(hit: dict) -> datetime:
    return datetime.fromisoformat(hit["_source"]["last_seen"])


def drop_old(client: Elasticsearch, names: IndexNames) -> list[str]:
    """Delete the physical indices that no alias points to (the ones a migration left behind)."""
    unused = [name for name, info in physical_indices(client, names).items() if not info.get("aliases")]
    for name in unused:
        client.indices.delete(index=name)
    return [f"deleted {name}" for name in unused] or ["nothing to do: every index is behind an alias"]
