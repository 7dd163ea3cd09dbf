"""The one place that knows where things are: cache and data directories, and the Elasticsearch client.

Environment variables (all optional):
  ES_URL            Elasticsearch URL, or several nodes of one cluster separated by commas (the client
                    fails over between them); default: the managed local node once started (see index.server)
  VNNEWS_ES_SNIFF   "1": also discover the cluster's other nodes from the ones in ES_URL (only when
                    the client can reach every node directly, never behind a load balancer or proxy)
  ES_API_KEY        API key for a real cluster
  ES_USER, ES_PASSWORD   basic authentication for a real cluster
  ES_CA_CERT        CA certificate file for https
  VNNEWS_INDEX      base name of the article index and its aliases (default "vnnews-articles")
  VNNEWS_CACHE      cache directory (server download, unpacked server, its data and logs)
  VNNEWS_DATA       data directory (spool, dead-letter file, crawl state)
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from index.errors import CliError, EsUnreachable, IndexMissing, elasticsearch_refusal

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

DEFAULT_INDEX = "vnnews-articles"
DEFAULT_PORT = 9200
_URL_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/\s@]+@", re.IGNORECASE)


def cache_dir() -> Path:
    """Where the managed server lives. As root it must sit outside root's 0700 home, since the
    server runs as an unprivileged user that has to traverse every parent directory."""
    if env := os.environ.get("VNNEWS_CACHE"):
        return Path(env)
    if os.geteuid() == 0:
        return Path("/var/cache/vnnews")
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "vnnews"


def data_dir() -> Path:
    if env := os.environ.get("VNNEWS_DATA"):
        return Path(env)
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "vnnews"


def server_state_file() -> Path:
    return cache_dir() / "server.json"


def managed_server_url() -> str | None:
    """The URL recorded by `vnnews server start`, if a managed node was started."""
    try:
        return json.loads(server_state_file().read_text())["url"]
    except (OSError, ValueError, KeyError):
        return None


def es_url() -> str:
    """ES_URL, else the managed node's URL. Never a guess: whatever listens on a default port may be
    someone else's server."""
    if url := os.environ.get("ES_URL") or managed_server_url():
        return url
    raise EsUnreachable("no Elasticsearch to use: ES_URL is not set and no managed server was started "
                        "(`vnnews server start`)")


def es_hosts() -> list[str]:
    """The nodes in ES_URL (comma-separated), in the order given."""
    return [url.strip() for url in es_url().split(",") if url.strip()]


def _userinfo(url: str) -> str:
    """The `user:password` part of a URL (with or without a scheme), else ""."""
    authority = (url.partition("://")[2] or url).split("/", 1)[0]
    return authority.rpartition("@")[0]


def shown_url(url: str) -> str:
    """`url` (or comma-separated URLs) as it may be printed: without user and password."""
    return ",".join(_without_userinfo(part) for part in url.split(","))


def _without_userinfo(url: str) -> str:
    userinfo = _userinfo(url)
    return url.replace(f"{userinfo}@", "", 1) if userinfo else url


def redact(text: str) -> str:
    """`text` without a credential: no URL user information, none of the secrets vnnews was given
    (ES_URL's password, ES_PASSWORD, ES_API_KEY), in whichever form an error message may quote them."""
    text = _URL_USERINFO.sub(r"\1", text)
    secrets = [os.environ.get("ES_PASSWORD"), os.environ.get("ES_API_KEY")]
    for url in os.environ.get("ES_URL", "").split(","):
        userinfo = _userinfo(url)
        password = userinfo.partition(":")[2]
        secrets += [userinfo, password, unquote(password)]
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def unreachable(error: Exception) -> EsUnreachable:
    """The one-line error of every command that cannot reach Elasticsearch."""
    return EsUnreachable(f"cannot reach Elasticsearch at {shown_url(es_url())} ({type(error).__name__}): "
                         "start it with `vnnews server start` or set ES_URL")


def index_missing() -> IndexMissing:
    """The one-line error of every command that finds no article index."""
    return IndexMissing(f"the article index {index_names().read_alias!r} does not exist at {shown_url(es_url())}: "
                        "create it with `vnnews index create`")


def _client_error(error: Exception) -> CliError | None:
    """The commands' error for a failure of the `elasticsearch` client: no server (exit 5), no article
    index (exit 6), each refusal by Elasticsearch (index.errors.elasticsearch_refusal); None for any
    other failure."""
    from elasticsearch import ApiError, TransportError

    if isinstance(error, ApiError):
        if error.status_code == 404 and error.error == "index_not_found_exception":
            return index_missing()
        return elasticsearch_refusal(error.status_code, error.body)
    if isinstance(error, TransportError):
        return unreachable(error)
    return None


@contextmanager
def elasticsearch_errors() -> Iterator[None]:
    """Turn the client's failures into the commands' one-line errors. The client is imported only once
    something failed, so that commands answer --help at once and the search commands, whose read client
    (index.read_client) raises these errors itself, never load it."""
    try:
        yield
    except CliError:
        raise
    except Exception as error:
        mapped = _client_error(error)
        if mapped is None:
            raise
        raise mapped from None


@dataclass(frozen=True)
class IndexNames:
    """A versioned physical index (`<base>-v<N>`) behind a read alias and a write alias."""

    base: str

    @property
    def read_alias(self) -> str:
        return self.base

    @property
    def write_alias(self) -> str:
        return f"{self.base}-write"

    def physical(self, version: int) -> str:
        return f"{self.base}-v{version}"


def index_names() -> IndexNames:
    return IndexNames(os.environ.get("VNNEWS_INDEX", DEFAULT_INDEX))


def client_options() -> dict:
    """Credentials and CA certificate from the environment, as `Elasticsearch` keyword arguments (the
    read client of index.read_client takes the same)."""
    options: dict = {}
    if api_key := os.environ.get("ES_API_KEY"):
        options["api_key"] = api_key
    elif user := os.environ.get("ES_USER"):
        options["basic_auth"] = (user, os.environ.get("ES_PASSWORD", ""))
    if ca := os.environ.get("ES_CA_CERT"):
        options["ca_certs"] = ca
    return options


@cache
def es_client() -> Elasticsearch:
    """The Elasticsearch client every part of vnnews uses (the search commands read through
    index.read_client, which does not load this client's asynchronous stack)."""
    from elasticsearch import Elasticsearch

    sniff = os.environ.get("VNNEWS_ES_SNIFF") == "1"  # off behind a load balancer: it hides the nodes
    sniffing = {"sniff_on_start": True, "sniff_on_node_failure": True} if sniff else {}
    return Elasticsearch(es_hosts(), request_timeout=30, **client_options(), **sniffing)
