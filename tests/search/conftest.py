"""Fixtures for the search CLI tests: one small Vietnamese archive, indexed once per session with the real
schema (index.lifecycle) into a private index base, and a runner for `vnnews` subcommands."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator

import pytest
from elasticsearch import Elasticsearch, helpers
from search_archive import ARTICLES, SLUG_BY_ID, Run, article_id

from index import lifecycle
from index.config import IndexNames
from search_cli import main as dispatcher


@pytest.fixture(scope="session")
def archive(es: Elasticsearch) -> Iterator[IndexNames]:
    """The ARTICLES, indexed through the write alias of a freshly created article index."""
    names = IndexNames(f"test-search-{uuid.uuid4().hex[:10]}")
    lifecycle.create(es, names)
    actions = [
        {"_index": names.write_alias, "_id": article_id(slug), "_source": article}
        for slug, article in ARTICLES.items()
    ]
    helpers.bulk(es, actions, refresh=True)
    yield names
    # by name: the server refuses wildcard deletes (action.destructive_requires_name)
    es.indices.delete(index=list(lifecycle.physical_indices(es, names)))


@pytest.fixture
def archive_env(archive: IndexNames, monkeypatch: pytest.MonkeyPatch) -> IndexNames:
    monkeypatch.setenv("VNNEWS_INDEX", archive.base)
    return archive


@pytest.fixture
def vnnews(archive_env: IndexNames, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run a `vnnews` subcommand in-process through the dispatcher, against the test archive."""

    def run(*argv: str) -> Run:
        code = dispatcher.main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def search_ids(vnnews: Callable[..., Run]) -> Callable[..., list[str]]:
    """The slugs `vnnews search ARGS --jsonl` finds, in result order."""

    def slugs(*argv: str) -> list[str]:
        result = vnnews("search", *argv, "--jsonl", "--size", "50")
        assert result.code == 0, result.err
        return [SLUG_BY_ID[json.loads(line)["id"]] for line in result.out.splitlines()]

    return slugs

