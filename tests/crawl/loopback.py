"""A loopback stand-in for the web: an HTTP proxy on 127.0.0.1 that serves the site itself.

The crawler runs unchanged with `http_proxy`/`https_proxy` pointing here (Scrapy's HttpProxyMiddleware
reads them), so requests keep their real URLs (`https://baokiemtoan.vn/...`) and the real site spec and
extractor apply. Plain-http requests arrive as absolute URLs; https requests open a CONNECT tunnel that
this server terminates with a throw-away self-signed certificate (Scrapy does not verify certificates
by default). Each URL is answered by a route that sees how many times it was asked, which lets a test
script failures: 5xx then success, a slow first answer, a firewall page.
"""

from __future__ import annotations

import datetime
import ssl
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from crawler.replay.archive import Exchange


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    delay: float = 0.0
    padding: int = 0  # zero bytes sent after the body (declared in Content-Length): a huge page, never in memory


# A route gets the 1-based number of this request for its URL.
Route = Callable[[int], Answer]


def static(exchange: Exchange) -> Route:
    return lambda hit: Answer(exchange.status, exchange.headers, exchange.body)


def failing_first(exchange: Exchange, failures: int, status: int = 503) -> Route:
    def answer(hit: int) -> Answer:
        if hit <= failures:
            return Answer(status, (("Content-Type", "text/plain"),), b"Service Unavailable")
        return Answer(exchange.status, exchange.headers, exchange.body)

    return answer


def slow_first(exchange: Exchange, delay: float) -> Route:
    return lambda hit: Answer(exchange.status, exchange.headers, exchange.body, delay if hit == 1 else 0.0)


def firewall_first(exchange: Exchange, rejected_page: bytes, rejections: int | None) -> Route:
    """A 200 rejection page for the first `rejections` requests (None: for every request)."""

    def answer(hit: int) -> Answer:
        if rejections is None or hit <= rejections:
            return Answer(200, (("Content-Type", "text/html"),), rejected_page)
        return Answer(exchange.status, exchange.headers, exchange.body)

    return answer


def _self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "vnnews loopback")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class _SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LoopbackWeb.Server
    origin = ""  # set for requests inside a CONNECT tunnel

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url = self.path if self.path.startswith("http") else self.origin + self.path
        if etag := self.headers.get("If-None-Match"):
            self.server.web.validators[url] = etag
        answer = self.server.web.answer(url)
        if answer.delay:
            time.sleep(answer.delay)
        try:
            self.send_response(answer.status)
            for name, value in answer.headers:
                if name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body) + answer.padding))
            self.end_headers()
            self.wfile.write(answer.body)
            self.write_padding(answer.padding)
        except OSError:
            self.close_connection = True  # the client gave up (a timeout test): nothing to answer

    def write_padding(self, size: int) -> None:
        chunk = bytes(64 * 1024)
        for start in range(0, size, len(chunk)):
            self.wfile.write(chunk[: size - start])

    def do_CONNECT(self) -> None:
        host = self.path.rsplit(":", 1)[0]
        self.send_response(200, "Connection established")
        self.end_headers()
        tunnel = self.server.web.tls.wrap_socket(self.connection, server_side=True)
        handler = type("TunnelHandler", (_SiteHandler,), {"origin": f"https://{host}"})
        handler(tunnel, self.client_address, self.server)
        self.close_connection = True


class LoopbackWeb:
    """Serve `routes` (URL -> Route) through a proxy on 127.0.0.1; unknown URLs get a 404 page."""

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        web: LoopbackWeb

        def handle_error(self, request: object, client_address: object) -> None:
            """A client that went away (a killed crawl, a cancelled download) is no error of the server's."""

    def __init__(self, routes: dict[str, Route], not_found: bytes = b"not found") -> None:
        self.routes = routes
        self.not_found = not_found
        self.hits: Counter[str] = Counter()
        self.log: list[tuple[float, str]] = []  # (time.monotonic(), URL) of every request, in order
        self.validators: dict[str, str] = {}  # URL -> the If-None-Match of its latest request
        self._lock = threading.Lock()
        self._certs = tempfile.TemporaryDirectory()
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(*_self_signed_certificate(Path(self._certs.name)))
        self.server = self.Server(("127.0.0.1", 0), _SiteHandler)
        self.server.web = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def proxy_env(self) -> dict[str, str]:
        """Environment for a crawler process: every site request through the proxy, loopback direct."""
        return {"http_proxy": self.proxy_url, "https_proxy": self.proxy_url, "no_proxy": "127.0.0.1,localhost"}

    def answer(self, url: str) -> Answer:
        with self._lock:
            self.hits[url] += 1
            hit = self.hits[url]
            self.log.append((time.monotonic(), url))
        route = self.routes.get(url)
        if route is None:
            return Answer(404, (("Content-Type", "text/html; charset=utf-8"),), self.not_found)
        return route(hit)

    def __enter__(self) -> LoopbackWeb:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._certs.cleanup()
