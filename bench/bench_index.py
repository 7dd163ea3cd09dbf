"""Indexing speed and index size of the vnnews schema against `standard`-analyzer baselines.

    PYTHONPATH=. .venv/bin/python bench/bench_index.py [--docs 20000] [--es-url URL]

Indexes the same generated articles (bench.corpus) into three throwaway indices on one server:
- `vnnews`: the real schema (plugin analyzers, .folded/.notone/.compound/.fcompound sub-fields);
- `standard`: the same fields and sub-fields, every analyzer replaced by `standard` (the baseline: the
  ratio isolates the cost of the Vietnamese analysis);
- `standard-plain`: the same top-level fields without sub-fields (what a naive mapping costs).
Reports docs/s (bulk + refresh, generation excluded) and the size after refresh, flush and a forcemerge
to one segment, with ratios against `standard`. Needs a server with the vnnews plugin.
"""

from __future__ import annotations

import argparse
import copy
import time
import uuid

from elasticsearch import Elasticsearch, helpers

from bench.corpus import generate_articles
from index import config, schema

CHUNK = 500
WARM_UP = 1_000


def standard_everywhere(node: object) -> object:
    """The mapping with every analyzer and search analyzer replaced by `standard`."""
    if isinstance(node, dict):
        return {
            key: "standard" if key in {"analyzer", "search_analyzer"} else standard_everywhere(value)
            for key, value in node.items()
        }
    return node


def without_subfields(node: object) -> object:
    if isinstance(node, dict):
        return {key: without_subfields(value) for key, value in node.items() if key != "fields"}
    return node


VARIANTS = {
    "vnnews": schema.MAPPINGS,
    "standard": standard_everywhere(schema.MAPPINGS),
    "standard-plain": without_subfields(standard_everywhere(schema.MAPPINGS)),
}


def measure(client: Elasticsearch, mappings: dict, docs: list[dict]) -> tuple[float, int]:
    """Seconds to bulk-index and refresh `docs`, and the primary store size after a forcemerge."""
    index = f"bench-index-{uuid.uuid4().hex[:8]}"
    client.indices.create(index=index, settings=schema.SETTINGS, mappings=copy.deepcopy(mappings))
    try:
        actions = ({"_index": index, "_id": str(number), "_source": doc} for number, doc in enumerate(docs))
        started = time.perf_counter()
        helpers.bulk(client.options(request_timeout=120), actions, chunk_size=CHUNK)
        client.indices.refresh(index=index)
        seconds = time.perf_counter() - started
        client.indices.flush(index=index)
        client.options(request_timeout=600).indices.forcemerge(index=index, max_num_segments=1)
        size = client.indices.stats(index=index, metric="store")["_all"]["primaries"]["store"]["size_in_bytes"]
        assert client.count(index=index)["count"] == len(docs)
        return seconds, size
    finally:
        client.indices.delete(index=index)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--es-url", help="default: index.config.es_client()")
    args = parser.parse_args()
    client = Elasticsearch(args.es_url) if args.es_url else config.es_client()
    docs = list(generate_articles(args.docs, args.seed))
    for mappings in VARIANTS.values():  # JIT warm-up of every analyzer before anything is timed
        measure(client, mappings, docs[:WARM_UP])
    results = {name: measure(client, mappings, docs) for name, mappings in VARIANTS.items()}
    base_seconds, base_size = results["standard"]
    print(f"{args.docs} generated articles (seed {args.seed}), 1 shard, forcemerged to 1 segment\n")
    print("| mapping | docs/s | size (MiB) | docs/s vs standard | size vs standard |")
    print("|---|---:|---:|---:|---:|")
    for name, (seconds, size) in results.items():
        print(
            f"| {name} | {args.docs / seconds:,.0f} | {size / 2**20:.1f} | "
            f"{base_seconds / seconds:.2f}x | {size / base_size:.2f}x |"
        )


if __name__ == "__main__":
    main()
