"""The roles of docs/security/roles.json on a node with security switched on (basic authentication over
loopback HTTP): the operator creates the index, the crawler writes through the write alias, the analyst
searches the read alias; the analyst can neither write nor read another index, the crawler cannot read
the read alias, and each refusal is one "not allowed" line with exit code 12 (NotAllowed)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from cluster_support import ROOT, Crawl, sitegen, vnnews
from elasticsearch import AuthorizationException, Elasticsearch

from index import cluster
from index.errors import NotAllowed

pytestmark = pytest.mark.cluster

ROLES = json.loads((ROOT / "docs" / "security" / "roles.json").read_text())
# one user per shipped role (named after it), and an administrator for the cluster's health
USERS = tuple(cluster.FileUser(role, secrets.token_urlsafe(16), (role,)) for role in ROLES)
ADMIN = cluster.FileUser("vnnews-admin", secrets.token_urlsafe(16), ("superuser",))
ARTICLES = 30
OTHER_INDEX = "someone-elses-index"


@pytest.fixture(scope="module")
def secured() -> Iterator[cluster.Cluster]:
    planned = cluster.plan("vnnews-secured", 1, 9323, 9423, users=(ADMIN, *USERS), roles=ROLES)
    cluster.stop(planned)
    cluster.remove(planned)
    try:
        cluster.start(planned)
        yield planned
    finally:
        cluster.stop(planned)
        cluster.remove(planned)


@pytest.fixture(scope="module")
def users(secured: cluster.Cluster) -> dict[str, dict[str, str]]:
    """The environment each role's user runs vnnews with (the roles as shipped: default index names)."""
    admin = Elasticsearch(secured.urls, basic_auth=(ADMIN.name, ADMIN.password))
    admin.index(index=OTHER_INDEX, document={"secret": "not for analysts"}, refresh=True)
    return {user.name: {"ES_URL": secured.urls, "ES_USER": user.name, "ES_PASSWORD": user.password,
                        "VNNEWS_INDEX": "vnnews-articles"} for user in USERS}


def assert_not_allowed(result: object) -> None:
    assert result.returncode == NotAllowed.exit_code, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "error: not allowed: " in result.stderr, result.stderr


def test_each_role_does_its_job_and_nothing_else(users: dict[str, dict[str, str]], tmp_path: Path) -> None:
    operator, crawler, analyst = users["vnnews_operator"], users["vnnews_crawler"], users["vnnews_analyst"]
    created = vnnews("index", "create", env=operator)
    assert created.returncode == 0, created.stderr

    archive = tmp_path / "site.warc.gz"
    sitegen.build_generated_archive(archive, ARTICLES)
    crawl = Crawl(tmp_path)("--replay", str(archive), env=crawler)
    assert crawl.returncode == 0, crawl.stdout[-2000:] + crawl.stderr[-3000:]
    assert crawl.summary["indexed"] == ARTICLES
    assert "could not refresh" not in crawl.stderr  # searchable when the crawl returns, not a second later
    assert "syndication lookup failed" not in crawl.stderr  # copies found through the write alias it may read
    replayed = vnnews("index", "replay-spool", env={**crawler, "VNNEWS_DATA": str(tmp_path / "data")})
    assert replayed.returncode == 0, replayed.stderr

    found = vnnews("search", "kiểm toán", "--json", env=analyst)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] > 0

    assert_not_allowed(vnnews("index", "create", env=analyst))
    assert_not_allowed(vnnews("search", "kiểm toán", env={**analyst, "VNNEWS_INDEX": OTHER_INDEX}))
    assert_not_allowed(vnnews("search", "kiểm toán", env=crawler))
    assert_not_allowed(vnnews("index", "status", env=crawler))


def test_the_analyst_cannot_write_even_through_the_api(users: dict[str, dict[str, str]]) -> None:
    analyst = users["vnnews_analyst"]
    client = Elasticsearch(analyst["ES_URL"], basic_auth=(analyst["ES_USER"], analyst["ES_PASSWORD"]))
    for index in ("vnnews-articles", "vnnews-articles-write", OTHER_INDEX):
        with pytest.raises(AuthorizationException):
            client.index(index=index, document={"title": "forged"})
    with pytest.raises(AuthorizationException):
        client.search(index=OTHER_INDEX)
