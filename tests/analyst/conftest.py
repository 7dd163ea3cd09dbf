"""Fixtures of the analyst tests: the archive of analyst_archive, indexed once per module into a private
index of the real server, and a runner for `vnnews` subcommands against it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from analyst_archive import ARTICLES, Run
from elasticsearch import Elasticsearch, helpers

from index import lifecycle
from index.config import IndexNames
from index.writer import document_id
from search_cli import main as dispatcher


@pytest.fixture(scope="module")
def analyst_archive(es: Elasticsearch) -> Iterator[IndexNames]:
    names = IndexNames(f"test-analyst-{uuid.uuid4().hex[:10]}")
    lifecycle.create(es, names)
    actions = [{"_index": names.write_alias, "_id": document_id(doc["canonical_url"]), "_source": doc}
               for doc in ARTICLES.values()]
    helpers.bulk(es, actions, refresh=True)
    yield names
    es.indices.delete(index=list(lifecycle.physical_indices(es, names)))


@pytest.fixture
def vnnews(analyst_archive: IndexNames, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    monkeypatch.setenv("VNNEWS_INDEX", analyst_archive.base)

    def run(*argv: str) -> Run:
        code = dispatcher.main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
