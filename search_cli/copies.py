"""Syndicated copies in search results: one hit per syndication group, with the sites of the other
copies (`also in: ...`), and the copies of one article for `vnnews show`.

The query keeps each group's earliest copy (search_cli.query.leaders_only); the copies of the shown hits
come from one more `terms` query on their groups.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from search_cli.results import Hit, SearchResult

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

COPY_SOURCE = ["site", "published_at", "url", "canonical_url", "syndication_group"]
MAX_COPIES = 1000


def copies_body(groups: list[str]) -> dict:
    return {"query": {"terms": {"syndication_group": groups}}, "size": MAX_COPIES, "_source": COPY_SOURCE,
            "sort": [{"published_at": {"order": "asc", "missing": "_last"}}]}


def group_members(es: Elasticsearch, alias: str, groups: list[str]) -> dict[str, list[dict]]:
    """The copies of each group, earliest first: {group: [{id, site, published_at, url}]}."""
    members: dict[str, list[dict]] = {group: [] for group in groups}
    if not groups:
        return members
    for raw in es.search(index=alias, body=copies_body(groups))["hits"]["hits"]:
        source = raw["_source"]
        members[source["syndication_group"]].append(
            {"id": raw["_id"], "site": source.get("site"), "published_at": source.get("published_at"),
             "url": source.get("canonical_url") or source.get("url")})
    return members


def with_copies(result: SearchResult, es: Elasticsearch, alias: str, one_per_group: bool) -> SearchResult:
    """`result` with each hit's `also_in` filled; with `one_per_group`, later hits of a group already
    shown are dropped (a leader flag not yet updated must not show a story twice)."""
    members = group_members(es, alias, list(dict.fromkeys(hit.group for hit in result.hits if hit.group)))
    hits: list[Hit] = []
    shown: set[str] = set()
    for hit in result.hits:
        if one_per_group and hit.group and hit.group in shown:
            continue
        shown.add(hit.group or hit.id)
        others = [m["site"] for m in members.get(hit.group or "", []) if m["id"] != hit.id]
        hits.append(replace(hit, also_in=tuple(dict.fromkeys(others)), copies=len(others)))
    return replace(result, hits=hits)


def copies_of(es: Elasticsearch, alias: str, record: dict) -> list[dict]:
    """The other copies of a stored article, earliest first."""
    group = record.get("syndication_group")
    if not group:
        return []
    return [m for m in group_members(es, alias, [group])[group] if m["id"] != record["id"]]
