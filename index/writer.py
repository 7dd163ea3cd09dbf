"""Bulk indexing of articles that never loses a document and acknowledges only what is durable.

Write-ahead, per batch: `BulkWriter.add(article)` buffers the article; a full batch (and the last one, at
`close()`) is first written to a spool segment of its own (`data_dir()/spool/<time>-<pid>-<n>.jsonl`, one
`{"seen_at", "article"}` line per article: written under a temporary name, fsynced, renamed, the directory
fsynced), only then announced durable (`on_durable`), sent, and settled: the segment is deleted once every
line was written or dead-lettered, else rewritten with what must be retried. A segment visible under its
final name is always whole. A writer holds an flock on its segment from creation to settlement, so a
replay (`replay_spool()`, which every crawl starts with) takes only segments nobody is writing, including
those a killed process left. Articles still in the buffer exist only in memory: they were never announced
durable, and a crawl that dies re-fetches them.

Before writing, nothing is fetched: every document is first sent as a `create`. Only those that already
exist (409) are fetched (`mget`) and merged client-side (the server has no scripts): `first_seen` is the
earliest crawl, `last_seen` the latest, `version` goes up with each new `content_hash`; the merged
document is written conditionally (`if_seq_no`/`if_primary_term`), so two writers racing on one article
re-merge instead of overwriting each other. Copies of one article in a batch are folded in crawl order.

Failures are classified by what Elasticsearch says, not only by the HTTP status:
- about the index or the cluster (closed index, blocks incl. read-only and flood stage, unavailable
  shards, rejected execution, credentials, missing index or alias) or the transport -> transient: after
  retries the document stays in the spool;
- about one document's content (mapping or parse errors) -> permanent: `data_dir()/dead-letter.jsonl`
  with the reason; a whole request refused (400, 413) is halved and resent until the culprit stands
  alone. `replay_dead_letters()` re-sends them after an operator fixed the cause.
A spool line that cannot be read (bad UTF-8, bad JSON, not an article) is moved to
`data_dir()/spool-quarantine.jsonl` with the reason, and counted; it never stops a replay.

When the spool cannot be written (disk full, read-only, no permission, quota...), the writer raises
`SpoolUnwritable`, counts the batch as not accepted and refuses every later article. The spool, dead-letter
and quarantine files, their locks and directories are private (0600/0700, whatever the umask); one that
others may write is tightened, or refused if it is not ours.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import itertools
import json
import logging
import os
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from index import config
from index.errors import SpoolUnwritable
from index.vietnamese import VIETNAM

logger = logging.getLogger(__name__)

if TYPE_CHECKING:  # imported where a request is sent: a crawl without indexing never loads the client (~0.4 s)
    from elasticsearch import Elasticsearch

# Error types that say something about the index or the cluster, not the document: retry later.
TRANSIENT_ERRORS = frozenset({
    "index_closed_exception",
    "cluster_block_exception",
    "unavailable_shards_exception",
    "no_shard_available_action_exception",
    "es_rejected_execution_exception",
    "circuit_breaking_exception",
    "security_exception",
    "index_not_found_exception",
    "process_cluster_event_timeout_exception",
    "node_not_connected_exception",
    "node_closed_exception",
    "primary_missing_action_exception",
})
# Error types about one document's content: retrying cannot help, an operator must look.
DOCUMENT_ERRORS = frozenset({
    "mapper_parsing_exception",
    "document_parsing_exception",
    "strict_dynamic_mapping_exception",
    "illegal_argument_exception",
    "x_content_parse_exception",
})
# Statuses that say nothing about the document, for errors of any other type.
TRANSIENT_STATUSES = frozenset({401, 403, 404, 408, 409, 429})
CONFLICT = "version_conflict_engine_exception"
MERGE_FIELDS = ["first_seen", "last_seen", "version", "updated_at", "content_hash"]
WRITER_FIELDS = frozenset({"first_seen", "last_seen", "version"})  # set by the merge, never by the crawler
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
SEGMENT_SUFFIX = ".jsonl"
ABANDONED_AFTER_SECONDS = 60
_segment_numbers = itertools.count()


def document_id(canonical_url: str) -> str:
    return hashlib.sha256(canonical_url.encode()).hexdigest()


def now_iso() -> str:
    return datetime.now(VIETNAM).isoformat(timespec="seconds")


def spool_dir() -> Path:
    return config.data_dir() / "spool"


def dead_letter_file() -> Path:
    return config.data_dir() / "dead-letter.jsonl"


def quarantine_file() -> Path:
    return config.data_dir() / "spool-quarantine.jsonl"


def spooled_count() -> int:
    """Number of documents waiting in the spool (0 when there is none)."""
    return sum(len(_read_segment(path)) for path in _segments())


def is_transient(status: int, error: object) -> bool:
    """Whether a failure (an item's or a whole request's) may succeed later without touching the document."""
    kind = error.get("type") if isinstance(error, dict) else None
    if kind in TRANSIENT_ERRORS:
        return True
    if kind in DOCUMENT_ERRORS:
        return False
    return status in TRANSIENT_STATUSES or status >= 500


@dataclass
class WriteReport:
    """Every article handed to a writer ends in exactly one of indexed, spooled, dead_lettered, not_accepted.
    A replay counts the spool lines it took in replayed, dead_lettered, quarantined, or leaves them spooled."""

    indexed: int = 0
    spooled: int = 0
    dead_lettered: int = 0
    replayed: int = 0
    quarantined: int = 0
    not_accepted: int = 0


@dataclass(frozen=True)
class Pending:
    """An article waiting to be written, with the time the crawler saw it, serialised once: its JSON (`source`)
    makes both its spool line and, for a new document, the bulk request's source."""

    article: dict
    seen_at: str
    source: str

    @classmethod
    def crawled(cls, article: dict, seen_at: str) -> Pending:
        article = {name: value for name, value in article.items() if name not in WRITER_FIELDS}
        source = json.dumps(article, ensure_ascii=False)
        try:
            source.encode()
        except UnicodeEncodeError:  # a lone surrogate: escaped, the spool line stays UTF-8
            source = json.dumps(article)
        return cls(article, seen_at, source)

    @classmethod
    def from_line(cls, line: str) -> Pending:
        """Raises ValueError, KeyError or TypeError for a line that is not a spooled article."""
        return cls.from_entry(json.loads(line))

    @classmethod
    def from_entry(cls, entry: dict) -> Pending:
        """Raises ValueError, KeyError or TypeError for an entry without an article and its crawl time."""
        article, seen_at = entry["article"], entry["seen_at"]
        if not isinstance(article, dict):
            raise TypeError("the article is not an object")
        datetime.fromisoformat(seen_at)
        return cls.crawled(article, seen_at)

    @property
    def line(self) -> str:
        return f'{{"seen_at": {json.dumps(self.seen_at)}, "article": {self.source}}}'

    @property
    def created_source(self) -> str:
        """The JSON of `merge(article, seen_at, None)`, without serialising the article again."""
        seen = json.dumps(self.seen_at)
        return f'{self.source[:-1]}, "first_seen": {seen}, "last_seen": {seen}, "version": 1}}'

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
    """What became of each line of a batch: written, rejected for good (with reasons), or to retry."""

    written: list[Pending] = field(default_factory=list)
    rejected: list[tuple[Pending, str]] = field(default_factory=list)
    retry: list[Pending] = field(default_factory=list)


@dataclass
class Attempt:
    """One round: groups to create, groups known to exist (to fetch and merge), and what must wait."""

    create: list[Copies]
    merge: list[Copies] = field(default_factory=list)
    again: list[Copies] = field(default_factory=list)


class BulkWriter:
    """Batched, merging, loss-free writes of articles to the write alias.

    Use as a context manager (or call `close()`) so the last partial batch is written. Not thread-safe:
    one thread at a time. `on_durable(articles)` is called with each batch once it is safely in the spool.
    """

    def __init__(
        self,
        client: Elasticsearch | None = None,
        *,
        batch_size: int = 200,
        max_retries: int = 3,
        backoff_seconds: float = 0.5,
        on_durable: Callable[[list[dict]], None] = lambda articles: None,
    ) -> None:
        self.client = client if client is not None else config.es_client()
        self.index = config.index_names().write_alias
        self.batch_size = batch_size
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self.on_durable = on_durable
        self.report = WriteReport()
        self.buffer: list[Pending] = []
        self.refusal: SpoolUnwritable | None = None

    def __enter__(self) -> BulkWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def add(self, article: dict, seen_at: str | None = None) -> None:
        """Buffer an article crawled at `seen_at` (ISO 8601; now if not given); a full batch is spooled and
        sent. Raises SpoolUnwritable once the spool cannot be written: that batch and every later article
        are counted as not accepted."""
        if self.refusal is not None:
            self.report.not_accepted += 1
            raise self.refusal
        self.buffer.append(Pending.crawled(article, seen_at or now_iso()))
        if len(self.buffer) >= self.batch_size:
            self._send_buffer()

    def close(self) -> WriteReport:
        """Write the last partial batch, then refresh, so that a search right after a crawl finds what it
        wrote (at once: waiting for the next periodic refresh cost every crawl up to a second). The report
        covers everything this writer did."""
        if self.refusal is not None:
            self.report.not_accepted += len(self.buffer)
            self.buffer = []
        self._send_buffer()
        if self.report.indexed:
            self._refresh()
        return self.report

    def _refresh(self) -> None:
        from elasticsearch import ApiError, TransportError

        try:
            self.client.indices.refresh(index=self.index)
        except (ApiError, TransportError) as error:
            # written is written: it becomes searchable at the next periodic refresh
            logger.warning("could not refresh %s after writing: %s", self.index, error)

    def replay_spool(self) -> WriteReport:
        """Re-send the spool segments nobody is writing, oldest first; what still cannot be written stays.

        Stops at the first batch of which nothing could be written: the server is still unavailable.
        """
        replay = WriteReport()
        _remove_abandoned_temporaries()
        for path in _segments():
            segment = Segment.claim(path)
            if segment is None:
                continue
            with segment:
                if not self._replay_segment(segment, replay):
                    break
        return replay

    def replay_dead_letters(self) -> WriteReport:
        """Re-send the dead letters (after an operator fixed their cause): what is written leaves the file,
        what is rejected again stays with the new reason, what meets a transient failure stays as it was.
        `replayed` counts the written, `dead_lettered` the rejected again, `spooled` the left as they were."""
        replay = WriteReport()
        with _locked(dead_letter_file().with_name("dead-letter-replay")):
            entries = _read_dead_letters()
            resendable = [(line, pending) for line, pending in entries if pending is not None]
            replay.spooled = len(entries) - len(resendable)
            if not resendable:
                return replay
            outcome = BatchOutcome()
            for start in range(0, len(resendable), self.batch_size):
                part = self._write([pending for _, pending in resendable[start : start + self.batch_size]])
                outcome.written += part.written
                outcome.rejected += part.rejected
                outcome.retry += part.retry
            line_of = {id(pending): line for line, pending in resendable}
            settled = [line_of[id(pending)] for pending in outcome.written]
            settled += [line_of[id(pending)] for pending, _ in outcome.rejected]
            _replace_dead_letters(settled, _dead_letter_entries(outcome.rejected))
        replay.replayed = len(outcome.written)
        replay.dead_lettered = len(outcome.rejected)
        replay.spooled += len(outcome.retry)
        return replay

    def _send_buffer(self) -> None:
        batch, self.buffer = self.buffer, []
        if not batch:
            return
        try:
            segment = Segment.create([pending.line for pending in batch])
        except SpoolUnwritable as error:
            self.report.not_accepted += len(batch)
            self.refusal = error
            raise
        self.on_durable([pending.article for pending in batch])
        with segment:
            try:
                outcome = self._write(batch)
            except BaseException:
                self.report.spooled += len(batch)  # the segment keeps them all
                raise
            self._settle_batch(segment, outcome)

    def _settle_batch(self, segment: Segment, outcome: BatchOutcome) -> None:
        self.report.indexed += len(outcome.written)
        self.report.spooled += len(outcome.retry)
        try:
            _dead_letter(_dead_letter_entries(outcome.rejected))
        except SpoolUnwritable as error:
            self.report.spooled += len(outcome.rejected)  # still in the segment
            self.refusal = error
            raise
        self.report.dead_lettered += len(outcome.rejected)
        try:
            segment.keep_only([pending.line for pending in outcome.retry])
        except SpoolUnwritable as error:
            # The whole segment stays: what was settled is sent again later, and the merge changes nothing.
            self.refusal = error
            raise

    def _replay_segment(self, segment: Segment, replay: WriteReport) -> bool:
        """Send one claimed segment in batches; False when the server took nothing of a batch."""
        lines, unreadable = segment.read()
        _quarantine(segment.path, unreadable)
        replay.quarantined += len(unreadable)
        batch_parsed, corrupt = _parse_spool_lines(lines)
        _quarantine(segment.path, corrupt)
        replay.quarantined += len(corrupt)
        kept: list[Pending] = []
        remaining = batch_parsed
        while remaining:
            batch, remaining = remaining[: self.batch_size], remaining[self.batch_size :]
            outcome = self._write(batch)
            _dead_letter(_dead_letter_entries(outcome.rejected))
            kept += outcome.retry
            segment.keep_only([pending.line for pending in kept + remaining])
            replay.replayed += len(outcome.written)
            replay.dead_lettered += len(outcome.rejected)
            if outcome.retry and not outcome.written:
                replay.spooled += len(kept) + len(remaining)
                return False
        if not batch_parsed:
            segment.keep_only([])
        replay.spooled += len(kept)
        return True

    def _write(self, batch: list[Pending]) -> BatchOutcome:
        """Create, or merge and write, with retries; conflicts and transient failures are retried."""
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
        """One round: `create` everything; fetch, merge and write conditionally only what already exists.
        Returns what must be tried again."""
        from elasticsearch import ApiError, TransportError

        round_ = Attempt(create=todo)
        self._bulk(round_.create, {}, round_, outcome)
        if round_.merge:
            known, round_.merge = round_.merge, []
            try:
                stored = self._fetch([copies[0].doc_id for copies in known])
            except (TransportError, ApiError):
                return round_.again + known
            self._bulk(known, stored, round_, outcome)
            round_.again += round_.merge  # created or changed by another writer meanwhile: next round
        return round_.again

    def _bulk(self, todo: list[Copies], stored: dict[str, dict], round_: Attempt, outcome: BatchOutcome) -> None:
        """Send one bulk request; sort each group into written, rejected, to merge, or again."""
        from elasticsearch import ApiError, TransportError

        try:
            response = self.client.bulk(operations=list(_operations(todo, stored)), index=self.index,
                                        require_alias=True)
        except TransportError:
            round_.again += todo
            return
        except ApiError as error:
            if is_transient(error.meta.status, _error_of(error.body)):
                round_.again += todo
            else:
                self._split(todo, stored, round_, outcome, _reason(error.meta.status, error.body))
            return
        for copies, item in zip(todo, response["items"], strict=True):
            result = next(iter(item.values()))
            status, error = result["status"], result.get("error")
            if status < 300:
                outcome.written += copies
            elif isinstance(error, dict) and error.get("type") == CONFLICT:
                round_.merge.append(copies)
            elif is_transient(status, error):
                round_.again.append(copies)
            else:
                outcome.rejected += [(pending, _reason(status, result)) for pending in copies]

    def _split(self, todo: list[Copies], stored: dict[str, dict], round_: Attempt, outcome: BatchOutcome,
               reason: str) -> None:
        """The whole request was refused (too large, unparsable): halve it until the culprit stands alone."""
        if len(todo) == 1:
            outcome.rejected += [(pending, reason) for pending in todo[0]]
            return
        middle = len(todo) // 2
        self._bulk(todo[:middle], stored, round_, outcome)
        self._bulk(todo[middle:], stored, round_, outcome)

    def _fetch(self, ids: list[str]) -> dict[str, dict]:
        """Stored documents by id, with their sequence numbers for the conditional write."""
        found = self.client.mget(index=self.index, ids=ids, source_includes=MERGE_FIELDS)["docs"]
        return {doc["_id"]: doc for doc in found if doc.get("found")}


def _operations(todo: list[Copies], stored: dict[str, dict]) -> Iterator[dict]:
    """`create` for a document not known to exist; a conditional `index` of the merge for a stored one."""
    for copies in todo:
        doc_id = copies[0].doc_id
        previous = stored.get(doc_id)
        if previous is None:
            yield {"create": {"_id": doc_id}}
            yield copies[0].created_source if len(copies) == 1 else fold(copies, None)
        else:
            yield {"index": {"_id": doc_id, "if_seq_no": previous["_seq_no"],
                             "if_primary_term": previous["_primary_term"]}}
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


def _error_of(body: object) -> object:
    return body.get("error", body) if isinstance(body, dict) else body


def _reason(status: int, result: object) -> str:
    """`<status> <type>: <reason>` from an item result or an error response body."""
    error = _error_of(result)
    if isinstance(error, dict):
        return f"{status} {error.get('type')}: {error.get('reason')}"
    return f"{status} {error}"


# ---- files: private, locked, and a SpoolUnwritable instead of an OSError ----


def _unwritable(path: Path, error: OSError) -> SpoolUnwritable:
    where = error.filename or path
    return SpoolUnwritable(f"cannot write {where} ({error.strerror or error}): "
                           "free space or fix the permissions of VNNEWS_DATA, then run the same command again")


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """OSErrors while writing a spool, dead-letter or quarantine file become one SpoolUnwritable."""
    try:
        yield
    except OSError as error:
        raise _unwritable(path, error) from None


def _private_dir(path: Path) -> Path:
    """Create the directory and its missing parents 0700; tighten it if others may write it, refuse it if it
    is not ours."""
    with _writing(path):
        missing = [path, *path.parents]
        missing = missing[: next(n for n, directory in enumerate(missing) if directory.is_dir())]
        for directory in reversed(missing):
            directory.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        _tighten(path, os.stat(path), lambda: os.chmod(path, PRIVATE_DIR))
    return path


def _open_private(path: Path, flags: int) -> int:
    """Open a file without following a symlink, creating it 0600; an existing one others may access is
    tightened, or refused if not ours and writable by others."""
    _private_dir(path.parent)
    with _writing(path):
        descriptor = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, PRIVATE_FILE)
    try:
        _tighten(path, os.fstat(descriptor), lambda: os.fchmod(descriptor, PRIVATE_FILE))
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _tighten(path: Path, status: os.stat_result, make_private: Callable[[], None]) -> None:
    if not stat.S_IMODE(status.st_mode) & 0o077:
        return
    if status.st_uid == os.geteuid() and not status.st_mode & stat.S_ISVTX:
        make_private()
    elif status.st_mode & 0o022:  # a sticky /tmp-like directory is shared by design: never ours to tighten
        raise SpoolUnwritable(f"{path} is writable by other users and belongs to uid {status.st_uid}: "
                              "refusing it; make it private (chmod go-w) or use another VNNEWS_DATA")


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write_durably(final: Path, data: bytes) -> int:
    """Write `data` under a temporary name, fsync, rename to `final`, fsync the directory: the file appears
    whole or not at all. Returns the open descriptor of the new file, flock-held (the caller closes it)."""
    temporary = final.with_name(f".{final.name}.tmp")
    descriptor = _open_private(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        with _writing(final):
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            _write_all(descriptor, data)
            os.fsync(descriptor)
            os.replace(temporary, final)
            _fsync_dir(final.parent)
    except BaseException:
        os.close(descriptor)
        temporary.unlink(missing_ok=True)
        raise
    return descriptor


def _encode(lines: list[str]) -> bytes:
    return "".join(line + "\n" for line in lines).encode()


class Segment:
    """A spool file, flock-held by whoever writes or replays it, until closed."""

    def __init__(self, path: Path, descriptor: int, lines: int) -> None:
        self.path = path
        self.descriptor = descriptor
        self.lines = lines

    def __enter__(self) -> Segment:
        return self

    def __exit__(self, *exc_info: object) -> None:
        os.close(self.descriptor)

    @classmethod
    def create(cls, lines: list[str]) -> Segment:
        name = f"{time.time_ns()}-{os.getpid()}-{next(_segment_numbers)}{SEGMENT_SUFFIX}"
        path = _private_dir(spool_dir()) / name
        return cls(path, _write_durably(path, _encode(lines)), len(lines))

    @classmethod
    def claim(cls, path: Path) -> Segment | None:
        """The segment, locked, unless a live process holds it or it was settled meanwhile."""
        if not path.exists():
            return None
        descriptor = _open_private(path, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.stat(path).st_ino == os.fstat(descriptor).st_ino:
                return cls(path, descriptor, -1)
        except (BlockingIOError, FileNotFoundError):
            pass
        os.close(descriptor)
        return None

    def read(self) -> tuple[list[str], list[bytes]]:
        """The non-blank lines, and the raw lines that are not UTF-8."""
        with _writing(self.path), open(self.descriptor, "rb", closefd=False) as source:
            source.seek(0)
            raw = source.read()
        lines, unreadable = [], []
        self.lines = len(raw.splitlines())
        for line in raw.splitlines():
            try:
                text = line.decode()
            except UnicodeDecodeError:
                unreadable.append(line)
                continue
            if text.strip():
                lines.append(text)
        return lines, unreadable

    def keep_only(self, lines: list[str]) -> None:
        """Delete the segment when nothing is left, else replace it by `lines` (a subset of its lines, still
        held by us); nothing to do when every line stays."""
        if len(lines) == self.lines:
            return
        if not lines:
            with _writing(self.path):
                self.path.unlink(missing_ok=True)
            return
        descriptor = _write_durably(self.path, _encode(lines))
        os.close(self.descriptor)
        self.descriptor, self.lines = descriptor, len(lines)


def _spool_files() -> list[Path]:
    """Every file in the spool directory, sorted by name (a segment's starts with its creation time)."""
    try:
        return sorted(spool_dir().iterdir(), key=lambda path: path.name)
    except FileNotFoundError:
        return []
    except OSError as error:
        raise _unwritable(spool_dir(), error) from None


def _segments() -> list[Path]:
    return [path for path in _spool_files() if path.suffix == SEGMENT_SUFFIX]


def _read_segment(path: Path) -> list[bytes]:
    try:
        return [line for line in path.read_bytes().splitlines() if line.strip()]
    except FileNotFoundError:
        return []


def _remove_abandoned_temporaries() -> None:
    """Half-written segments of dead processes: never announced durable, so the crawl fetches them again."""
    for path in [path for path in _spool_files() if path.suffix == ".tmp"]:
        if _age_seconds(path) < ABANDONED_AFTER_SECONDS:
            continue  # perhaps being written: its writer takes the lock only once the file exists
        segment = Segment.claim(path)
        if segment is not None:
            with segment, _writing(path):
                path.unlink(missing_ok=True)


def _age_seconds(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _parse_spool_lines(lines: list[str]) -> tuple[list[Pending], list[tuple[str, str]]]:
    batch, corrupt = [], []
    for line in lines:
        try:
            batch.append(Pending.from_line(line))
        except (ValueError, KeyError, TypeError) as error:
            corrupt.append((line, f"not a spooled article: {type(error).__name__}: {error}"))
    return batch, corrupt


def _quarantine(segment: Path, lines: list[bytes] | list[tuple[str, str]]) -> None:
    """Append unreadable spool lines to the quarantine file, with the reason; bytes that are not UTF-8
    are kept in base64."""
    entries = []
    for line in lines:
        if isinstance(line, bytes):
            entries.append({"reason": "not UTF-8", "raw_base64": base64.b64encode(line).decode()})
        else:
            entries.append({"reason": line[1], "raw": line[0]})
    stamped = [{"quarantined_at": now_iso(), "segment": segment.name} | entry for entry in entries]
    _append_lines(quarantine_file(), [json.dumps(entry, ensure_ascii=False) for entry in stamped])


def _dead_letter_entries(rejected: list[tuple[Pending, str]]) -> list[dict]:
    return [{"reason": reason, "seen_at": pending.seen_at, "article": pending.article} for pending, reason in rejected]


def _dead_letter(entries: list[dict]) -> None:
    """Append entries (a reason and the article), stamped with the failure time."""
    _append_lines(dead_letter_file(), _stamped(entries))


def _stamped(entries: list[dict]) -> list[str]:
    return [json.dumps({"failed_at": now_iso()} | entry, ensure_ascii=False) for entry in entries]


def _read_dead_letters() -> list[tuple[str, Pending | None]]:
    """Each dead-letter line, with the article to re-send (None for a line that holds none)."""
    try:
        text = dead_letter_file().read_bytes().decode(errors="replace")
    except FileNotFoundError:
        return []
    entries: list[tuple[str, Pending | None]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            entries.append((line, Pending.from_entry(json.loads(line))))
        except (ValueError, KeyError, TypeError):
            entries.append((line, None))
    return entries


def _replace_dead_letters(settled: list[str], new_entries: list[dict]) -> None:
    """Remove one occurrence of each settled line and append the new entries, atomically under the lock
    (lines other writers appended meanwhile are kept)."""
    path = dead_letter_file()
    with _locked(path):
        to_remove = Counter(settled)
        kept = []
        for line, _ in _read_dead_letters():
            if to_remove[line]:
                to_remove[line] -= 1
            else:
                kept.append(line)
        os.close(_write_durably(path, _encode(kept + _stamped(new_entries))))


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Exclusive across processes, through `<path>.lock` next to it; every append or rewrite holds it."""
    descriptor = _open_private(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _append_lines(path: Path, lines: list[str]) -> None:
    """Append whole lines durably (opened afresh under the lock: a rewrite may have replaced the file)."""
    if not lines:
        return
    with _locked(path):
        descriptor = _open_private(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            with _writing(path):
                size = os.fstat(descriptor).st_size
                try:
                    _write_all(descriptor, _encode(lines))
                    os.fsync(descriptor)
                except OSError:
                    os.ftruncate(descriptor, size)  # never leave half an entry behind
                    raise
        finally:
            os.close(descriptor)
