"""Shared by the spool, dead-letter and writer-kill tests: articles, a tiny real filesystem, and where
every article ended (index, spool, dead letters)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from elasticsearch import Elasticsearch

from index.writer import dead_letter_file, spool_dir

ROOT = Path(__file__).resolve().parents[2]


def article(number: int, **overrides: object) -> dict:
    url = f"https://baokiemtoan.vn/tin-tuc/bai-{number}.html"
    return {
        "url": url,
        "canonical_url": url,
        "site": "baokiemtoan.vn",
        "agency_prefix": "BKTO",
        "title": f"Kiểm toán nhà nước công bố kết quả kiểm toán số {number}",
        "lead": "Sáng nay, Kiểm toán nhà nước tổ chức hội nghị tại Hà Nội.",
        "body": ["Đoàn công tác đến Hà Nội.", "Bộ trưởng phát biểu tại hội nghị về ngân sách nhà nước."],
        "author": "Nguyễn Văn Hùng",
        "category": ["Kiểm toán"],
        "tags": ["ngân sách nhà nước"],
        "images": [],
        "published_at": "2024-03-05T08:30:00+07:00",
        "updated_at": None,
        "language": "vi",
        "parser": "bkto.v1",
        "content_hash": f"hash-{number}",
    } | overrides


@contextmanager
def small_disk(path: Path, size: str = "64k") -> Iterator[Path]:
    """A real tmpfs of `size` mounted at `path` (needs root, as CI runs), unmounted afterwards."""
    assert os.geteuid() == 0, "mounting the small filesystem needs root (CI runs as root)"
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def fill(directory: Path) -> None:
    """Fill the filesystem of `directory` to the last byte."""
    descriptor = os.open(directory / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (4096, 1):
            try:
                while os.write(descriptor, b"\0" * chunk):
                    pass
            except OSError:
                pass
    finally:
        os.close(descriptor)


def spooled_urls() -> list[str]:
    if not spool_dir().exists():
        return []
    return [json.loads(line)["article"]["url"] for segment in sorted(spool_dir().glob("*.jsonl"))
            for line in segment.read_text().splitlines()]


def dead_letter_urls() -> list[str]:
    if not dead_letter_file().exists():
        return []
    return [json.loads(line)["article"]["url"] for line in dead_letter_file().read_text().splitlines()]


def indexed_urls(es: Elasticsearch, alias: str) -> list[str]:
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=10_000, source_includes=["url"])["hits"]["hits"]
    return [hit["_source"]["url"] for hit in hits]
