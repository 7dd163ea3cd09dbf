"""Damaged WARC archives, generated: what a full disk, a killed recorder, a bad copy or a mistaken path
hands `vnnews crawl --replay`.

`damaged_warcs(directory)` writes each case and yields (name, path, readable): `readable` is how many
archived URLs come before the damage, which `--allow-partial` serves (0: nothing, so it refuses too).
"""

from __future__ import annotations

import gzip
import random
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from crawler.replay.archive import Exchange, write_archive

PAGES = 5
HTML = ("Content-Type", "text/html; charset=utf-8")


def exchanges() -> list[Exchange]:
    return [
        Exchange(f"https://baokiemtoan.vn/bai-{n}-{n + 100}.html", 200, (HTML,), f"<p>Bài số {n}</p>".encode())
        for n in range(PAGES)
    ]


def good_archive(path: Path) -> bytes:
    write_archive(path, exchanges())
    return path.read_bytes()


def member_offsets(data: bytes) -> list[int]:
    """Where each gzip member starts (one per record: response, request, ...)."""
    offsets, position = [], 0
    while position < len(data):
        offsets.append(position)
        inflater = zlib.decompressobj(31)
        inflater.decompress(data[position:])
        position = len(data) - len(inflater.unused_data)
    return offsets


_GOOD: dict[str, bytes] = {}


def good_bytes() -> bytes:
    """The intact archive's bytes: PAGES responses, each followed by its request, one gzip member each."""
    if "good" not in _GOOD:
        with tempfile.TemporaryDirectory() as directory:
            _GOOD["good"] = good_archive(Path(directory) / "good.warc.gz")
    return _GOOD["good"]


def damaged_warcs(directory: Path) -> Iterator[tuple[str, Path, int]]:
    good = good_bytes()
    starts = member_offsets(good)  # response, request, response, request...
    rng = random.Random(7)

    def case(name: str, data: bytes, readable: int) -> tuple[str, Path, int]:
        path = directory / f"{name}.warc.gz"
        path.write_bytes(data)
        return name, path, readable

    plain = gzip.decompress(good)
    yield case("empty", b"", 0)
    yield case("plain-text", b"This is not an archive.\n" * 100, 0)
    yield case("html-page", b"<html><body>404 Not Found</body></html>", 0)
    yield case("random-bytes", rng.randbytes(50_000), 0)
    yield case("zeros", b"\x00" * 50_000, 0)
    yield case("gzip-of-text", gzip.compress(b"hello world\n" * 1000), 0)
    yield case("gzip-of-nothing", gzip.compress(b""), 0)
    yield case("bzip2-magic", b"BZh91AY&SY" + rng.randbytes(1000), 0)
    # Six truncated gzips: inside the first member's header, inside its data, one byte short of its end,
    # inside a middle member, the last trailer cut, the last byte gone.
    yield case("truncated-first-header", good[:5], 0)
    yield case("truncated-first-data", good[: starts[1] // 2], 0)
    yield case("truncated-first-end", good[: starts[1] - 1], 0)
    yield case("truncated-middle", good[: starts[4] + (starts[5] - starts[4]) // 2], 2)
    yield case("truncated-trailer", good[:-8], PAGES - 1)
    yield case("truncated-last-byte", good[:-1], PAGES - 1)
    yield case("truncated-half", good[: len(good) // 2], None)
    yield case("garbage-appended", good + b"garbage after the last record", PAGES)
    yield case("zeros-appended", good + b"\x00" * 1000, PAGES)
    yield case("member-corrupted", _flip(good, starts[4] + 20), 2)
    yield case("member-crc-wrong", _flip(good, starts[3] - 6), 1)
    yield case("two-archives-one-cut", good + good[: len(good) // 3], PAGES)
    # Uncompressed WARCs.
    yield case("plain-truncated-header", plain[:20], 0)
    yield case("plain-truncated-body", plain[: len(plain) - 40], PAGES - 1)
    yield case("plain-garbage-appended", plain + b"\r\n\r\nnot a record", PAGES)
    # Lying or missing headers.
    huge = plain.replace(b"Content-Length: ", b"Content-Length: 999999999", 1)
    yield case("plain-length-999999999999", huge, 0)
    yield case("gzip-length-999999999999", gzip.compress(huge), 0)
    yield case("length-not-a-number", plain.replace(b"Content-Length: ", b"Content-Length: x", 1), 0)
    yield case("length-negative", plain.replace(b"Content-Length: ", b"Content-Length: -", 1), 0)
    yield case("version-line-wrong", plain.replace(b"WARC/1.1", b"WARC/9.9", 1), 0)
    yield case("status-not-a-number", plain.replace(b"HTTP/1.1 200 OK", b"HTTP/1.1 abc OK", 1), 0)
    yield case("no-http-headers", plain.replace(b"HTTP/1.1 200 OK", b"GARBAGE", 1), 0)
    yield case("gzip-status-not-a-number", gzip.compress(plain.replace(b"HTTP/1.1 200 OK", b"HTTP/1.1 abc OK", 1)), 0)
    yield case("plain-truncated-mid-records", plain[: len(plain) // 2], None)
    yield case("crlf-flood", b"\r\n" * 1_000_000, 0)
    yield case("gzip-wrong-method", good[:2] + b"\x07" + good[3:], 0)
    arc = b"filedesc://x.arc 0.0.0.0 20230427000000 text/plain 9\n1 0 test\n\nhttps://baokiemtoan.vn/a 1.2.3.4 "
    yield case("arc-not-warc", arc + b"20230427000000 text/html 10\n<p>x</p>\n\n", 0)
    # No WARC-Target-URI header at all on the second response: warcio cannot read on from there.
    second = plain.index(b"WARC-Target-URI: https://baokiemtoan.vn/bai-1-101.html")
    no_uri = plain[:second] + plain[second:].replace(b"WARC-Target-URI: ", b"X-Was-Target: ", 1)
    yield case("no-target-uri-plain", no_uri, 1)
    yield case("no-target-uri-gzip", gzip.compress(no_uri), 0)


def hostile_but_whole(directory: Path) -> Iterator[tuple[str, Path]]:
    """Odd but complete archives: every URL is served, in bounded time."""
    plain = gzip.decompress(good_bytes())
    for name, data in (
        ("header-line-huge", plain.replace(b"WARC-Date: ", b"WARC-Date: " + b"x" * 2_000_000, 1)),
        ("header-lines-many", plain.replace(b"WARC-Date: ", b"X-A: b\r\n" * 100_000 + b"WARC-Date: ", 1)),
    ):
        path = directory / f"{name}.warc"
        path.write_bytes(data)
        yield name, path


def without_target_uri(directory: Path) -> Iterator[tuple[str, Path]]:
    """Archives whose first response has an empty WARC-Target-URI: that record is skipped, the rest served."""
    good = good_bytes()
    plain = gzip.decompress(good)
    cut = plain.replace(b"WARC-Target-URI: https://baokiemtoan.vn/bai-0-100.html", b"WARC-Target-URI: ", 1)
    first_record_end = cut.index(b"WARC/1.1\r\n", 1)
    per_record = gzip.compress(cut[:first_record_end]) + good[member_offsets(good)[1] :]
    for name, data in (("empty-target-uri-plain", cut), ("empty-target-uri-gzip", per_record)):
        path = directory / f"{name}.warc.gz"
        path.write_bytes(data)
        yield name, path


def _flip(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 0xFF]) + data[position + 1 :]
