"""Syndication groups at index time: which stored (or just crawled) articles a new one is a copy of.

A new article looks up its candidate copies with one `terms` query on its LSH band keywords against the
read alias, plus the articles of the same run (not yet searchable: the writer batches and Elasticsearch
refreshes once a second). It takes the group of its closest copy, else founds its own group (its id).
The earliest-published copy of a group is its leader (`group_leader: true`), the one search shows; when
an earlier copy arrives later, the previous leader is demoted by a partial `_update` by id. A leader still
in the writer's batch cannot be demoted yet: search then sees two leaders of one group on a page and
shows the first (search_cli.copies), so a stale flag never shows a story twice.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from index.config import es_client, index_names
from index.syndication import Fingerprint, fingerprint, is_copy, similarity

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

logger = logging.getLogger(__name__)
CANDIDATES = 50
LOOKUP_PAUSE_S = 30  # after a failed lookup, this run's articles only for this long
SOURCE = ["syndication_sig", "syndication_group", "group_leader", "published_at"]


@dataclass
class Member:
    id: str
    signature: list[int]
    group: str
    leader: bool
    published_at: str | None


@dataclass(frozen=True)
class Found:
    fingerprint: Fingerprint | None  # None: a body too short to compare
    stored: list[Member]  # candidate copies already in the index


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _earlier(first: str | None, second: str | None) -> bool:
    """Whether `first` was published before `second`; an undated copy is never the earlier one."""
    a, b = _moment(first), _moment(second)
    return a is not None and (b is None or a < b)


class SyndicationGroups:
    """Assigns the syndication fields of the articles of one crawl: `look_up` (concurrently), then
    `assign_found` (in order), then `demote`; or all three with `assign`."""

    def __init__(self, client: Elasticsearch | None = None, lookup: bool = True) -> None:
        # Without lookups the index is never asked, so no client: importing one costs a crawl ~0.4 s.
        self.client = client if client is not None or not lookup else es_client()
        self.lookup = lookup  # False: this run's articles only (indexing switched off)
        self.by_band: dict[str, list[Member]] = defaultdict(list)
        self.undemoted: set[str] = set()
        self.paused_until = 0.0  # time.monotonic() before which the index is not searched

    def assign(self, doc_id: str, article: dict[str, Any]) -> dict[str, Any]:
        """The fields `syndication_group`, `group_leader`, `syndication_bands`, `syndication_sig`."""
        fields, demoted = self.assign_found(doc_id, article, self.look_up(doc_id, article))
        self.demote(demoted)
        return fields

    def look_up(self, doc_id: str, article: dict[str, Any]) -> Found:
        """The article's fingerprint and its candidate copies in the index. Reads only: callers may run
        several at once (the crawler does, on a small thread pool), then assign in order."""
        found = fingerprint(article.get("body") or [])
        return Found(found, self._stored(doc_id, found) if found else [])

    def assign_found(self, doc_id: str, article: dict[str, Any], looked_up: Found) -> tuple[dict, list[str]]:
        """The syndication fields, given what `look_up` found, and the ids of the previous leaders to
        demote (`demote`). One call at a time, in order: this run's articles are remembered here."""
        found = looked_up.fingerprint
        if found is None:
            return {"syndication_group": doc_id, "group_leader": True, "syndication_bands": [],
                    "syndication_sig": []}, []
        candidates = {m.id: m for band in found.bands for m in self.by_band.get(band, []) if m.id != doc_id}
        for member in looked_up.stored:
            candidates.setdefault(member.id, member)
        copies = [m for m in candidates.values() if is_copy(found.signature, m.signature)]
        published = article.get("published_at")
        group, leader, demoted = doc_id, True, []
        if copies:
            group = max(copies, key=lambda m: similarity(found.signature, m.signature)).group
            members = [m for m in copies if m.group == group]
            leader = all(_earlier(published, m.published_at) for m in members)
            if leader:
                demoted = [m.id for m in members if m.leader]
                for member in members:
                    member.leader = False
        self._remember(Member(doc_id, found.signature, group, leader, published), found)
        return {"syndication_group": group, "group_leader": leader, "syndication_bands": found.bands,
                "syndication_sig": found.signature}, demoted

    def _stored(self, doc_id: str, found: Fingerprint) -> list[Member]:
        if not self.lookup:
            return []
        from elasticsearch import ApiError, TransportError

        if time.monotonic() < self.paused_until:
            return []
        query = {"bool": {"filter": [{"terms": {"syndication_bands": found.bands}}],
                          "must_not": [{"ids": {"values": [doc_id]}}]}}
        try:
            hits = self.client.search(index=index_names().read_alias, query=query, size=CANDIDATES,
                                      source=SOURCE)["hits"]["hits"]
        except (ApiError, TransportError) as error:
            # an unreachable server or a missing index: the writer spools the article; grouping falls
            # back to this run's articles rather than stopping the crawl, and the index is not asked
            # again for a while (each failed request costs the client's retries and timeouts)
            self.paused_until = time.monotonic() + LOOKUP_PAUSE_S
            logger.warning("syndication lookup failed, this run's articles only for %d s: %s", LOOKUP_PAUSE_S, error)
            return []
        return [Member(hit["_id"], hit["_source"].get("syndication_sig") or [], hit["_source"]["syndication_group"],
                       bool(hit["_source"].get("group_leader")), hit["_source"].get("published_at"))
                for hit in hits if hit["_source"].get("syndication_sig")]

    def demote(self, ids: list[str], refresh: str | bool = False) -> None:
        """Previous leaders are leaders no more (a partial update by id). One not written yet (still in
        the writer's batch) is kept in `undemoted`, for `demote_undemoted` once the crawl has written it."""
        if not self.lookup:
            return
        if time.monotonic() < self.paused_until:
            self.undemoted.update(ids)
            return
        from elasticsearch import ApiError, TransportError

        for doc_id in ids:
            try:
                # require_alias: a missing alias must not auto-create a concrete index of its name
                self.client.update(index=index_names().write_alias, id=doc_id, doc={"group_leader": False},
                                   retry_on_conflict=3, require_alias=True, refresh=refresh)
                self.undemoted.discard(doc_id)
            except (ApiError, TransportError) as error:
                self.undemoted.add(doc_id)
                logger.info("previous leader %s not demoted (not written yet?): %s", doc_id, error)

    def demote_undemoted(self) -> None:
        """Demote the previous leaders that were not written yet when their copy took the lead, at the end
        of a crawl: waiting for a refresh, so that a search right after it shows one copy per story."""
        self.demote(sorted(self.undemoted), refresh="wait_for")

    def _remember(self, member: Member, found: Fingerprint) -> None:
        for band in found.bands:
            self.by_band[band].append(member)
