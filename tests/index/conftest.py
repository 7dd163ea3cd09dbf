"""Fixtures for the index tests: a private index base (from tests/conftest.py), a private data directory
(spool, dead letters) and article documents."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

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



BODY_LIMIT = 64 * 1024
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade"}


@pytest.fixture
def body_limited(es_url: str) -> Iterator[Elasticsearch]:
    """A client of the real server through a loopback reverse proxy that refuses request bodies over
    BODY_LIMIT with 413, as nginx's client_max_body_size or a cloud gateway does."""
    upstream = urlsplit(es_url)

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if len(body) > BODY_LIMIT:
                self.answer(413, {"Content-Type": "text/html"}, b"<html>413 Request Entity Too Large</html>")
                return
            connection = HTTPConnection(upstream.hostname, upstream.port, timeout=30)
            headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            passed = {name: value for name, value in response.getheaders() if name.lower() not in HOP_BY_HOP}
            self.answer(response.status, passed, response.read())
            connection.close()

        def answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward

        def log_message(self, *args: object) -> None:
            pass

    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    yield Elasticsearch(f"http://127.0.0.1:{proxy.server_port}", request_timeout=30)
    proxy.shutdown()
    proxy.server_close()

