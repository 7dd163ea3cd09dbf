"""BulkWriter against the real server: merge rules, dead letters, spool and replay."""

from __future__ import annotations

import fcntl
import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from index import writer
from index.config import IndexNames
from index.writer import BulkWriter, WriteReport, dead_letter_file, quarantine_file, spool_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Set the crawl time the writer stamps (second precision would otherwise need sleeps)."""

    def set_time(moment: str) -> None:
        monkeypatch.setattr(writer, "now_iso", lambda: moment)

    return set_time


def stored(es: Elasticsearch, names: IndexNames, canonical_url: str) -> dict:
    return es.get(index=names.read_alias, id=hashlib.sha256(canonical_url.encode()).hexdigest())["_source"]


def write(es: Elasticsearch, *articles: dict, **options: object) -> WriteReport:
    with BulkWriter(es, backoff_seconds=0, **options) as bulk:
        for article in articles:
            bulk.add(article)
    return bulk.report


def write_spool(*entries: tuple[str, dict]) -> None:
    """A spool segment as an earlier run left it: (seen_at, article) lines."""
    lines = [json.dumps({"seen_at": seen_at, "article": article}, ensure_ascii=False) for seen_at, article in entries]
    write_segment("".join(line + "\n" for line in lines).encode())


def write_segment(content: bytes, name: str = "0-earlier-run.jsonl") -> None:
    spool_dir().mkdir(parents=True, exist_ok=True)
    (spool_dir() / name).write_bytes(content)


def dead_letters() -> list[dict]:
    return [json.loads(line) for line in dead_letter_file().read_text().splitlines()]


def spool_lines() -> list[dict]:
    """Every spooled entry, oldest segment first."""
    segments = sorted(spool_dir().glob("*.jsonl")) if spool_dir().exists() else []
    return [json.loads(line) for segment in segments for line in segment.read_text().splitlines()]


def test_first_write_sets_version_and_seen_times(es, created, make_article, clock):
    clock("2024-03-05T09:00:00+07:00")
    assert write(es, make_article(1)) == WriteReport(indexed=1)
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert doc["version"] == 1
    assert doc["first_seen"] == doc["last_seen"] == "2024-03-05T09:00:00+07:00"
    assert doc["title"] == make_article(1)["title"]


def test_unchanged_recrawl_keeps_version_and_first_seen(es, created, make_article, clock):
    clock("2024-03-05T09:00:00+07:00")
    write(es, make_article(1))
    clock("2024-03-06T10:00:00+07:00")
    write(es, make_article(1, tags=["thuế"]))
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert (doc["version"], doc["updated_at"]) == (1, None)
    assert doc["first_seen"] == "2024-03-05T09:00:00+07:00"
    assert doc["last_seen"] == "2024-03-06T10:00:00+07:00"
    assert doc["tags"] == ["thuế"]


def test_changed_content_bumps_version_and_updated_at(es, created, make_article, clock):
    clock("2024-03-05T09:00:00+07:00")
    write(es, make_article(1))
    clock("2024-03-07T11:00:00+07:00")
    write(es, make_article(1, content_hash="edited", title="Tiêu đề đã sửa"))
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert (doc["version"], doc["title"]) == (2, "Tiêu đề đã sửa")
    assert doc["updated_at"] == doc["last_seen"] == "2024-03-07T11:00:00+07:00"
    assert doc["first_seen"] == "2024-03-05T09:00:00+07:00"

    write(es, make_article(1, content_hash="edited again", updated_at="2024-03-08T07:15:00+07:00"))
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert (doc["version"], doc["updated_at"]) == (3, "2024-03-08T07:15:00+07:00")


def test_copies_in_one_batch_fold_into_one_write_in_crawl_order(es, created, make_article, clock):
    with BulkWriter(es, backoff_seconds=0) as bulk:
        clock("2024-03-05T09:00:00+07:00")
        bulk.add(make_article(1))
        clock("2024-03-06T09:00:00+07:00")
        bulk.add(make_article(1, content_hash="newer", title="Bản mới"))
    assert bulk.report == WriteReport(indexed=2)  # both crawls accounted for
    es.indices.refresh(index=created.read_alias)
    assert es.count(index=created.read_alias)["count"] == 1
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert (doc["version"], doc["title"]) == (2, "Bản mới")
    assert (doc["first_seen"], doc["last_seen"]) == ("2024-03-05T09:00:00+07:00", "2024-03-06T09:00:00+07:00")


def test_replayed_copies_from_several_runs_fold_by_crawl_time(es, created, make_article):
    """A spool from two runs, the later run's line first: the earliest crawl is first_seen, every content
    change between the copies bumps the version, the latest crawl's content wins, each line is counted."""
    write_spool(
        ("2024-03-07T09:00:00+07:00", make_article(1, content_hash="third", title="Bản ba")),
        ("2024-03-05T09:00:00+07:00", make_article(1)),
        ("2024-03-06T09:00:00+07:00", make_article(1, content_hash="second")),
    )
    assert BulkWriter(es).replay_spool() == WriteReport(replayed=3)
    doc = stored(es, created, make_article(1)["canonical_url"])
    assert (doc["version"], doc["title"], doc["content_hash"]) == (3, "Bản ba", "third")
    assert (doc["first_seen"], doc["last_seen"]) == ("2024-03-05T09:00:00+07:00", "2024-03-07T09:00:00+07:00")
    assert doc["updated_at"] == "2024-03-07T09:00:00+07:00"
    assert spool_lines() == []


def test_rejected_document_goes_to_dead_letter_without_blocking_others(es, created, make_article):
    articles = [make_article(1), make_article(2, unknown_field="x"), make_article(3)]
    assert write(es, *articles) == WriteReport(indexed=2, dead_lettered=1)
    es.indices.refresh(index=created.read_alias)
    assert es.count(index=created.read_alias)["count"] == 2
    [entry] = [json.loads(line) for line in dead_letter_file().read_text().splitlines()]
    assert entry["article"]["canonical_url"] == articles[1]["canonical_url"]
    assert "strict_dynamic_mapping_exception" in entry["reason"]
    assert "unknown_field" in entry["reason"]


def test_article_without_canonical_url_is_dead_lettered(es, created, make_article):
    assert write(es, make_article(1, canonical_url=None)) == WriteReport(dead_lettered=1)
    assert "canonical_url" in dead_letter_file().read_text()


def test_unreachable_server_spools_then_replay_writes_exactly_once(es, created, make_article, unreachable):
    articles = [make_article(number) for number in range(7)]
    assert write(unreachable, *articles, batch_size=3, max_retries=1) == WriteReport(spooled=7)
    assert [line["article"] for line in spool_lines()] == articles

    replay = BulkWriter(es, batch_size=3).replay_spool()
    assert replay == WriteReport(replayed=7)
    assert spool_lines() == []
    es.indices.refresh(index=created.read_alias)
    assert es.count(index=created.read_alias)["count"] == 7

    assert BulkWriter(es).replay_spool() == WriteReport()


def test_replay_keeps_what_still_fails_and_never_duplicates(es, created, make_article, unreachable):
    write(unreachable, *[make_article(number) for number in range(4)], max_retries=0)
    assert BulkWriter(unreachable, max_retries=0).replay_spool() == WriteReport(spooled=4)
    assert len(spool_lines()) == 4

    write(es, make_article(0))  # crawled again meanwhile: the replay must merge, not duplicate
    assert BulkWriter(es).replay_spool() == WriteReport(replayed=4)
    es.indices.refresh(index=created.read_alias)
    assert es.count(index=created.read_alias)["count"] == 4
    assert stored(es, created, make_article(0)["canonical_url"])["version"] == 1


def test_replay_dead_letters_rejected_articles_and_quarantines_unreadable_lines(es, created, make_article):
    good = json.dumps({"seen_at": "2024-03-05T09:00:00+07:00", "article": make_article(1)})
    bad = json.dumps({"seen_at": "2024-03-05T09:00:00+07:00", "article": make_article(2, extra=1)})
    write_segment(f"{good}\n{bad}\n{{truncated\n".encode() + b"\xff\xfe not UTF-8\n")
    assert BulkWriter(es).replay_spool() == WriteReport(replayed=1, dead_lettered=1, quarantined=2)
    assert spool_lines() == []
    [rejected] = dead_letters()
    assert "strict_dynamic_mapping_exception" in rejected["reason"]
    quarantined = [json.loads(line) for line in quarantine_file().read_text().splitlines()]
    assert [entry.get("raw") for entry in quarantined] == [None, "{truncated"]
    assert quarantined[0]["reason"] == "not UTF-8"
    assert quarantined[1]["reason"].startswith("not a spooled article")


def test_missing_write_alias_spools_instead_of_creating_an_index(es, index_names, make_article):
    assert write(es, make_article(1), max_retries=0) == WriteReport(spooled=1)
    assert not es.indices.exists(index=index_names.write_alias)


def test_a_batch_is_spooled_and_announced_durable_before_it_is_sent_and_removed_once_written(
    es, created, make_article, monkeypatch
):
    seen: list[tuple[list[str], list[dict]]] = []

    def durable(articles: list[dict]) -> None:
        seen.append(([entry["article"]["canonical_url"] for entry in spool_lines()], articles))

    with BulkWriter(es, batch_size=3, on_durable=durable) as bulk:
        for number in range(1, 6):
            bulk.add(make_article(number))
        assert spool_lines() == []  # the first batch was written; the second waits in memory
    assert bulk.report == WriteReport(indexed=5)
    assert [articles for _, articles in seen] == [list(map(make_article, [1, 2, 3])), list(map(make_article, [4, 5]))]
    assert [spooled for spooled, _ in seen] == [[make_article(n)["canonical_url"] for n in batch]
                                                for batch in ([1, 2, 3], [4, 5])]
    assert spool_lines() == []
    assert writer.spooled_count() == 0


def test_an_unexpected_error_while_writing_leaves_the_batch_in_the_spool(es, created, make_article, monkeypatch):
    def broken_operations(*args: object) -> dict:
        raise RuntimeError("a bug in building the request")

    with monkeypatch.context() as patch:
        patch.setattr(writer, "_operations", broken_operations)
        bulk = BulkWriter(es, batch_size=2)
        bulk.add(make_article(1))
        with pytest.raises(RuntimeError):
            bulk.add(make_article(2))
    assert writer.spooled_count() == 2
    assert bulk.report == WriteReport(spooled=2)

    assert BulkWriter(es).replay_spool() == WriteReport(replayed=2)
    es.indices.refresh(index=created.read_alias)
    assert es.count(index=created.read_alias)["count"] == 2



def test_a_refused_request_is_split_until_only_the_culprit_is_dead_lettered(es, created, make_article, body_limited):
    """A request the proxy refuses (413) first in the spool: once blocked every replay; now halved down to the
    one article too large, which is dead-lettered, and everything behind it is written."""
    huge = make_article(0, body=["Kiểm toán " * 30_000])  # 300 kB, far over the proxy's 64 KiB
    write_spool(*[("2024-03-05T09:00:00+07:00", article) for article in [huge, *map(make_article, range(1, 6))]])
    assert BulkWriter(body_limited, backoff_seconds=0).replay_spool() == WriteReport(replayed=5, dead_lettered=1)
    assert spool_lines() == []
    [entry] = dead_letters()
    assert entry["article"]["canonical_url"] == huge["canonical_url"]
    assert entry["reason"].startswith("413 ")
    es.indices.refresh(index=created.read_alias)
    assert es.count(index=created.read_alias)["count"] == 5


def test_dead_letter_appends_wait_for_the_file_lock(make_article):
    """Two crawls dead-lettering at once must not interleave entries: appends hold `<file>.lock`."""
    lock_path = dead_letter_file().with_name(dead_letter_file().name + ".lock")
    lock_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        appending = threading.Thread(target=write, args=(None, make_article(1, canonical_url=None)))
        appending.start()
        appending.join(timeout=0.5)
        assert appending.is_alive(), "the dead-letter append did not wait for the lock"
        assert not dead_letter_file().exists()
        fcntl.flock(lock, fcntl.LOCK_UN)
    appending.join(timeout=10)
    assert [entry["reason"] for entry in dead_letters()] == ["no canonical_url: the document id cannot be computed"]


def test_crawl_times_are_stamped_with_the_vietnam_offset():
    assert writer.now_iso().endswith("+07:00")
    assert len(writer.now_iso()) == len("2024-03-05T09:00:00+07:00")


def test_a_lone_surrogate_neither_breaks_the_spool_nor_goes_uncounted(es, created, make_article, unreachable):
    assert write(unreachable, make_article(1, title="Ti\ud800u đề"), max_retries=0) == WriteReport(spooled=1)
    assert spool_lines()[0]["article"]["title"] == "Ti\ud800u đề"
    replay = BulkWriter(es).replay_spool()
    assert replay.replayed + replay.dead_lettered == 1 and replay.quarantined == 0


@pytest.mark.parametrize("count", [3, 4])
def test_what_a_writer_wrote_is_searchable_once_it_closes(es, created, make_article, count):
    """Also when the last batch was full (nothing left to send at close): the periodic refresh is off."""
    es.indices.put_settings(index=created.write_alias, settings={"refresh_interval": "-1"})
    write(es, *map(make_article, range(count)), batch_size=2)
    assert es.count(index=created.read_alias)["count"] == count
