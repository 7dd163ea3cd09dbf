"""Bulk indexing of articles that never loses a document.

Write-ahead: `BulkWriter.add(article)` first appends the article to the spool
(`data_dir()/spool/articles.jsonl`, one `{"seen_at", "article"}` line), then buffers it. A full batch (and
the last one, at `close()`) is fsynced, sent, and settled: what was written or dead-lettered is removed
from the spool, what could not be written stays there. `replay_spool()` sends the spool's lines through
the same path. Whatever stops a process between adding and settling (an unexpected exception, Ctrl-C,
kill -9), its articles are in the spool, and the next replay (every crawl starts with one) sends them.
The window: lines of the batch being filled reach the operating system at once but are fsynced only
when the batch is full, so an operating-system crash or power cut (never a process crash) can lose at
most that one batch.

Before each batch the writer fetches the stored versions (`mget`) and merges client-side (the server has
no scripts): `first_seen` is the earliest crawl, `last_seen` the latest, `version` goes up with each new
`content_hash`. Copies of one article in a batch (a spool from several runs) are folded in crawl order.
Writes are conditional (`create` for new documents, `if_seq_no`/`if_primary_term` for known ones), so two
writers racing on one article re-merge instead of overwriting each other.

Failures never drop a document:
- transient (connection, timeout, 401/403, 429, 5xx, missing index; of one document or of the whole
  request) after retries -> stays in the spool;
- a document rejected for its content (mapping error, any other 4xx) -> `data_dir()/dead-letter.jsonl`
  with the reason; a whole request refused (400, 413) is halved and resent until the culprit stands
  alone, so only that document is dead-lettered.
Appends to and rewrites of both files hold `<file>.lock` (flock): concurrent crawls and replays neither
interleave nor lose lines.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch

from index import config
from index.vietnamese import VIETNAM

# Statuses that say nothing about the document: retry later. 401/403 are credentials or an index block
# (read-only, disk flood stage) that an operator lifts; 404 is a missing index or alias.
TRANSIENT_STATUSES = frozenset({401, 403, 404, 408, 409, 429, 500, 502, 503, 504})
MERGE_FIELDS = ["first_seen", "last_seen", "version", "updated_at", "content_hash"]


def document_id(canonical_url: str) -> str:
    return hashlib.sha256(canonical_url.encode()).hexdigest()


def now_iso() -> str:
    return datetime.now(VIETNAM).isoformat(timespec="seconds")


def spool_file() -> Path:
    return config.data_dir() / "spool" / "articles.jsonl"


def dead_letter_file() -> Path:
    return config.data_dir() / "dead-letter.jsonl"


def spooled_count() -> int:
    """Number of documents waiting in the spool file (0 when there is none)."""
    return len(_read_lines(spool_file()))


@dataclass
class WriteReport:
    indexed: int = 0
    spooled: int = 0
    dead_lettered: int = 0
    replayed: int = 0


@dataclass(frozen=True)
class Pending:
    """An article waiting to be written, with the time the crawler saw it, and its spool line."""

    article: dict
    seen_at: str
    line: str

    @classmethod
    def crawled(cls, article: dict, seen_at: str) -> Pending:
        return cls(article, seen_at, json.dumps({"seen_at": seen_at, "article": article}, ensure_ascii=False))

    @classmethod
    def from_line(cls, line: str) -> Pending:
        """Raises ValueError, KeyError or TypeError for a line that is not a spooled article."""
        entry = json.loads(line)
        article, seen_at = entry["article"], entry["seen_at"]
        if not isinstance(article, dict):
            raise TypeError("the article is not an object")
        datetime.fromisoformat(seen_at)
        return cls(article, seen_at, line)

    @property
    def doc_id(self) -> str:
        return document_id(self.article["canonical_url"])

    @property
    def seen_moment(self) -> datetime:
        return datetime.fromisoformat(self.seen_at)


# The copies of one article in a batch, oldest crawl first; written as one document.
Copies = list[Pending]


def merge(article: dict, seen_at: str, stored: dict | None) -> dict:
    """The full document to index, given the article just crawled and the stored document, if any."""
    doc = dict(article)
    if stored is None:
        return doc | {"first_seen": seen_at, "last_seen": seen_at, "version": 1}
    doc["first_seen"] = min(stored.get("first_seen") or seen_at, seen_at, key=datetime.fromisoformat)
    doc["last_seen"] = max(stored.get("last_seen") or seen_at, seen_at, key=datetime.fromisoformat)
    if stored.get("content_hash") == article.get("content_hash"):
        doc["version"] = stored.get("version", 1)
        doc["updated_at"] = stored.get("updated_at")
    else:
        doc["version"] = stored.get("version", 1) + 1
        doc["updated_at"] = article.get("updated_at") or seen_at
    return doc


def fold(copies: Copies, stored: dict | None) -> dict:
    """Merge each copy in crawl order, as if each had been written on its own."""
    doc = stored
    for pending in copies:
        doc = merge(pending.article, pending.seen_at, doc)
    assert doc is not None, "a group of copies is never empty"
    return doc


@dataclass
class BatchOutcome:
    """What became of each spool line of a batch: written, rejected for good (with reasons), or to retry."""

    written: list[Pending] = field(default_factory=list)
    rejected: list[tuple[Pending, str]] = field(default_factory=list)
    retry: list[Pending] = field(default_factory=list)


class BulkWriter:
    """Batched, merging, loss-free writes of articles to the write alias.

    Use as a context manager (or call `close()`) so the last partial batch is written. Not thread-safe:
    one thread at a time.
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
        pending = Pending.crawled(article, now_iso())
        _append_lines(spool_file(), [pending.line], durable=False)
        self.buffer.append(pending)
        if len(self.buffer) >= self.batch_size:
            self._send_buffer()

    def close(self) -> WriteReport:
        """Write the last partial batch; the report covers everything this writer did."""
        self._send_buffer()
        return self.report

    def replay_spool(self) -> WriteReport:
        """Re-send the spool in batches; what still cannot be written stays in it.

        Stops at the first batch of which nothing could be written: the server is still unavailable.
        One replay at a time (a lock of its own); crawls keep appending meanwhile.
        """
        replay = WriteReport()
        with _locked(spool_file().with_name("replay")):
            lines = _read_lines(spool_file())
            for start in range(0, len(lines), self.batch_size):
                batch, corrupt = _parse_spool_lines(lines[start : start + self.batch_size])
                outcome = self._send(batch)
                _dead_letter([{"reason": "unreadable spool line", "raw": line} for line in corrupt])
                _remove_lines(spool_file(), corrupt)
                replay.replayed += len(outcome.written)
                replay.dead_lettered += len(outcome.rejected) + len(corrupt)
                if outcome.retry and not outcome.written:
                    break
        replay.spooled = len(lines) - replay.replayed - replay.dead_lettered
        self.report.replayed += replay.replayed
        self.report.dead_lettered += replay.dead_lettered
        return replay

    def _send_buffer(self) -> None:
        batch, self.buffer = self.buffer, []
        if not batch:
            return
        _fsync(spool_file())
        outcome = self._send(batch)
        self.report.indexed += len(outcome.written)
        self.report.spooled += len(outcome.retry)
        self.report.dead_lettered += len(outcome.rejected)

    def _send(self, batch: list[Pending]) -> BatchOutcome:
        """Write a batch of spooled lines, then settle them: dead-letter the rejected, and remove
        what was written or dead-lettered from the spool (the rest stays in it)."""
        outcome = self._write(batch)
        _dead_letter([
            {"reason": reason, "seen_at": pending.seen_at, "article": pending.article}
            for pending, reason in outcome.rejected
        ])
        settled = outcome.written + [pending for pending, _ in outcome.rejected]
        _remove_lines(spool_file(), [pending.line for pending in settled])
        return outcome

    def _write(self, batch: list[Pending]) -> BatchOutcome:
        """Merge and write with retries; conflicts and transient failures are retried with backoff."""
        outcome = BatchOutcome()
        todo = _copies_per_id(_without_id_problems(batch, outcome))
        for attempt in range(self.max_retries + 1):
            if not todo:
                break
            if attempt:
                time.sleep(self.backoff_seconds * 2 ** (attempt - 1))
            todo = self._attempt(todo, outcome)
        outcome.retry = [pending for copies in todo for pending in copies]
        return outcome

    def _attempt(self, todo: list[Copies], outcome: BatchOutcome) -> list[Copies]:
        """One merge + bulk round; returns what must be tried again."""
        try:
            stored = self._fetch([copies[0].doc_id for copies in todo])
            operations = list(self._operations(todo, stored))
            response = self.client.bulk(operations=operations, index=self.index, require_alias=True)
        except TransportError:
            return todo
        except ApiError as error:
            if error.meta.status in TRANSIENT_STATUSES:
                return todo
            return self._split(todo, outcome, _reason(error.meta.status, error.body))
        again = []
        for copies, item in zip(todo, response["items"], strict=True):
            result = next(iter(item.values()))
            status = result["status"]
            if status < 300:
                outcome.written += copies
            elif status in TRANSIENT_STATUSES:
                again.append(copies)
            else:
                outcome.rejected += [(pending, _reason(status, result)) for pending in copies]
        return again

    def _split(self, todo: list[Copies], outcome: BatchOutcome, reason: str) -> list[Copies]:
        """The whole request was refused (too large, unparsable): halve it until the culprit stands alone."""
        if len(todo) == 1:
            outcome.rejected += [(pending, reason) for pending in todo[0]]
            return []
        middle = len(todo) // 2
        return self._attempt(todo[:middle], outcome) + self._attempt(todo[middle:], outcome)

    def _fetch(self, ids: list[str]) -> dict[str, dict]:
        """Stored documents by id, with their sequence numbers for the conditional write."""
        found = self.client.mget(index=self.index, ids=ids, source_includes=MERGE_FIELDS)["docs"]
        return {doc["_id"]: doc for doc in found if doc.get("found")}

    def _operations(self, todo: list[Copies], stored: dict[str, dict]) -> Iterator[dict]:
        for copies in todo:
            doc_id = copies[0].doc_id
            previous = stored.get(doc_id)
            if previous is None:
                yield {"create": {"_id": doc_id}}
                yield fold(copies, None)
            else:
                yield {
                    "index": {
                        "_id": doc_id,
                        "if_seq_no": previous["_seq_no"],
                        "if_primary_term": previous["_primary_term"],
                    }
                }
                yield fold(copies, previous["_source"])


def _without_id_problems(batch: list[Pending], outcome: BatchOutcome) -> list[Pending]:
    usable = []
    for pending in batch:
        if isinstance(pending.article.get("canonical_url"), str) and pending.article["canonical_url"]:
            usable.append(pending)
        else:
            outcome.rejected.append((pending, "no canonical_url: the document id cannot be computed"))
    return usable


def _copies_per_id(batch: list[Pending]) -> list[Copies]:
    """One write per document and batch, folding every copy of it, oldest crawl first."""
    copies: dict[str, Copies] = {}
    for pending in batch:
        copies.setdefault(pending.doc_id, []).append(pending)
    return [sorted(group, key=lambda pending: pending.seen_moment) for group in copies.values()]


def _reason(status: int, result: object) -> str:
    """`<status> <type>: <reason>` from an item result or an error response body."""
    error = result.get("error", result) if isinstance(result, dict) else result
    if isinstance(error, dict):
        return f"{status} {error.get('type')}: {error.get('reason')}"
    return f"{status} {error}"


def _dead_letter(entries: list[dict]) -> None:
    """Append entries (a reason, and the article or the raw spool line), stamped with the failure time."""
    lines = [json.dumps({"failed_at": now_iso()} | entry, ensure_ascii=False) for entry in entries]
    _append_lines(dead_letter_file(), lines, durable=True)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Exclusive across processes, through `<path>.lock` next to it; every append or rewrite holds it."""
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _append_lines(path: Path, lines: list[str], *, durable: bool) -> None:
    """Append whole lines (opened afresh under the lock: a rewrite may have replaced the file)."""
    if not lines:
        return
    with _locked(path), path.open("a+b") as out:
        if _ends_mid_line(out):  # a process killed in mid-append: never glue a new line to its half line
            out.write(b"\n")
        out.write("".join(line + "\n" for line in lines).encode())
        out.flush()
        if durable:
            os.fsync(out.fileno())


def _ends_mid_line(file: BinaryIO) -> bool:
    if file.seek(0, os.SEEK_END) == 0:
        return False
    file.seek(-1, os.SEEK_END)
    return file.read(1) != b"\n"


def _fsync(path: Path) -> None:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove_lines(path: Path, lines: list[str]) -> None:
    """Remove one occurrence of each of `lines` from the file (identical lines are the same article
    seen at the same second, so any occurrence will do); lines others appended meanwhile are kept."""
    if not lines:
        return
    with _locked(path):
        to_remove = Counter(lines)
        kept = []
        for line in _read_lines(path):
            if to_remove[line]:
                to_remove[line] -= 1
            else:
                kept.append(line)
        _rewrite(path, kept)


def _read_lines(path: Path) -> list[str]:
    """The non-blank lines, without their line ends."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line for line in text.splitlines() if line.strip()]


def _parse_spool_lines(lines: list[str]) -> tuple[list[Pending], list[str]]:
    batch, corrupt = [], []
    for line in lines:
        try:
            batch.append(Pending.from_line(line))
        except (ValueError, KeyError, TypeError):
            corrupt.append(line)
    return batch, corrupt


def _rewrite(path: Path, lines: list[str]) -> None:
    """Replace the file atomically: a crash leaves either the old or the new content, never half."""
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.writelines(line + "\n" for line in lines)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    _fsync(path.parent)
