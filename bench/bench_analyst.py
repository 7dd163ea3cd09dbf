"""Quality and cost of the analyst fields: document references, provinces, syndicated copies.

    PYTHONPATH=. .venv/bin/python bench/bench_analyst.py [--docs 2000] [--es-url URL]

1. Reference extraction precision and recall on the gold sentences of bench/analyst_gold.py (each
   reference compared by its canonical form, per sentence).
2. Province tagging accuracy on the judged short articles of bench/analyst_gold.py (an article counts
   as right when its tag set is exactly the judged one).
3. Syndication pairwise precision and recall: bench.corpus stories with planted copies (exact, last
   paragraph dropped, title and lead rewritten, re-typed with other tone placement and a caption
   inserted) and near misses (another story quoting one paragraph; the corpus itself, whose stories are
   built from the same sentence templates), grouped in a shuffled order by index.copies (this run's
   memory: the same code path as a crawl, without the index lookup).
4. Indexing throughput with and without the new pipeline work (enrich + syndication with its index
   lookups by batches, as the crawler does them), bulk-indexing the same articles into two throwaway
   indices of the real schema on one server, the pipeline work on a thread of its own beside the bulk
   requests as in a crawl; the ratio is with / without.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import os
import queue
import random
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from elasticsearch import Elasticsearch, helpers

from bench.analyst_gold import province_articles, reference_sentences
from bench.corpus import generate_articles
from crawler.pipelines.enrich import EnrichPipeline
from crawler.pipelines.syndicate import LOOKUP_BATCH, LOOKUP_THREADS
from index import config, schema
from index.copies import SyndicationGroups
from index.provinces import article_provinces
from index.references import find_references
from index.vietnamese import clean_text
from index.writer import document_id

CHUNK = 200


def reference_scores() -> tuple[int, int, float, float]:
    cases = reference_sentences()
    true_positive = predicted = gold = 0
    for text, cited in cases:
        found = Counter(ref.canonical for ref in find_references(text))
        expected = Counter(cited)
        true_positive += sum((found & expected).values())
        predicted += sum(found.values())
        gold += sum(expected.values())
    return len(cases), gold, true_positive / predicted, true_positive / gold


def province_accuracy() -> tuple[int, float]:
    cases = province_articles()
    # normalised first, as the crawler's normalise pipeline does before the enrich pipeline
    right = sum(set(article_provinces(clean_text(title), clean_text(lead), list(map(clean_text, body)))["provinces"])
                == tagged for title, lead, body, tagged in cases)
    return len(cases), right / len(cases)


def planted_corpus(stories: int, seed: int = 3) -> list[tuple[str, dict]]:
    """(true group, article) for `stories` corpus articles, half of them with 1-3 planted copies, and a
    near miss quoting one paragraph for a quarter of them."""
    rng = random.Random(seed)
    corpus = []
    for number, story in enumerate(generate_articles(stories, seed)):
        group = f"g{number}"
        corpus.append((group, story))
        if number % 2 == 0:
            for edit in rng.sample(EDITS, rng.randint(1, 3)):
                corpus.append((group, edit(story, rng)))
        if number % 4 == 1 and story["body"]:
            quoting = next(iter(generate_articles(1, seed + 1000 + number)))
            quoting["body"] = [*quoting["body"][:2], rng.choice(story["body"]), *quoting["body"][2:]]
            quoting["canonical_url"] = quoting["url"] = f"https://quote.vn/{number}"
            corpus.append((f"q{number}", quoting))
    rng.shuffle(corpus)
    return corpus


def _copy(story: dict, site: str, rng: random.Random) -> dict:
    copied = copy.deepcopy(story)
    copied["site"] = site
    copied["canonical_url"] = copied["url"] = f"https://{site}/{uuid.UUID(int=rng.getrandbits(128))}.htm"
    return copied


def exact(story: dict, rng: random.Random) -> dict:
    return _copy(story, "nhandan.vn", rng)


def last_paragraph_dropped(story: dict, rng: random.Random) -> dict:
    copied = _copy(story, "vietnamplus.vn", rng)
    copied["body"] = copied["body"][:-1] if len(copied["body"]) > 2 else copied["body"]
    return copied


def retitled(story: dict, rng: random.Random) -> dict:
    copied = _copy(story, "qdnd.vn", rng)
    copied["title"], copied["lead"] = "Tin tổng hợp: " + copied["title"], "(TTXVN) " + (copied["lead"] or "")
    return copied


def retyped(story: dict, rng: random.Random) -> dict:
    copied = _copy(story, "hanoimoi.vn", rng)
    copied["body"] = [p.replace("oà", "òa").replace("uỷ", "ủy") for p in copied["body"]]
    copied["body"].insert(1, "Ảnh: TTXVN")
    return copied


EDITS = [exact, last_paragraph_dropped, retitled, retyped]


def _pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    by_label: dict[str, list[str]] = {}
    for item, label in labels.items():
        by_label.setdefault(label, []).append(item)
    return {tuple(sorted(pair)) for members in by_label.values() for pair in itertools.combinations(members, 2)}


def syndication_scores(stories: int) -> tuple[int, int, float, float]:
    corpus = planted_corpus(stories)
    groups = SyndicationGroups(lookup=False)
    truth, predicted = {}, {}
    for group, article in corpus:
        doc_id = document_id(article["canonical_url"])
        truth[doc_id] = group
        predicted[doc_id] = groups.assign(doc_id, article)["syndication_group"]
    true_pairs, found_pairs = _pairs(truth), _pairs(predicted)
    hits = len(true_pairs & found_pairs)
    return len(corpus), len(true_pairs), hits / max(len(found_pairs), 1), hits / len(true_pairs)


def _prepared(docs: list[dict], enrich: bool, out: queue.Queue) -> None:
    """The crawler's pipelines before the writer: with `enrich`, enrich then syndication; without, none."""
    write_alias = config.index_names().write_alias
    pairs = [(document_id(doc["canonical_url"]), doc) for doc in docs]
    for doc_id, doc in _syndicated(pairs) if enrich else pairs:
        out.put({"_index": write_alias, "_id": doc_id, "_source": doc})
    out.put(None)


def _syndicated(pairs: list[tuple[str, dict]]) -> Iterator[tuple[str, dict]]:
    """Enrich, then syndication: its index lookups by batches of LOOKUP_BATCH on a pool of LOOKUP_THREADS,
    each batch made on this thread (as the crawler's reactor thread makes them), LOOKUP_THREADS batches ahead
    of the assignments, made in order."""
    pipeline, groups = EnrichPipeline(), SyndicationGroups()
    batches = iter([pairs[start : start + LOOKUP_BATCH] for start in range(0, len(pairs), LOOKUP_BATCH)])
    with ThreadPoolExecutor(LOOKUP_THREADS) as pool:

        def looked_up(batch: list[tuple[str, dict]]) -> tuple[list[tuple[str, dict]], Future]:
            return batch, pool.submit(groups.look_up, [groups.lookup_of(doc_id, doc) for doc_id, doc in batch])

        ahead = deque(map(looked_up, itertools.islice(batches, LOOKUP_THREADS)))
        while ahead:
            batch, found = ahead.popleft()
            ahead.extend(map(looked_up, itertools.islice(batches, 1)))
            for (doc_id, doc), one in zip(batch, found.result(), strict=True):
                doc = pipeline.process_item(doc)
                fields, demoted = groups.assign_found(doc_id, doc, one)
                doc.update(fields)
                groups.demote(demoted)
                yield doc_id, doc


def _index(client: Elasticsearch, docs: list[dict], enrich: bool) -> float:
    """Seconds to prepare (with or without the new pipeline work) and bulk-index `docs`, then refresh.
    As in a crawl, the pipelines and the writer run on threads of their own: preparing the next articles
    overlaps the bulk request of the previous batch."""
    names = config.IndexNames(f"bench-analyst-{uuid.uuid4().hex[:8]}")
    client.indices.create(index=names.physical(schema.SCHEMA_VERSION), settings=schema.SETTINGS,
                          mappings=copy.deepcopy(schema.MAPPINGS),
                          aliases={names.read_alias: {}, names.write_alias: {"is_write_index": True}})
    # the syndication lookups read the bench index itself: what earlier batches wrote
    os.environ["VNNEWS_INDEX"] = names.base
    try:
        started = time.perf_counter()
        prepared: queue.Queue = queue.Queue(maxsize=CHUNK)
        producer = threading.Thread(target=_prepared, args=(copy.deepcopy(docs), enrich, prepared))
        producer.start()
        helpers.bulk(client, iter(prepared.get, None), chunk_size=CHUNK, refresh=True)
        producer.join()
        return time.perf_counter() - started
    finally:
        client.indices.delete(index=names.physical(schema.SCHEMA_VERSION))


def throughput(client: Elasticsearch, count: int, rounds: int) -> tuple[float, float]:
    """Docs/s without and with the new work: the best of `rounds` alternating runs of each (the server
    is shared: the best run is the least disturbed one)."""
    docs = list(generate_articles(count, seed=5))
    _index(client, docs[: count // 5], enrich=False)  # warm-up
    without, with_work = [], []
    for _ in range(rounds):
        without.append(_index(client, docs, enrich=False))
        with_work.append(_index(client, docs, enrich=True))
    return count / min(without), count / min(with_work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000, help="articles for the throughput comparison")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each throughput variant")
    parser.add_argument("--stories", type=int, default=400, help="base stories of the syndication corpus")
    parser.add_argument("--es-url", help="Elasticsearch with the vnnews plugin (default: ES_URL / managed)")
    args = parser.parse_args()
    if args.es_url:
        os.environ["ES_URL"] = args.es_url
    sentences, references, precision, recall = reference_scores()
    articles, accuracy = province_accuracy()
    corpus, pairs, syn_precision, syn_recall = syndication_scores(args.stories)
    client = config.es_client()
    plain, enriched = throughput(client, args.docs, args.rounds)
    print("| measure | set | result | target |")
    print("|---|---|---|---|")
    print(f"| reference precision | {references} references in {sentences} texts | {precision:.3f} | >= 0.98 |")
    print(f"| reference recall | idem | {recall:.3f} | >= 0.95 |")
    print(f"| province tagging accuracy (exact tag set) | {articles} judged articles | {accuracy:.3f} | |")
    print(f"| syndication pairwise precision | {corpus} articles, {pairs} true copy pairs | {syn_precision:.3f} "
          "| >= 0.95 |")
    print(f"| syndication pairwise recall | idem | {syn_recall:.3f} | >= 0.95 |")
    print(f"| indexing throughput without / with the new work (best of {args.rounds}) | {args.docs} articles "
          f"| {plain:.0f} / "
          f"{enriched:.0f} docs/s = {enriched / plain:.2f} | >= 0.85 |")


if __name__ == "__main__":
    main()
