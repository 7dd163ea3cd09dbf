"""create / status / migrate / drop-old against the real server, through the library and the CLI."""

from __future__ import annotations

import json

import pytest
from elasticsearch import Elasticsearch

from index import lifecycle, schema
from index.config import IndexNames
from index.errors import IndexMissing
from index.writer import BulkWriter, WriteReport, document_id, spool_dir
from search_cli.main import main as vnnews


def aliases_of(es: Elasticsearch, alias: str) -> dict:
    return es.indices.get_alias(name=alias).body


def make_outdated_index(es: Elasticsearch, names: IndexNames) -> str:
    """An index as an older release left it: previous schema version, behind both aliases."""
    old = names.physical(schema.SCHEMA_VERSION - 1)
    mappings = schema.MAPPINGS | {"_meta": {"schema_version": schema.SCHEMA_VERSION - 1}}
    es.indices.create(index=old, settings=schema.SETTINGS, mappings=mappings)
    es.indices.update_aliases(actions=lifecycle.alias_actions(names, old, previous=[]))
    return old


def test_create_builds_the_schema_and_is_idempotent(es, index_names):
    first = lifecycle.create(es, index_names)
    physical = index_names.physical(schema.SCHEMA_VERSION)
    assert first == [
        f"created index {physical} (schema version {schema.SCHEMA_VERSION}, 1 shards, 0 replicas)",
        f"alias {index_names.read_alias} -> {physical}",
        f"alias {index_names.write_alias} -> {physical}",
    ]
    assert lifecycle.create(es, index_names)[0].startswith("nothing to do")
    mapping = es.indices.get_mapping(index=physical)[physical]["mappings"]
    assert mapping["dynamic"] == "strict"
    assert mapping["_meta"] == {"schema_version": schema.SCHEMA_VERSION}
    assert set(mapping["properties"]) == set(schema.MAPPINGS["properties"])
    settings = es.indices.get_settings(index=physical)[physical]["settings"]["index"]
    assert settings["refresh_interval"] == schema.SETTINGS["refresh_interval"]
    assert aliases_of(es, index_names.write_alias)[physical]["aliases"][index_names.write_alias] == {
        "is_write_index": True
    }


def test_create_restores_a_missing_write_alias(es, created):
    physical = created.physical(schema.SCHEMA_VERSION)
    es.indices.delete_alias(index=physical, name=created.write_alias)
    assert lifecycle.create(es, created) == [f"alias {created.write_alias} -> {physical}"]


def test_status_reports_aliases_counts_and_versions(es, created, make_article):
    with BulkWriter(es) as bulk:
        bulk.add(make_article(1))
        bulk.add(make_article(2))
    es.indices.refresh(index=created.read_alias)
    physical = created.physical(schema.SCHEMA_VERSION)
    state = lifecycle.status(es, created)
    cluster = state.pop("cluster")
    assert cluster["status"] in {"green", "yellow"} and cluster["nodes"]
    assert [(shard["index"], shard["primary"], shard["state"]) for shard in cluster["shards"]] == [
        (physical, True, "STARTED")]
    assert state == {
        "read_alias": {"name": created.read_alias, "indices": [physical]},
        "write_alias": {"name": created.write_alias, "indices": [physical]},
        "indices": [
            {
                "name": physical,
                "docs": 2,
                "schema_version": schema.SCHEMA_VERSION,
                "aliases": sorted([created.read_alias, created.write_alias]),
            }
        ],
        "schema_version": {"index": schema.SCHEMA_VERSION, "code": schema.SCHEMA_VERSION},
        "migration_due": False,
    }


def test_status_without_index_raises_index_missing(es, index_names):
    with pytest.raises(IndexMissing):
        lifecycle.status(es, index_names)


def test_migrate_copies_every_document_and_moves_both_aliases(es, index_names, make_article, monkeypatch):
    monkeypatch.setattr(lifecycle, "COPY_PAGE_SIZE", 4)  # several search_after pages
    old = make_outdated_index(es, index_names)
    with BulkWriter(es) as bulk:
        for number in range(11):
            bulk.add(make_article(number))
    assert bulk.report == WriteReport(indexed=11)
    es.indices.refresh(index=old)
    assert lifecycle.status(es, index_names)["migration_due"] is True

    done = lifecycle.migrate(es, index_names)
    new = index_names.physical(schema.SCHEMA_VERSION)
    assert f"copied 11 documents {old} -> {new}" in done
    assert list(aliases_of(es, index_names.read_alias)) == [new]
    assert list(aliases_of(es, index_names.write_alias)) == [new]
    assert es.count(index=new)["count"] == es.count(index=old)["count"] == 11
    before = {hit["_id"]: hit["_source"] for hit in lifecycle.scan(es, old)}
    after = {hit["_id"]: hit["_source"] for hit in lifecycle.scan(es, new)}
    assert after == before

    assert lifecycle.migrate(es, index_names)[0].startswith("nothing to do")
    state = lifecycle.status(es, index_names)
    assert state["migration_due"] is False
    assert [index["name"] for index in state["indices"]] == [old, new]


def test_migrate_catches_up_documents_written_during_the_copy(es, index_names, make_article, monkeypatch):
    old = make_outdated_index(es, index_names)
    with BulkWriter(es) as bulk:
        bulk.add(make_article(1))
    es.indices.refresh(index=old)
    original_copy = lifecycle.copy_documents

    def copy_while_a_crawler_writes(client, source, target):
        copied = original_copy(client, source, target)
        with BulkWriter(es) as late:
            late.add(make_article(2))
        return copied

    monkeypatch.setattr(lifecycle, "copy_documents", copy_while_a_crawler_writes)
    done = lifecycle.migrate(es, index_names)
    assert done[-1].startswith("copied 1 documents written to")
    new = index_names.physical(schema.SCHEMA_VERSION)
    es.indices.refresh(index=new)
    assert es.count(index=new)["count"] == 2


def test_migrate_catches_up_a_spool_replayed_during_the_copy(es, index_names, make_article, monkeypatch):
    """A replay writes an article as it was seen days ago: found by sequence number, not by crawl time."""
    old = make_outdated_index(es, index_names)
    with BulkWriter(es) as bulk:
        bulk.add(make_article(1))
    spooled = {"seen_at": "2024-01-02T08:00:00+07:00", "article": make_article(2)}
    spool_dir().mkdir(parents=True, exist_ok=True)
    (spool_dir() / "0-earlier-run.jsonl").write_text(json.dumps(spooled, ensure_ascii=False) + "\n", encoding="utf-8")
    original_copy = lifecycle.copy_documents

    def copy_while_the_spool_is_replayed(client, source, target):
        copied = original_copy(client, source, target)
        assert BulkWriter(es).replay_spool() == WriteReport(replayed=1)
        return copied

    monkeypatch.setattr(lifecycle, "copy_documents", copy_while_the_spool_is_replayed)
    done = lifecycle.migrate(es, index_names)
    assert done[-1].startswith("copied 1 documents written to")
    new = index_names.physical(schema.SCHEMA_VERSION)
    es.indices.refresh(index=new)
    assert es.count(index=new)["count"] == es.count(index=old)["count"] == 2
    replayed = es.get(index=index_names.read_alias, id=document_id(make_article(2)["canonical_url"]))["_source"]
    assert replayed["first_seen"] == "2024-01-02T08:00:00+07:00"


def test_drop_old_deletes_only_indices_without_alias(es, index_names):
    old = make_outdated_index(es, index_names)
    lifecycle.migrate(es, index_names)
    assert lifecycle.drop_old(es, index_names) == [f"deleted {old}"]
    assert not es.indices.exists(index=old)
    assert lifecycle.drop_old(es, index_names)[0].startswith("nothing to do")
    assert es.indices.exists(index=index_names.physical(schema.SCHEMA_VERSION))


def test_cli_commands_run_twice(es, index_names, capsys):
    for command in (["create"], ["migrate"], ["drop-old"], ["replay-spool"]):
        assert vnnews(["index", *command]) == 0
        assert vnnews(["index", *command]) == 0
    capsys.readouterr()
    assert vnnews(["index", "status", "--json"]) == 0
    state = json.loads(capsys.readouterr().out)
    assert state["write_alias"]["indices"] == [index_names.physical(schema.SCHEMA_VERSION)]
    assert vnnews(["index", "status"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_cli_status_without_index_exits_6(es, index_names, capsys):
    assert vnnews(["index", "status"]) == 6
    assert capsys.readouterr().err.count("\n") == 1


def test_cli_unreachable_server_exits_5(closed_port, point_es_at, capsys):
    point_es_at(f"http://127.0.0.1:{closed_port}")
    assert vnnews(["index", "status"]) == 5
    error = capsys.readouterr().err
    assert error.startswith("vnnews index: error: cannot reach Elasticsearch") and error.count("\n") == 1


def test_cli_replay_spool_exits_10_while_documents_remain(es, created, make_article, unreachable, capsys):
    with BulkWriter(unreachable, max_retries=0) as bulk:
        bulk.add(make_article(1))
    assert vnnews(["index", "replay-spool"]) == 0
    assert "replayed 1" in capsys.readouterr().out
    with BulkWriter(unreachable, max_retries=0) as bulk:
        bulk.add(make_article(2))
    es.indices.delete_alias(index=created.physical(schema.SCHEMA_VERSION), name=created.write_alias)
    assert vnnews(["index", "replay-spool"]) == 10
    assert "1 documents remain" in capsys.readouterr().err
