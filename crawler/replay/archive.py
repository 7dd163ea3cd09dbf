"""Reading and writing HTTP exchanges as gzipped WARC files (warcio).

Each exchange becomes a `response` record followed by its `request` record (WARC 1.1), one gzip
member per record, so a reader can seek straight to a record from an offset index instead of
holding every body in memory.
"""

from __future__ import annotations

import uuid
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


def read_exchanges(path: Path | str) -> Iterator[Exchange]:
    with Path(path).open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                yield _exchange_from_record(record)


class ArchiveReader:
    """Random access by URL: the archive is scanned once for response offsets, bodies are read on
    demand. The last response archived for a URL wins: a recorded crawl archives every attempt of a
    retried fetch (503, firewall page, then the page), and the last one is what the crawl kept."""

    def __init__(self, path: Path | str) -> None:
        self._file: BinaryIO = Path(path).open("rb")  # noqa: SIM115 - closed by close()
        self._offsets: dict[str, int] = {}
        records = ArchiveIterator(self._file)
        for record in records:
            if record.rec_type == "response":
                url = record.rec_headers.get_header("WARC-Target-URI")
                self._offsets[url] = records.get_record_offset()

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
