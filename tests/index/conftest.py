"""Fixtures for the index tests: a private index base (from tests/conftest.py), a private data directory
(spool, dead letters) and article documents."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from index import config, lifecycle
from index.config import IndexNames


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VNNEWS_DATA", str(tmp_path / "data"))
    return config.data_dir()


@pytest.fixture
def created(es: Elasticsearch, index_names: IndexNames) -> IndexNames:
    """The article index, created with the real schema and both aliases."""
    lifecycle.create(es, index_names)
    return index_names


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def unreachable(closed_port: int) -> Elasticsearch:
    return Elasticsearch(f"http://127.0.0.1:{closed_port}", max_retries=0, request_timeout=2)


@pytest.fixture
def make_article() -> Callable[..., dict]:
    def make(number: int, **overrides: object) -> dict:
        url = f"https://baokiemtoan.vn/tin-tuc/bai-{number}.html"
        article = {
            "url": url,
            "canonical_url": url,
            "site": "baokiemtoan.vn",
            "agency_prefix": "BKTO",
            "title": f"Kiểm toán nhà nước công bố kết quả kiểm toán số {number}",
            "lead": "Sáng nay, Kiểm toán nhà nước tổ chức hội nghị tại Hà Nội.",
            "body": ["Đoàn công tác đến Hà Nội.", "Bộ trưởng phát biểu tại hội nghị."],
            "author": "Nguyễn Văn Hùng",
            "category": ["Kiểm toán", "Kết quả kiểm toán"],
            "tags": ["ngân sách nhà nước"],
            "images": [{"url": f"{url}.jpg", "caption": "Quang cảnh hội nghị", "credit": "BKTO"}],
            "published_at": "2024-03-05T08:30:00+07:00",
            "updated_at": None,
            "language": "vi",
            "parser": "bkto.v1",
            "content_hash": f"hash-{number}",
        }
        return article | overrides

    return make

