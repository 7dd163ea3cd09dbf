"""Reading and writing HTTP exchanges as gzipped WARC files (warcio).

Each exchange becomes a `response` record followed by its `request` record (WARC 1.1), one gzip
member per record, so a reader can seek straight to a record from an offset index instead of
holding every body in memory.
"""

from __future__ import annotations

import os
import stat
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Scrapy hands over bodies already de-chunked, so the framing header would lie on replay.
_FRAMING_HEADERS = {"transfer-encoding"}
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
# Deflate expands at most ~1032:1: a record claiming more than that per archived byte is a lie.
_MAX_GZIP_RATIO = 1100


class DamagedArchive(ValueError):
    """The archive is unreadable from byte `offset` on."""

    def __init__(self, path: Path | str, offset: int, reason: str) -> None:
        self.offset, self.reason = max(offset, 0), _one_line(reason)
        super().__init__(f"damaged archive {path} at byte {self.offset:,}: {self.reason}")


def _one_line(reason: str) -> str:
    """The first line of a parser's message, short and printable. warcio quotes the damaged bytes after
    "first line:": they help nobody."""
    first = next((line for line in reason.splitlines() if line.strip()), "unreadable")
    first = first.split(", first line:")[0]
    return "".join(char if char.isprintable() else "?" for char in " ".join(first.split()))[:160]


@dataclass(frozen=True)
class Exchange:
    """One fetched URL: the response as received (body still content-encoded) and the request sent."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    request_headers: tuple[tuple[str, str], ...] = ()
    date: str | None = None


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class ArchiveWriter:
    """Appends exchanges to a .warc.gz file. With `date` set on an exchange, record ids and dates are
    derived from the URL, so building the same archive twice gives the same bytes."""

    def __init__(self, path: Path | str) -> None:
        self._file: BinaryIO = Path(path).open("wb")  # noqa: SIM115 - closed by close()
        self._writer = WARCWriter(self._file, gzip=True, warc_version="WARC/1.1")

    def write(self, exchange: Exchange) -> None:
        response = self._writer.create_warc_record(
            exchange.url,
            "response",
            payload=BytesIO(exchange.body),
            warc_headers_dict=self._fixed_headers(exchange, "response"),
            http_headers=StatusAndHeaders(
                _status_line(exchange.status),
                [(k, v) for k, v in exchange.headers if k.lower() not in _FRAMING_HEADERS],
                protocol="HTTP/1.1",
            ),
        )
        request = self._writer.create_warc_record(
            exchange.url,
            "request",
            payload=BytesIO(b""),
            warc_headers_dict=self._fixed_headers(exchange, "request"),
            http_headers=StatusAndHeaders(
                f"GET {_request_target(exchange.url)} HTTP/1.1",
                [("Host", urlsplit(exchange.url).netloc), *exchange.request_headers],
                is_http_request=True,
            ),
        )
        self._writer.write_request_response_pair(request, response)

    @staticmethod
    def _fixed_headers(exchange: Exchange, record_type: str) -> dict[str, str]:
        if exchange.date is None:
            return {}
        record_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{record_type} {exchange.url}")
        return {"WARC-Record-ID": f"<urn:uuid:{record_id}>", "WARC-Date": exchange.date}

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def write_archive(path: Path | str, exchanges: Iterable[Exchange]) -> int:
    count = 0
    with ArchiveWriter(path) as writer:
        for exchange in exchanges:
            writer.write(exchange)
            count += 1
    return count


def _exchange_from_record(record) -> Exchange:
    http = record.http_headers
    return Exchange(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(http.get_statuscode()),
        headers=tuple(http.headers),
        # raw_stream: the payload exactly as archived, still content-encoded, like the wire.
        body=record.raw_stream.read(),
        date=record.rec_headers.get_header("WARC-Date"),
    )


def _check_whole(path: Path | str, record, offset: int) -> None:
    """The record (read to its end) had all its content: a truncated file ends it short."""
    if record is not None and getattr(record.raw_stream, "limit", 0) > 0:
        raise DamagedArchive(path, offset, f"a record cut {record.raw_stream.limit:,} bytes short")


def _open_regular(path: Path | str) -> BinaryIO:
    # Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(f"{path} is not a regular file")
    return open(descriptor, "rb")


def _gzip_complete_up_to(file: BinaryIO) -> int:
    """The offset up to which the file is whole gzip members: the file size when nothing is truncated.
    Streams with bounded memory, whatever a member inflates to."""
    file.seek(0)
    complete, position = 0, 0
    member = zlib.decompressobj(zlib.MAX_WBITS | 16)
    while chunk := file.read(_CHUNK):
        data = chunk
        while data:
            try:
                member.decompress(data, _CHUNK)
            except zlib.error:
                return complete
            # Past the member's end, zlib copies the rest of the input to unused_data but keeps it in
            # unconsumed_tail too: draining on would append it to unused_data forever.
            while member.unconsumed_tail and not member.eof:
                member.decompress(member.unconsumed_tail, _CHUNK)
            if not member.eof:
                break
            leftover = member.unused_data
            complete = position + len(chunk) - len(leftover)
            member = zlib.decompressobj(zlib.MAX_WBITS | 16)
            data = leftover
        position += len(chunk)
    return complete


def read_exchanges(path: Path | str) -> Iterator[Exchange]:
    with Path(path).open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                yield _exchange_from_record(record)


# The index of the archive read last, by file identity and version (device, inode, size, mtime, ctime) and
# allow_partial: the CLI checks an archive before the crawl and the replay middleware opens it again, and
# the archive must be read only once. A changed or replaced file has another key, so it is read again; a
# damaged one is never kept, so it is refused every time.
_last_index: dict[tuple[int, int, int, int, int, bool], tuple[dict[str, int], int, int]] = {}


class ArchiveReader:
    """Random access by URL: the archive is scanned once for response offsets (and not again while the file
    is unchanged, see _last_index), bodies are read on demand. The last response archived for a URL wins:
    a recorded crawl archives every attempt of a retried fetch (503, firewall page, then the page), and the
    last one is what the crawl kept.

    A damaged archive (truncated gzip, garbage, a record longer than the file) raises DamagedArchive with
    the byte offset, unless `allow_partial`: then the records before the damage are served and
    `skipped_bytes` says how much of the file was not. Records without a target URI are skipped and
    counted. Only regular files are read: a FIFO or device would block or never end."""

    def __init__(self, path: Path | str, allow_partial: bool = False) -> None:
        self._file: BinaryIO = _open_regular(path)
        status = os.fstat(self._file.fileno())
        self.size = status.st_size
        key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns, allow_partial)
        if (index := _last_index.get(key)) is not None:
            self._offsets, self.skipped_bytes, self.without_uri = index
            return
        self._index(path, allow_partial)
        _last_index.clear()
        _last_index[key] = (self._offsets, self.skipped_bytes, self.without_uri)

    def _index(self, path: Path | str, allow_partial: bool) -> None:
        self._offsets: dict[str, int] = {}
        self.skipped_bytes = 0
        self.without_uri = 0
        try:
            self._scan(path)
        except DamagedArchive as damage:
            self._offsets = {url: offset for url, offset in self._offsets.items() if offset < damage.offset}
            if not allow_partial or not self._offsets:
                self._file.close()
                raise
            self.skipped_bytes = self.size - damage.offset

    def _scan(self, path: Path | str) -> None:
        complete = _gzip_complete_up_to(self._file) if self._file.read(2) == _GZIP_MAGIC else self.size
        self._file.seek(0)
        records = ArchiveIterator(self._file)
        previous, previous_offset = None, 0
        try:
            for record in records:
                _check_whole(path, previous, previous_offset)
                previous, previous_offset = record, records.get_record_offset()
                self._check_record(path, record, previous_offset)
                if record.rec_type == "response":
                    self._add(path, record, previous_offset)
            records.read_to_end(previous)
        except DamagedArchive:
            raise
        except Exception as error:  # warcio raises anything, from ValueError to AttributeError, on garbage
            raise DamagedArchive(path, records.offset, f"unreadable record ({type(error).__name__}: {error})") from None
        _check_whole(path, previous, previous_offset)
        if complete < self.size:
            raise DamagedArchive(path, complete, "truncated gzip member")
        if not self._offsets:
            raise DamagedArchive(path, 0, "no response record with a target URI")

    def _check_record(self, path: Path | str, record, offset: int) -> None:
        """A WARC record (not ARC) whose length fits the file."""
        if record.format != "warc":
            raise DamagedArchive(path, offset, f"not a WARC record ({record.format})")
        declared = (record.rec_headers.get_header("Content-Length") or "").strip()
        if not declared.isdigit():  # mandatory; missing also where warcio read a cut-off header as a record
            raise DamagedArchive(path, offset, f"a record without a valid Content-Length ({declared!r})")
        length = int(declared)
        available = self.size - offset
        if length > available * _MAX_GZIP_RATIO:
            raise DamagedArchive(path, offset, f"a record of {length:,} bytes in {available:,} archived bytes")

    def _add(self, path: Path | str, record, offset: int) -> None:
        """A response to serve; one without a target URI is skipped (it answers no request) and counted."""
        url = record.rec_headers.get_header("WARC-Target-URI")
        if not url:
            self.without_uri += 1
            return
        status = record.http_headers.get_statuscode() if record.http_headers else None
        if not (status and status.isdigit()):
            raise DamagedArchive(path, offset, f"a response without an HTTP status ({status!r})")
        self._offsets[url] = offset

    def __len__(self) -> int:
        return len(self._offsets)

    def get(self, url: str) -> Exchange | None:
        offset = self._offsets.get(url)
        if offset is None:
            return None
        self._file.seek(offset)
        return _exchange_from_record(next(iter(ArchiveIterator(self._file))))

    def close(self) -> None:
        self._file.close()
