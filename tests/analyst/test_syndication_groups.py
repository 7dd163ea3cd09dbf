"""Syndication groups assigned at index time (index.copies, the syndicate pipeline's work) and shown by
`vnnews search | show`, against the real server."""

from __future__ import annotations

import json

import pytest
from elasticsearch import Elasticsearch, helpers
from story import OTHER_STORY, STORY, retyped

from index import lifecycle
from index.config import IndexNames
from index.copies import STORED_CANDIDATES, SyndicationGroups
from index.writer import document_id
from search_cli import main as dispatcher


def article(site: str, published: str, body: list[str], title: str = "Phiên họp về xây dựng pháp luật") -> dict:
    url = f"https://{site}/phien-hop.htm"
    return {"url": url, "canonical_url": url, "site": site, "title": title, "lead": None, "body": body,
            "category": [], "published_at": published, "language": "vi", "parser": "test.v1"}


def index_with_groups(es: Elasticsearch, names: IndexNames, groups: SyndicationGroups, doc: dict) -> dict:
    """What the syndicate pipeline then the writer do for one article."""
    doc_id = document_id(doc["canonical_url"])
    doc = {**doc, **groups.assign(doc_id, doc)}
    helpers.bulk(es, [{"_index": names.write_alias, "_id": doc_id, "_source": doc}], refresh=True)
    return doc


def searches(es: Elasticsearch, names: IndexNames) -> int:
    """The searches the server has run on the article index."""
    return es.indices.stats(index=names.read_alias, metric="search")["_all"]["primaries"]["search"]["query_total"]


def leader_flag(es: Elasticsearch, names: IndexNames, doc: dict) -> bool:
    return es.get(index=names.read_alias, id=document_id(doc["canonical_url"]))["_source"]["group_leader"]


@pytest.fixture
def stories(es: Elasticsearch, index_names: IndexNames) -> dict[str, dict]:
    lifecycle.create(es, index_names)
    groups = SyndicationGroups(es)
    docs = {"first": index_with_groups(es, index_names, groups,
                                       article("baochinhphu.vn", "2025-03-12T18:00:00+07:00", STORY))}
    # a new run: copies found through the index, not the run's memory
    groups = SyndicationGroups(es)
    edited = article("nhandan.vn", "2025-03-12T19:00:00+07:00", retyped(STORY[:-1]),
                     title="Đổi mới tư duy xây dựng pháp luật")
    docs["copy"] = index_with_groups(es, index_names, groups, edited)
    docs["quote"] = index_with_groups(es, index_names, groups,
                                      article("hanoimoi.vn", "2025-03-14T10:00:00+07:00", OTHER_STORY))
    # the earliest copy arrives last
    docs["earliest"] = index_with_groups(es, index_names, groups,
                                         article("vietnamplus.vn", "2025-03-12T17:30:00+07:00", STORY))
    return docs


def test_copies_share_a_group_and_the_earliest_leads(es: Elasticsearch, index_names: IndexNames,
                                                      stories: dict[str, dict]) -> None:
    group = stories["first"]["syndication_group"]
    assert stories["copy"]["syndication_group"] == group
    assert stories["earliest"]["syndication_group"] == group
    assert stories["quote"]["syndication_group"] != group
    assert leader_flag(es, index_names, stories["earliest"])
    assert not leader_flag(es, index_names, stories["first"])  # demoted when the earlier copy arrived
    assert not leader_flag(es, index_names, stories["copy"])


def test_copies_of_one_run_group_before_they_are_written(es: Elasticsearch, index_names: IndexNames) -> None:
    lifecycle.create(es, index_names)
    groups = SyndicationGroups(es)
    first = groups.assign("a", article("baochinhphu.vn", "2025-03-12T18:00:00+07:00", STORY))
    second = groups.assign("b", article("nhandan.vn", "2025-03-12T19:00:00+07:00", STORY[:-1]))
    assert second["syndication_group"] == first["syndication_group"] == "a"
    assert (first["group_leader"], second["group_leader"]) == (True, False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = dispatcher.main(list(argv))
    return code, capsys.readouterr().out


def test_search_shows_one_hit_per_story_with_its_other_sites(stories: dict[str, dict],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "search", "xây dựng pháp luật", "--jsonl")
    assert code == 0
    hits = [json.loads(line) for line in out.splitlines()]
    story_hits = [hit for hit in hits if hit["site"] != "hanoimoi.vn"]
    assert [hit["site"] for hit in story_hits] == ["vietnamplus.vn"]
    assert sorted(story_hits[0]["also_in"]) == ["baochinhphu.vn", "nhandan.vn"]
    assert story_hits[0]["copies"] == 2

    code, out = run(capsys, "search", "xây dựng pháp luật", "--all-copies", "--jsonl")
    assert {json.loads(line)["site"] for line in out.splitlines()} == {
        "vietnamplus.vn", "baochinhphu.vn", "nhandan.vn", "hanoimoi.vn"}

    code, out = run(capsys, "search", "xây dựng pháp luật")
    assert "also in: " in out and "(2 copies)" in out


def test_show_lists_the_copies_with_their_dates(stories: dict[str, dict], capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "show", stories["copy"]["canonical_url"], "--json")
    assert code == 0
    copies = json.loads(out)["copies"]
    assert [c["site"] for c in copies] == ["vietnamplus.vn", "baochinhphu.vn"]  # earliest first
    code, out = run(capsys, "show", stories["copy"]["canonical_url"])
    assert "copies:\n  12/03/2025 17:30 · vietnamplus.vn" in out


def test_similar_leaves_out_the_copies(stories: dict[str, dict], capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "similar", stories["first"]["canonical_url"], "--json")
    assert code == 0
    assert [hit["site"] for hit in json.loads(out)["hits"]] == ["hanoimoi.vn"]


def test_an_unreachable_index_is_not_asked_again_for_every_article(closed_port: int) -> None:
    """With Elasticsearch down, each lookup would cost the client's retries and timeouts: after one
    failure the run groups its own articles only, for a while, and its copies still meet."""
    groups = SyndicationGroups(Elasticsearch(f"http://127.0.0.1:{closed_port}", max_retries=0))
    first = groups.assign(document_id("https://a.vn/1"), article("a.vn", "2025-03-12T18:00:00+07:00", STORY))
    assert groups.paused_until > 0
    groups.client = None  # any further request would fail the test
    copy = groups.assign(document_id("https://b.vn/1"), article("b.vn", "2025-03-13T08:00:00+07:00", STORY))
    assert copy["syndication_group"] == first["syndication_group"]


def test_demoting_without_an_index_creates_none(es: Elasticsearch, index_names: IndexNames) -> None:
    groups = SyndicationGroups(es)
    groups.demote(["0" * 64])
    assert not es.indices.exists(index=index_names.write_alias)
    assert groups.undemoted == {"0" * 64}


def test_articles_looked_up_together_get_their_own_candidates(es: Elasticsearch, index_names: IndexNames,
                                                              stories: dict[str, dict]) -> None:
    """One search for a batch: each article gets the candidates of its own bands, in order."""
    groups = SyndicationGroups(es)
    batch = [("x1", article("x.vn", "2025-03-20T08:00:00+07:00", OTHER_STORY)),
             ("x2", article("x.vn", "2025-03-20T09:00:00+07:00", ["Ngắn."])),
             ("x3", article("x.vn", "2025-03-20T10:00:00+07:00", STORY))]
    searches_before = searches(es, index_names)
    found = groups.look_up([groups.lookup_of(doc_id, doc) for doc_id, doc in batch])
    assert searches(es, index_names) == searches_before + 1
    assert [f.fingerprint is None for f in found] == [False, True, False]
    story_ids = {document_id(stories[name]["canonical_url"]) for name in ("first", "copy", "earliest")}
    assert story_ids <= {member.id for member in found[2].stored}
    assert not story_ids & {member.id for member in found[0].stored}
    assert found[1].stored == []


def test_the_runs_own_copies_are_compared_from_memory_not_fetched_again(es: Elasticsearch, index_names: IndexNames,
                                                                       stories: dict[str, dict]) -> None:
    """A run that wrote the first copy of a story looks up a second: the index is asked for the stored
    copies of earlier runs only (the first copy, already in the run's memory, is left out of the search),
    and the second still joins the first one's group."""
    groups = SyndicationGroups(es)
    written = index_with_groups(es, index_names, groups, article("a.vn", "2025-03-20T08:00:00+07:00", OTHER_STORY))
    written_id = document_id(written["canonical_url"])
    copy = article("b.vn", "2025-03-20T09:00:00+07:00", OTHER_STORY)

    lookup = groups.lookup_of("copy", copy)
    found = groups.look_up([lookup])[0]
    assert list(lookup.known) == [written_id]
    assert written_id not in {member.id for member in found.stored}
    assert document_id(stories["quote"]["canonical_url"]) in {member.id for member in found.stored}
    fields, _ = groups.assign_found("copy", copy, found)
    assert fields["syndication_group"] == written["syndication_group"]


def test_a_batch_against_a_missing_index_pauses_the_lookups(es: Elasticsearch, index_names: IndexNames) -> None:
    """Every search of the `_msearch` fails (no such index): grouping goes on with the run's articles."""
    groups = SyndicationGroups(es)
    first = groups.assign("a", article("a.vn", "2025-03-12T18:00:00+07:00", STORY))
    assert groups.paused_until > 0
    copy = groups.assign("b", article("b.vn", "2025-03-13T08:00:00+07:00", STORY))
    assert copy["syndication_group"] == first["syndication_group"] == "a"


def test_a_new_copy_sees_the_stored_leader_of_a_large_group(es: Elasticsearch, index_names: IndexNames) -> None:
    """More stored copies than a lookup returns (STORED_CANDIDATES), the leader the least alike of them
    (an edited copy): the lookup still returns it, so a later copy does not take the lead."""
    lifecycle.create(es, index_names)
    groups = SyndicationGroups(es)
    leader = article("a.vn", "2025-03-12T07:00:00+07:00", STORY[:-1])
    copies = [{**article(f"s{n}.vn", f"2025-03-12T{9 + n % 10:02}:{n:02}:00+07:00", STORY)}
              for n in range(STORED_CANDIDATES + 10)]
    docs = [{**doc, **groups.assign(document_id(doc["canonical_url"]), doc)} for doc in [leader, *copies]]
    helpers.bulk(es, [{"_index": index_names.write_alias, "_id": document_id(doc["canonical_url"]), "_source": doc}
                      for doc in docs], refresh=True)
    assert [doc["group_leader"] for doc in docs].count(True) == 1 and docs[0]["group_leader"]

    late = SyndicationGroups(es).assign("late", article("late.vn", "2025-03-12T08:00:00+07:00", STORY))
    assert (late["syndication_group"], late["group_leader"]) == (docs[0]["syndication_group"], False)


def test_a_leader_demoted_before_its_batch_is_written_costs_no_update(es: Elasticsearch, index_names: IndexNames,
                                                                       tmp_path, monkeypatch) -> None:
    """The earlier copy arrives while the previous leader still waits in the index pipeline's batch: the flag
    is changed there, so Elasticsearch indexes each article once (a partial update re-indexes it whole)."""
    import asyncio

    from scrapy.utils.test import get_crawler

    from crawler.pipelines.index import IndexPipeline
    from crawler.pipelines.syndicate import SyndicatePipeline

    monkeypatch.setenv("VNNEWS_DATA", str(tmp_path))
    lifecycle.create(es, index_names)
    crawler = get_crawler(settings_dict={"VNNEWS_INDEXING": True, "VNNEWS_BULK_SIZE": 10})
    syndicate, index = SyndicatePipeline.from_crawler(crawler), IndexPipeline.from_crawler(crawler)
    newer = article("baochinhphu.vn", "2025-03-12T18:00:00+07:00", STORY)
    earlier = article("vietnamplus.vn", "2025-03-12T17:30:00+07:00", retyped(STORY))

    async def crawl() -> None:
        await index.open_spider()
        for doc in (newer, earlier):
            await index.process_item(await syndicate.process_item(doc))
        await syndicate.close_spider()
        await index.close_spider()
        await syndicate.spider_closed()

    asyncio.run(crawl())
    assert (leader_flag(es, index_names, newer), leader_flag(es, index_names, earlier)) == (False, True)
    indexing = es.indices.stats(index=index_names.read_alias, metric="indexing")["_all"]["primaries"]["indexing"]
    assert indexing["index_total"] == 2
    assert crawler.stats.get_value("vnnews/indexed") == 2
