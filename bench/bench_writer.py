"""BulkWriter (write-ahead spool, merge, no loss) against `elasticsearch.helpers.bulk` on the same documents.

    PYTHONPATH=. .venv/bin/python bench/bench_writer.py [--docs 20000] [--rounds 2] [--es-url URL]

Both write the same generated articles (bench.corpus) with the same ids and the same batch size into a fresh
index of the real schema (created by index.lifecycle, behind its aliases), alternately (A/B per round), and
the index is deleted after each run. The writer runs as a crawl uses it: its spool on the local disk (a
temporary VNNEWS_DATA, fsynced per batch), `create` first. docs/s covers the writing up to a refresh; the
table gives the best and the median round, the ratio of the writer to helpers.bulk, and the client's own
CPU time per document (serialising, spooling, HTTP: what the writer adds, and far less disturbed by other
load on the machine than the wall time, which is mostly Elasticsearch analysing). Needs a server with the
vnnews plugin.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable

from elasticsearch import Elasticsearch, helpers

from bench.corpus import generate_articles
from index import config, lifecycle
from index.writer import BulkWriter, document_id

BATCH = 500
WARM_UP = 1_000


Writer = Callable[[config.IndexNames], None]


def with_fresh_index(client: Elasticsearch, write: Writer, docs: int) -> tuple[float, float]:
    """Seconds `write` takes to write into a fresh article index, up to a refresh, and this process's CPU
    seconds meanwhile; the index is then deleted."""
    names = config.IndexNames(f"bench-writer-{uuid.uuid4().hex[:8]}")
    os.environ["VNNEWS_INDEX"] = names.base
    lifecycle.create(client, names)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        write(names)
        client.indices.refresh(index=names.read_alias)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert client.count(index=names.read_alias)["count"] == docs
        return seconds, cpu
    finally:
        client.indices.delete(index=",".join(client.indices.get(index=f"{names.base}*")))


def raw_bulk(client: Elasticsearch, docs: list[dict]) -> Writer:
    def write(names: config.IndexNames) -> None:
        actions = ({"_op_type": "create", "_index": names.write_alias, "_id": document_id(doc["canonical_url"]),
                    "_source": doc} for doc in docs)
        helpers.bulk(client, actions, chunk_size=BATCH, max_retries=0)

    return write


def bulk_writer(client: Elasticsearch, docs: list[dict]) -> Writer:
    def write(names: config.IndexNames) -> None:
        with tempfile.TemporaryDirectory(prefix="bench-writer-spool-") as data:
            os.environ["VNNEWS_DATA"] = data
            with BulkWriter(client, batch_size=BATCH) as bulk:
                for doc in docs:
                    bulk.add(doc)
            assert bulk.report.indexed == len(docs), bulk.report

    return write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--es-url", help="default: index.config.es_client()")
    args = parser.parse_args()
    client = (Elasticsearch(args.es_url) if args.es_url else config.es_client()).options(request_timeout=300)
    docs = list(generate_articles(args.docs, args.seed))
    contenders = {"helpers.bulk (baseline)": raw_bulk, "BulkWriter": bulk_writer}
    for make in contenders.values():  # JIT warm-up of the analyzers and of both code paths
        with_fresh_index(client, make(client, docs[:WARM_UP]), WARM_UP)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
    for round_ in range(args.rounds):
        order = list(contenders.items()) if round_ % 2 == 0 else list(reversed(contenders.items()))
        for name, make in order:
            runs[name].append(with_fresh_index(client, make(client, docs), args.docs))
    baseline = statistics.median(seconds for seconds, _ in runs["helpers.bulk (baseline)"])
    print(f"{args.docs} generated articles (seed {args.seed}), batches of {BATCH}, {args.rounds} rounds A/B\n")
    print("| writer | docs/s best | docs/s median | vs helpers.bulk (median) | client CPU ms/doc (median) |")
    print("|---|---:|---:|---:|---:|")
    for name, measured in runs.items():
        median = statistics.median(seconds for seconds, _ in measured)
        cpu = statistics.median(cpu for _, cpu in measured)
        print(f"| {name} | {args.docs / min(seconds for seconds, _ in measured):,.0f} | {args.docs / median:,.0f} | "
              f"{baseline / median:.2f}x | {1000 * cpu / args.docs:.3f} |")


if __name__ == "__main__":
    main()
