"""Syndication groups at index time: which stored (or just crawled) articles a new one is a copy of.

A new article's candidate copies are the articles of the same run sharing the most LSH bands with it
(not yet searchable: the writer batches, and the index refreshes every few seconds), and the stored ones
sharing a band, group leaders first (a query on its band keywords through the write alias, on the same
index as the read alias, which the crawler's role may read; the articles that arrive together share one
search, the stored articles of each of their bands in an aggregation). The run's candidates are left out
of that search: they are compared from memory, and fetching them again cost the server most of a lookup.
Both are capped, so a story copied hundreds of times costs each new copy no more than a few dozen
comparisons. It takes the group of its closest copy, else founds its own group (its id). The
earliest-published copy of a group is its leader (`group_leader: true`), the one search shows; when an
earlier copy arrives later, the previous leader is demoted: the crawler changes the flag of one still
waiting for its batch (crawler/pipelines/index.py), `demote` the others by a partial update by id. One that
the writer is sending at that moment cannot be demoted yet: search then sees two leaders of one group on a
page and shows the first (search_cli.copies), so a stale flag never shows a story twice.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

from index.config import es_client, index_names
from index.syndication import COPY_SIMILARITY, Fingerprint, fingerprint, similarity

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

logger = logging.getLogger(__name__)
CANDIDATES = 50  # of this run's articles, compared with a new one
STORED_CANDIDATES = 10  # of the index's: each costs the server a fetch of its source
BAND_MEMORY = 200
LOOKUP_PAUSE_S = 30  # after a failed lookup, this run's articles only for this long
SOURCE = ["syndication_sig", "syndication_group", "group_leader", "published_at"]
_ID = attrgetter("id")


@dataclass
class Member:
    id: str
    signature: list[int]
    group: str
    leader: bool
    published_at: str | None
    number: int = -1  # this run's count of assigned articles when it was assigned; -1: a stored article


@dataclass(frozen=True)
class Lookup:
    """What the index is asked about one article. Made where this run's memory is read and changed
    (`lookup_of`, in order), sent from any thread (`look_up`), which reads only its ids."""

    doc_id: str
    fingerprint: Fingerprint | None  # None: a body too short to compare
    known: dict[str, Member]  # this run's candidates then, compared from memory: not fetched again
    assigned: int  # this run's count of assigned articles then


@dataclass(frozen=True)
class Found:
    lookup: Lookup
    stored: list[Member]  # candidate copies already in the index

    @property
    def fingerprint(self) -> Fingerprint | None:
        return self.lookup.fingerprint


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _candidates_search(lookups: list[Lookup], bands: list[str]) -> dict[str, Any]:
    """One search for a batch: per band of the batch, the STORED_CANDIDATES stored articles that carry it,
    group leaders first (a new copy must see its group's leader to know whether it is earlier), leaving out
    the batch's own articles and the run's candidates (compared from memory)."""
    left_out = [doc_id for lookup in lookups for doc_id in (lookup.doc_id, *lookup.known)]
    per_band = {"top_hits": {"size": STORED_CANDIDATES, "sort": [{"group_leader": "desc"}], "_source": SOURCE}}
    return {"size": 0, "track_total_hits": False,
            "query": {"bool": {"filter": [{"terms": {"syndication_bands": bands}}],
                               "must_not": [{"ids": {"values": left_out}}]}},
            "aggs": {"bands": {"terms": {"field": "syndication_bands", "include": bands, "size": len(bands)},
                               "aggs": {"stored": per_band}}}}


def _ranked(found: Fingerprint, by_band: dict[str, list[dict[str, Any]]]) -> list[Member]:
    """The stored candidates of one article: of the hits of its bands, group leaders first, then by the
    number of its bands they carry; STORED_CANDIDATES at most."""
    shared: Counter[str] = Counter()
    hits: dict[str, dict[str, Any]] = {}
    for band in found.bands:
        for hit in by_band.get(band, ()):
            shared[hit["_id"]] += 1
            hits[hit["_id"]] = hit
    best = sorted(hits, key=lambda doc_id: (bool(hits[doc_id]["_source"].get("group_leader")), shared[doc_id]),
                  reverse=True)
    return [_member(hits[doc_id]) for doc_id in best[:STORED_CANDIDATES]]


def _member(hit: dict[str, Any]) -> Member:
    source = hit["_source"]
    return Member(hit["_id"], source["syndication_sig"], source["syndication_group"], bool(source.get("group_leader")),
                  source.get("published_at"))


def _earlier(first: str | None, second: str | None) -> bool:
    """Whether `first` was published before `second`; an undated copy is never the earlier one."""
    a, b = _moment(first), _moment(second)
    return a is not None and (b is None or a < b)


class SyndicationGroups:
    """Assigns the syndication fields of the articles of one crawl: `lookup_of` (in order), `look_up`
    (concurrently), then `assign_found` (in order), then `demote`; or all four with `assign`."""

    def __init__(self, client: Elasticsearch | None = None, lookup: bool = True) -> None:
        # Without lookups the index is never asked, so no client: importing one costs a crawl ~0.4 s.
        self.client = client if client is not None or not lookup else es_client()
        self.lookup = lookup  # False: this run's articles only (indexing switched off)
        # the latest BAND_MEMORY articles of this run per band; the leader of each group of several
        self.by_band: dict[str, deque[Member]] = defaultdict(lambda: deque(maxlen=BAND_MEMORY))
        self.leaders: dict[str, Member] = {}
        self.assigned = 0
        self.undemoted: set[str] = set()
        self.paused_until = 0.0  # time.monotonic() before which the index is not searched

    def assign(self, doc_id: str, article: dict[str, Any]) -> dict[str, Any]:
        """The fields `syndication_group`, `group_leader`, `syndication_bands`, `syndication_sig`."""
        fields, demoted = self.assign_found(doc_id, article, self.look_up([self.lookup_of(doc_id, article)])[0])
        self.demote(demoted)
        return fields

    def lookup_of(self, doc_id: str, article: dict[str, Any]) -> Lookup:
        """The article's fingerprint and the run's candidates so far. Reads this run's memory: on the
        thread that assigns."""
        found = fingerprint(article.get("body") or [])
        return Lookup(doc_id, found, self._remembered(doc_id, found) if found else {}, self.assigned)

    def look_up(self, lookups: list[Lookup]) -> list[Found]:
        """Each article's candidate copies in the index, one request for all. Reads only the index:
        callers may run several at once (the crawler does, on a small thread pool), then assign in order."""
        stored = iter(self._stored([(lookup, lookup.fingerprint) for lookup in lookups if lookup.fingerprint]))
        return [Found(lookup, next(stored) if lookup.fingerprint else []) for lookup in lookups]

    def assign_found(self, doc_id: str, article: dict[str, Any], looked_up: Found) -> tuple[dict, list[str]]:
        """The syndication fields, given what `look_up` found, and the ids of the previous leaders to
        demote (`demote`). One call at a time, in order: this run's articles are remembered here."""
        found = looked_up.fingerprint
        if found is None:
            return {"syndication_group": doc_id, "group_leader": True, "syndication_bands": [],
                    "syndication_sig": []}, []
        scored = [(similarity(found.signature, m.signature), m) for m in self._candidates(found, looked_up)]
        copies = [member for score, member in sorted(scored, key=itemgetter(0), reverse=True)
                  if score >= COPY_SIMILARITY]
        published = article.get("published_at")
        group, leader, demoted = doc_id, True, []
        if copies:
            group = copies[0].group  # the closest copy's
            members = [m for m in copies if m.group == group]
            if (known := self.leaders.get(group)) and all(m.id != known.id for m in members):
                members.append(known)
            leader = all(_earlier(published, m.published_at) for m in members)
            if leader:
                demoted = [m.id for m in members if m.leader]
                for member in members:
                    member.leader = False
            elif current := next((m for m in members if m.leader), None):
                self.leaders.setdefault(group, current)
        member = Member(doc_id, found.signature, group, leader, published, self.assigned)
        self.assigned += 1
        if copies and leader:
            self.leaders[group] = member
        for band in found.bands:
            self.by_band[band].append(member)
        return {"syndication_group": group, "group_leader": leader, "syndication_bands": found.bands,
                "syndication_sig": found.signature}, demoted

    def _candidates(self, found: Fingerprint, looked_up: Found) -> list[Member]:
        """This run's candidates when the lookup was made, those of its articles sharing a band with `found`
        assigned since (the lookup's own batch: a few dozen at most), then the stored ones."""
        candidates = dict(looked_up.lookup.known)
        for members in filter(None, map(self.by_band.get, found.bands)):
            for member in reversed(members):
                if member.number < looked_up.lookup.assigned:
                    break
                candidates.setdefault(member.id, member)
        for member in looked_up.stored:
            candidates.setdefault(member.id, member)
        return list(candidates.values())

    def _remembered(self, doc_id: str, found: Fingerprint) -> dict[str, Member]:
        """This run's articles sharing the most bands with `found`, CANDIDATES at most, by id: a story
        copied hundreds of times, or a daily bulletin, would otherwise make every new copy compare itself
        with all the earlier ones."""
        # Counted without a Python loop (C iterators end to end), over up to BANDS * BAND_MEMORY members.
        bands = list(filter(None, map(self.by_band.get, found.bands)))
        shared = Counter(map(_ID, chain.from_iterable(bands)))
        shared.pop(doc_id, None)
        remembered = dict(zip(map(_ID, chain.from_iterable(bands)), chain.from_iterable(bands), strict=True))
        return {member_id: remembered[member_id] for member_id, _ in shared.most_common(CANDIDATES)}

    def _stored(self, asked: list[tuple[Lookup, Fingerprint]]) -> list[list[Member]]:
        """The candidate copies in the index of each (lookup, its fingerprint), with one search for all: a
        search per article (an `_msearch` of them) cost the server four times more and the lookup thread
        twice as much, most of it building and serialising the queries."""
        nothing: list[list[Member]] = [[] for _ in asked]
        if not asked or not self.lookup or time.monotonic() < self.paused_until:
            return nothing
        from elasticsearch import ApiError, TransportError

        bands = sorted({band for _, found in asked for band in found.bands})
        try:
            answer = self.client.search(index=index_names().write_alias,
                                        **_candidates_search([lookup for lookup, _ in asked], bands))
        except (ApiError, TransportError) as error:
            self._pause(error)
            return nothing
        by_band = {bucket["key"]: [hit for hit in bucket["stored"]["hits"]["hits"]
                                   if hit["_source"].get("syndication_sig")]
                   for bucket in answer["aggregations"]["bands"]["buckets"]}
        return [_ranked(found, by_band) for _, found in asked]

    def _pause(self, error: object) -> None:
        """An unreachable server or a missing index: the writer spools the articles; grouping falls back
        to this run's articles rather than stopping the crawl, and the index is not asked again for a
        while (each failed request costs the client's retries and timeouts)."""
        self.paused_until = time.monotonic() + LOOKUP_PAUSE_S
        logger.warning("syndication lookup failed, this run's articles only for %d s: %s", LOOKUP_PAUSE_S, error)

    def demote(self, ids: list[str], refresh: bool = False) -> None:
        """Previous leaders are leaders no more (partial updates by id, one `_bulk`). One not written yet
        (still in the writer's batch) is kept in `undemoted`, for `demote_undemoted` once the crawl has
        written it."""
        if not self.lookup or not ids:
            return
        if time.monotonic() < self.paused_until:
            self.undemoted.update(ids)
            return
        from elasticsearch import ApiError, TransportError

        operations: list[dict[str, Any]] = []
        for doc_id in ids:
            operations += [{"update": {"_id": doc_id, "retry_on_conflict": 3}}, {"doc": {"group_leader": False}}]
        try:
            # require_alias: a missing alias must not auto-create a concrete index of its name
            items = self.client.bulk(operations=operations, index=index_names().write_alias, require_alias=True,
                                     refresh=refresh)["items"]
        except (ApiError, TransportError) as error:
            self.undemoted.update(ids)
            logger.info("previous leaders %s not demoted: %s", ", ".join(ids), error)
            return
        for doc_id, item in zip(ids, items, strict=True):
            if "error" in item["update"]:
                self.undemoted.add(doc_id)
                logger.info("previous leader %s not demoted (not written yet?): %s", doc_id, item["update"]["error"])
            else:
                self.undemoted.discard(doc_id)

    def demote_undemoted(self, waiting: list[str]) -> None:
        """At the end of a crawl, demote the previous leaders still `waiting` for it and those that were
        not written yet when their copy took the lead, with a refresh, so that a search right after it
        shows one copy per story."""
        self.demote(sorted(self.undemoted.union(waiting)), refresh=True)
