"""Bulk indexing of articles that never loses a document.

`BulkWriter.add(article)` buffers articles and writes them in batches to the write alias. Before each
batch it fetches the stored versions (`mget`) and merges client-side (the server has no scripts):
`first_seen` is kept, `last_seen` moves, `version` goes up only when `content_hash` changes. Writes are
conditional (`create` for new documents, `if_seq_no`/`if_primary_term` for known ones), so two writers
racing on one article re-merge instead of overwriting each other.

Failures never drop a document:
- transient (connection, timeout, 429, 5xx, missing index) after retries -> appended to the spool
  (`data_dir()/spool/articles.jsonl`, fsynced); `replay_spool()` re-sends it later;
- rejected for its content (mapping error, any other 4xx) -> `data_dir()/dead-letter.jsonl` with the reason.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch

from index import config

# Vietnam has had no daylight saving time since 1975, so a fixed offset is exact.
VIETNAM = timezone(timedelta(hours=7))
TRANSIENT_STATUSES = frozenset({404, 408, 409, 429, 500, 502, 503, 504})


def document_id(canonical_url: str) -> str:
    return hashlib.sha256(canonical_url.encode()).hexdigest()


def now_iso() -> str:
    return datetime.now(VIETNAM).isoformat(timespec="seconds")


def spool_file() -> Path:
    return config.data_dir() / "spool" / "articles.jsonl"


def dead_letter_file() -> Path:
    return config.data_dir() / "dead-letter.jsonl"


@dataclass
class WriteReport:
    indexed: int = 0
    spooled: int = 0
    dead_lettered: int = 0
    replayed: int = 0

    def add(self, other: WriteReport) -> None:
        self.indexed += other.indexed
        self.spooled += other.spooled
        self.dead_lettered += other.dead_lettered
        self.replayed += other.replayed


@dataclass
class Pending:
    """An article waiting to be written, with the time the crawler saw it (kept through the spool)."""

    article: dict
    seen_at: str

    @property
    def doc_id(self) -> str:
        return document_id(self.article["canonical_url"])

    def to_line(self) -> str:
        return json.dumps({"seen_at": self.seen_at, "article": self.article}, ensure_ascii=False) + "\n"


def merge(article: dict, seen_at: str, stored: dict | None) -> dict:
    """The full document to index, given the article just crawled and the stored document, if any."""
    doc = dict(article)
    if stored is None:
        return doc | {"first_seen": seen_at, "last_seen": seen_at, "version": 1}
    doc["first_seen"] = stored.get("first_seen") or seen_at
    doc["last_seen"] = max(stored.get("last_seen") or seen_at, seen_at, key=datetime.fromisoformat)
    if stored.get("content_hash") == article.get("content_hash"):
        doc["version"] = stored.get("version", 1)
        doc["updated_at"] = stored.get("updated_at")
    else:
        doc["version"] = stored.get("version", 1) + 1
        doc["updated_at"] = article.get("updated_at") or seen_at
    return doc


class BatchOutcome:
    """What became of one batch: written, rejected for good (with reasons), or to be retried later."""

    def __init__(self) -> None:
        self.written: list[Pending] = []
        self.rejected: list[tuple[Pending, str]] = []
        self.retry: list[Pending] = []


class BulkWriter:
    """Batched, merging, loss-free writes of articles to the write alias.

    Use as a context manager (or call `close()`) so the last partial batch is written.
    """

    def __init__(
        self,
        client: Elasticsearch | None = None,
        *,
        batch_size: int = 200,
        max_retries: int = 3,
        backoff_seconds: float = 0.5,
    ) -> None:
        self.client = client if client is not None else config.es_client()
        self.index = config.index_names().write_alias
        self.batch_size = batch_size
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self.report = WriteReport()
        self.buffer: list[Pending] = []

    def __enter__(self) -> BulkWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def add(self, article: dict) -> None:
        self.buffer.append(Pending(article, now_iso()))
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> WriteReport:
        batch, self.buffer = self.buffer, []
        if batch:
            outcome = self._write(batch)
            _dead_letter_all(outcome.rejected)
            _append_lines(spool_file(), [pending.to_line() for pending in outcome.retry])
            self.report.indexed += len(outcome.written)
            self.report.spooled += len(outcome.retry)
            self.report.dead_lettered += len(outcome.rejected)
        return self.report

    def close(self) -> WriteReport:
        return self.flush()

    def replay_spool(self) -> WriteReport:
        """Re-send the spool; keep in it only what still could not be written (crash-safe rewrite).

        Holds the spool lock throughout, so a crawler spooling meanwhile waits instead of being lost.
        Stops at the first batch of which nothing could be written: the server is still unavailable.
        """
        replay = WriteReport()
        path = spool_file()
        with _spool_lock():
            lines = _read_lines(path)
            remaining: list[str] = []
            for start in range(0, len(lines), self.batch_size):
                batch, corrupt = _parse_spool_lines(lines[start : start + self.batch_size])
                outcome = self._write(batch)
                _dead_letter_all(outcome.rejected)
                for line in corrupt:
                    _dead_letter(None, "unreadable spool line", raw=line)
                remaining += [pending.to_line() for pending in outcome.retry]
                replay.replayed += len(outcome.written)
                replay.dead_lettered += len(outcome.rejected) + len(corrupt)
                if outcome.retry and not outcome.written:
                    remaining += lines[start + self.batch_size :]
                    break
            replay.spooled = len(remaining)
            if lines:
                _rewrite(path, remaining)
        self.report.replayed += replay.replayed
        self.report.dead_lettered += replay.dead_lettered
        return replay

    def _write(self, batch: list[Pending]) -> BatchOutcome:
        """Merge and write with retries; conflicts and transient failures are retried with backoff."""
        outcome = BatchOutcome()
        todo = list(_last_per_id(_without_id_problems(batch, outcome)).values())
        for attempt in range(self.max_retries + 1):
            if not todo:
                break
            if attempt:
                time.sleep(self.backoff_seconds * 2 ** (attempt - 1))
            todo = self._attempt(todo, outcome)
        outcome.retry = todo
        return outcome

    def _attempt(self, todo: list[Pending], outcome: BatchOutcome) -> list[Pending]:
        """One merge + bulk round; returns what must be tried again."""
        # Any failure of a whole request (server down, overloaded, alias missing) is worth retrying later:
        # the documents themselves were not judged.
        try:
            stored = self._fetch([pending.doc_id for pending in todo])
            operations = list(self._operations(todo, stored))
            response = self.client.bulk(operations=operations, index=self.index, require_alias=True)
        except (TransportError, ApiError):
            return todo
        again = []
        for pending, item in zip(todo, response["items"], strict=True):
            result = next(iter(item.values()))
            status = result["status"]
            if status < 300:
                outcome.written.append(pending)
            elif status in TRANSIENT_STATUSES:
                again.append(pending)
            else:
                outcome.rejected.append((pending, _reason(result)))
        return again

    def _fetch(self, ids: list[str]) -> dict[str, dict]:
        """Stored documents by id, with their sequence numbers for the conditional write."""
        found = self.client.mget(index=self.index, ids=ids, source_includes=MERGE_FIELDS)["docs"]
        return {doc["_id"]: doc for doc in found if doc.get("found")}

    def _operations(self, todo: list[Pending], stored: dict[str, dict]) -> Iterator[dict]:
        for pending in todo:
            doc_id = pending.doc_id
            previous = stored.get(doc_id)
            if previous is None:
                yield {"create": {"_id": doc_id}}
                yield merge(pending.article, pending.seen_at, None)
            else:
                yield {
                    "index": {
                        "_id": doc_id,
                        "if_seq_no": previous["_seq_no"],
                        "if_primary_term": previous["_primary_term"],
                    }
                }
                yield merge(pending.article, pending.seen_at, previous["_source"])


MERGE_FIELDS = ["first_seen", "last_seen", "version", "updated_at", "content_hash"]


def _without_id_problems(batch: list[Pending], outcome: BatchOutcome) -> list[Pending]:
    usable = []
    for pending in batch:
        if isinstance(pending.article.get("canonical_url"), str) and pending.article["canonical_url"]:
            usable.append(pending)
        else:
            outcome.rejected.append((pending, "no canonical_url: the document id cannot be computed"))
    return usable


def _last_per_id(todo: list[Pending]) -> dict[str, Pending]:
    """One write per document and batch: a later copy (newer crawl) supersedes an earlier one."""
    latest: dict[str, Pending] = {}
    for pending in todo:
        latest[pending.doc_id] = pending
    return latest


def _reason(result: dict) -> str:
    error = result.get("error", {})
    if isinstance(error, dict):
        return f"{result['status']} {error.get('type')}: {error.get('reason')}"
    return f"{result['status']} {error}"


def _dead_letter_all(rejected: list[tuple[Pending, str]]) -> None:
    for pending, reason in rejected:
        _dead_letter(pending, reason)


def _dead_letter(pending: Pending | None, reason: str, raw: str | None = None) -> None:
    entry = {"failed_at": now_iso(), "reason": reason}
    if pending is not None:
        entry |= {"seen_at": pending.seen_at, "article": pending.article}
    else:
        entry["raw"] = raw
    _append_lines(dead_letter_file(), [json.dumps(entry, ensure_ascii=False) + "\n"])


@contextmanager
def _spool_lock() -> Iterator[None]:
    """Serialises spool appends and replays across processes (a crawler may spool during a replay)."""
    lock_path = spool_file().with_suffix(".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _append_lines(path: Path, lines: list[str]) -> None:
    """Durable append: the lines are on disk when this returns."""
    if not lines:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = _spool_lock() if path == spool_file() else _no_lock()
    with lock, path.open("a", encoding="utf-8") as out:
        out.writelines(lines)
        out.flush()
        os.fsync(out.fileno())


@contextmanager
def _no_lock() -> Iterator[None]:
    yield


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        return []


def _parse_spool_lines(lines: list[str]) -> tuple[list[Pending], list[str]]:
    batch, corrupt = [], []
    for line in lines:
        try:
            entry = json.loads(line)
            batch.append(Pending(entry["article"], entry["seen_at"]))
        except (ValueError, KeyError, TypeError):
            corrupt.append(line)
    return batch, corrupt


def _rewrite(path: Path, lines: list[str]) -> None:
    """Replace the file atomically: a crash leaves either the old or the new content, never half."""
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.writelines(lines)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
