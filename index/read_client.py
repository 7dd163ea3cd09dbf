"""The read client of the search commands: the few synchronous requests `vnnews search | facets | show |
export` make, over the standard library's http.client.

Why not the `elasticsearch` client, which the crawler, the writer and the index commands use: importing
it costs ~0.3 s on a 2-core machine, more than the search itself, because `elastic_transport` loads its
asynchronous nodes (aiohttp, asyncio) and the `requests` and `urllib3` nodes in its package `__init__`,
whichever node a client then uses; `Elasticsearch(node_class="urllib3")` and `import
elasticsearch._sync` pay the same (docs/benchmarks.md, search section). http.client costs ~20 ms.

The methods take the keyword arguments of the `Elasticsearch` methods of the same names, so the one
point-in-time pager (index.lifecycle.pit_pages) serves both clients, and return the response bodies as
dicts. Failures are the commands' one-line errors: no server (exit 5), no article index (exit 6); any
other refusal is mapped like the `elasticsearch` client's (index.errors.elasticsearch_refusal).
tests/search/test_read_client.py checks that the search commands never
import the asynchronous stack, so that a change that brings it back fails loudly.
"""

from __future__ import annotations

import base64
import http.client
import json
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

from index.config import client_options, es_hosts, index_missing, unreachable
from index.errors import CliError, elasticsearch_refusal

REQUEST_TIMEOUT_S = 30


def _auth_header(options: dict) -> dict[str, str]:
    """index.config.client_options' credentials, sent as the `elasticsearch` client sends them."""
    if api_key := options.get("api_key"):
        return {"Authorization": f"ApiKey {api_key}"}
    if basic := options.get("basic_auth"):
        token = base64.b64encode(":".join(basic).encode()).decode("ascii")
        return {"Authorization": f"Basic {token}"}
    return {}


def _url_auth(url: str) -> dict[str, str]:
    """Basic authentication written in the node's URL (`http://user:password@host`), as the
    `elasticsearch` client reads it."""
    parts = urlsplit(url)
    if not parts.username:
        return {}
    token = base64.b64encode(f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def _connection(url: str, ca_certs: str | None) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    if parts.scheme == "https":
        import ssl  # only for https: the loopback node is plain http

        context = ssl.create_default_context(cafile=ca_certs)
        return http.client.HTTPSConnection(parts.hostname, parts.port or 443, timeout=REQUEST_TIMEOUT_S,
                                           context=context)
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=REQUEST_TIMEOUT_S)


def _error_of(status: int, payload: bytes) -> CliError:
    try:
        body = json.loads(payload)
    except ValueError:
        body = {"error": payload[:200].decode("utf-8", "replace")}
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and error.get("type") == "index_not_found_exception":
        return index_missing()
    return elasticsearch_refusal(status, body)


class ReadClient:
    """One keep-alive connection to a node of ES_URL (index.config.es_hosts: the first that answers, in
    the order given), opened at the first request."""

    def __init__(self) -> None:
        options = client_options()
        self.hosts, self.ca_certs = es_hosts(), options.get("ca_certs")
        self.current = 0
        self.headers = {"Content-Type": "application/json", "Accept": "application/json", **_auth_header(options)}
        self.connection: http.client.HTTPConnection | None = None

    @property
    def prefix(self) -> str:
        """The path of the node's URL (a cluster behind a reverse proxy at https://host/es/)."""
        return urlsplit(self.hosts[self.current]).path.rstrip("/")

    def _send(self, method: str, path: str, body: bytes | None) -> http.client.HTTPResponse:
        url = self.hosts[self.current]
        if self.connection is None:
            self.connection = _connection(url, self.ca_certs)
        headers = self.headers if "Authorization" in self.headers else {**self.headers, **_url_auth(url)}
        self.connection.request(method, self.prefix + path, body=body, headers=headers)
        return self.connection.getresponse()

    def _answer(self, method: str, path: str, payload: bytes | None) -> tuple[int, bytes]:
        try:
            response = self._send(method, path, payload)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # the server closed an idle keep-alive connection: reads are safe to send again
            self.close()
            response = self._send(method, path, payload)
        return response.status, response.read()

    def request(self, method: str, path: str, body: dict | None = None) -> dict:
        payload = None if body is None else json.dumps(body).encode()
        for _ in self.hosts:
            try:
                status, answer = self._answer(method, path, payload)
                break
            except (OSError, http.client.HTTPException) as error:
                self.close()
                failure = error
                self.current = (self.current + 1) % len(self.hosts)  # reads are safe on any other node
        else:
            raise unreachable(failure) from None
        if status >= 300:
            raise _error_of(status, answer)
        return json.loads(answer)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def search(self, *, index: str | None = None, body: dict | None = None, **fields: Any) -> dict:
        """POST _search; `fields` are body fields as keyword arguments (None: left out)."""
        request = {**(body or {}), **{name: value for name, value in fields.items() if value is not None}}
        return self.request("POST", f"/{quote(index)}/_search" if index else "/_search", request)

    def open_point_in_time(self, *, index: str, keep_alive: str) -> dict:
        return self.request("POST", f"/{quote(index)}/_pit?{urlencode({'keep_alive': keep_alive})}")

    def close_point_in_time(self, *, id: str) -> dict:
        return self.request("DELETE", "/_pit", {"id": id})
