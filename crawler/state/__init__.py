"""Crawl state shared in Elasticsearch (index.crawl_state): which article pages (and dated sitemaps) are
due, who fetches them, and what became of them, for crawls that run again and again (cron, scrapyd) on one
machine or several. It evolves `crawler.journal.CrawlState` for a shared store: the journal answers
`handled(url)` from memory, one URL at a time; this state answers a whole batch at once (`select`, which
also claims), records outcomes as they come (`record_articles` is the journal's `record`) and ends with
`close`. The resume journal keeps working beside it.

Reads and writes go by batch: `select` asks for every article URL one callback yielded in one `mget`, and
claims the due ones in one `bulk` (`create` of a new URL's document, or an update guarded by
`if_seq_no`/`if_primary_term`): of two processes claiming the same URL one gets a conflict and leaves it,
so no URL is fetched twice in one claim window (VNNEWS_STATE_CLAIM_SECONDS). Outcomes are buffered and
written in bulks of VNNEWS_STATE_BATCH.

The resume journal's guarantee holds: a page is done (`article`, `not_article`) only once its article is
durable (`record_articles`, from the index pipeline's `articles_durable`) or dropped with a reason. A
page fetched but not done is due again as soon as its claim ends (a crash: when the claim expires).

When a page is due: never seen; seen but not done; done and its `next_due` passed; or its sitemap
`lastmod` is newer than its last fetch. A sitemap of a sitemap index is read again only when its lastmod
there is newer than its last reading (or it has none). An article is revisited on a decaying schedule (corrections come
early): next due = fetch + max(1 h, age / 4), its age counted from its publication.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from crawler.normalise.dates import parse_structured_date
from index import crawl_state

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch
    from scrapy.http import Response

logger = logging.getLogger(__name__)

MIN_REVISIT = timedelta(hours=1)
REVISIT_UNDATED = timedelta(days=1)
REVISIT_NOT_ARTICLE = timedelta(days=7)
RETRY_ERROR = timedelta(hours=1)
DONE = ("article", "not_article")
MGET_CHUNK = 1000


def now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def moment_of(value: str | None) -> datetime | None:
    return parse_structured_date(value) if value else None


def next_visit(fetched: datetime, published: datetime | None) -> datetime:
    """The decaying schedule: a fresh article is looked at again within hours, an old one rarely."""
    if published is None:
        return fetched + REVISIT_UNDATED
    return fetched + max(MIN_REVISIT, (fetched - published) / 4)


def is_due(document: dict[str, Any], lastmod: datetime | None, at: datetime) -> bool:
    if document.get("status") == "sitemap":
        fetched = moment_of(document.get("last_fetch"))
        return not (lastmod and fetched and lastmod <= fetched)
    due = moment_of(document.get("next_due"))
    if document.get("status") not in (*DONE, "error") or due is None or due <= at:
        return True
    fetched = moment_of(document.get("last_fetch"))
    return bool(lastmod and fetched and lastmod > fetched)


def is_claimed(document: dict[str, Any], at: datetime) -> bool:
    until = moment_of(document.get("claimed_until"))
    return bool(until and until > at)


@dataclass
class Selection:
    """What `select` decided for a batch: the URLs this run now holds, and those the state knew already."""

    claimed: set[str] = field(default_factory=set)
    known: set[str] = field(default_factory=set)


class EsCrawlState:
    def __init__(self, client: Elasticsearch, index: str, owner: str, site: str,
                 claim: timedelta, batch_size: int) -> None:
        self.client = client
        self.index = index
        self.owner = owner
        self.site = site
        self.claim = claim
        self.batch_size = batch_size
        self.documents: dict[str, dict[str, Any]] = {}  # URL -> its state when claimed
        self.fetched_urls: set[str] = set()
        self.with_items: set[str] = set()
        self.redirected: dict[str, str] = {}  # final URL of an article -> the URL claimed for it
        self.done: set[str] = set()
        self.pending: dict[str, dict[str, Any]] = {}

    # Reading and claiming

    def select(self, candidates: dict[str, datetime | None]) -> Selection:
        """Claim the due URLs of a batch (URL -> sitemap lastmod); one mget, one bulk."""
        at = now()
        found = self.read(list(candidates))
        selection = Selection(known=set(found))
        operations: list[dict[str, Any]] = []
        order: list[str] = []
        for url, lastmod in candidates.items():
            document = found.get(url)
            if document is not None and (url in self.documents or is_claimed(document, at)
                                         or not is_due(document, lastmod, at)):
                continue
            operations += self.claim_operation(url, document, lastmod, at)
            order.append(url)
        if operations:
            answer = self.client.bulk(operations=operations)
            for url, item in zip(order, answer["items"], strict=True):
                if next(iter(item.values()))["status"] in (200, 201):
                    selection.claimed.add(url)
                    self.documents[url] = found.get(url, {})
        return selection

    def read(self, urls: list[str]) -> dict[str, dict[str, Any]]:
        """URL -> its document (with `_seq_no`, `_primary_term`), for those the state holds."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(urls), MGET_CHUNK):
            chunk = urls[start:start + MGET_CHUNK]
            answer = self.client.mget(index=self.index, ids=[crawl_state.document_id(url) for url in chunk])
            for url, doc in zip(chunk, answer["docs"], strict=True):
                if doc.get("found"):
                    found[url] = doc["_source"] | {"_seq_no": doc["_seq_no"], "_primary_term": doc["_primary_term"]}
        return found

    def claim_operation(self, url: str, document: dict[str, Any] | None, lastmod: datetime | None,
                        at: datetime) -> list[dict[str, Any]]:
        claim: dict[str, Any] = {"claimed_by": self.owner, "claimed_until": stamp(at + self.claim)}
        if lastmod:
            claim["sitemap_lastmod"] = stamp(lastmod)
        identity = {"_index": self.index, "_id": crawl_state.document_id(url)}
        if document is None:
            return [{"create": identity}, {"url": url, "site": self.site, "status": "discovered", **claim}]
        guard = {"if_seq_no": document["_seq_no"], "if_primary_term": document["_primary_term"]}
        return [{"update": identity | guard}, {"doc": claim}]

    def conditional_headers(self, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since from the validators of the page's last fetch."""
        document = self.documents.get(url, {})
        headers = {}
        if etag := document.get("etag"):
            headers["If-None-Match"] = etag
        if modified := document.get("last_modified"):
            headers["If-Modified-Since"] = modified
        return headers

    # Outcomes

    def fetched(self, url: str, response: Response) -> str:
        """Record an answer; says whether the page is `new` to the state, `changed` or the `same` as last time."""
        at = now()
        self.fetched_urls.add(url)
        previous = self.documents.get(url, {})
        update: dict[str, Any] = {
            "status": "fetched" if response.status < 400 else "error",
            "http_status": response.status,
            "first_fetch": previous.get("first_fetch") or stamp(at),
            "last_fetch": stamp(at),
            "content_hash": hashlib.sha1(response.body).hexdigest(),
        }
        for header, name in (("ETag", "etag"), ("Last-Modified", "last_modified")):
            if value := response.headers.get(header):
                update[name] = value.decode("latin-1")
        if response.status >= 400:
            update |= {"reason": f"http_{response.status}", "next_due": stamp(at + RETRY_ERROR)}
            self.done.add(url)
        self.write(url, update)
        if not previous.get("content_hash"):
            return "new"
        return "same" if previous["content_hash"] == update["content_hash"] else "changed"

    def not_modified(self, url: str) -> None:
        """A 304: unchanged since the last fetch; due again on the schedule of its publication date."""
        at = now()
        published = moment_of(self.documents.get(url, {}).get("published_at"))
        self.finish(url, {"status": self.documents.get(url, {}).get("status") or "article", "last_fetch": stamp(at),
                          "http_status": 304, "next_due": stamp(next_visit(at, published))})

    def failed(self, url: str, reason: str) -> None:
        self.finish(url, {"status": "error", "reason": reason, "next_due": stamp(now() + RETRY_ERROR)})

    def produced_item(self, url: str, item_url: str) -> None:
        """`url`, claimed, gave the article of `item_url` (its final URL after a redirect)."""
        self.with_items.add(url)
        if item_url != url:
            self.redirected[item_url] = url

    def sitemap_read(self, url: str, response: Response) -> None:
        if response.status >= 400:
            self.fetched(url, response)
        else:
            self.finish(url, {"status": "sitemap", "last_fetch": stamp(now()), "http_status": response.status})

    def record_articles(self, articles: Iterable[dict[str, Any]]) -> None:
        at = now()
        for article in articles:
            published = moment_of(article.get("published_at"))
            update = {"status": "article", "reason": None, "next_due": stamp(next_visit(at, published))}
            if published:
                update["published_at"] = stamp(published)
            self.finish(article["url"], update)
            if claimed := self.redirected.get(article["url"]):
                self.finish(claimed, update)

    def dropped(self, url: str, reason: str) -> None:
        self.finish(url, {"status": "not_article", "reason": reason, "next_due": stamp(now() + REVISIT_NOT_ARTICLE)})

    def finish(self, url: str, update: dict[str, Any]) -> None:
        self.done.add(url)
        self.write(url, update | {"claimed_until": None, "claimed_by": None})

    def write(self, url: str, update: dict[str, Any]) -> None:
        merged = self.pending.setdefault(url, {"url": url, "site": self.site})
        merged.update(update)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        operations: list[dict[str, Any]] = []
        for url, update in self.pending.items():
            operations += [{"update": {"_index": self.index, "_id": crawl_state.document_id(url)}},
                           {"doc": update, "doc_as_upsert": True}]
        self.pending = {}
        from elasticsearch import ApiError, TransportError  # only here: a crawl without state never loads it

        try:
            answer = self.client.bulk(operations=operations)
        except (ApiError, TransportError) as error:
            logger.warning("The crawl state could not be written (%s): %d pages will be fetched again",
                           type(error).__name__, len(operations) // 2)
            return
        if answer["errors"]:
            failed = [item for item in answer["items"] if next(iter(item.values())).get("error")]
            logger.warning("The crawl state kept %d of %d updates: the others' pages will be fetched again",
                           len(operations) // 2 - len(failed), len(operations) // 2)

    def close(self, finished: bool) -> None:
        """A page fetched that yielded no article and no drop is no article; the claims left are released
        (a page with an article not durable yet stays due)."""
        for url in self.fetched_urls - self.done - self.with_items:
            self.dropped(url, "no_item")
        for url in set(self.documents) - self.done:
            self.write(url, {"claimed_until": None, "claimed_by": None})
        self.flush()
