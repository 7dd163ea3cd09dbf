"""Search latency on 100,000 generated articles: Elasticsearch `took` and end-to-end `vnnews search`.

Indexes bench.corpus.generate_articles(100_000) into the index base `bench-search` (skipped when that
index already holds them), then measures (a) a two-word (four-syllable) unaccented query and (b) the same with a
date range and month + site facets, each as the server's `took` and as the wall time of the whole
command in a fresh process. Baseline, measured in the same run: `python -c pass` (interpreter start),
against which the CLI's start-up (`vnnews search --help`) and every wall time are given as ratios.

Run (the server needs the vnnews analysis plugin; ES_URL or the managed node):
    PYTHONPATH=. .venv/bin/python bench/bench_search.py [repetitions]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from elasticsearch import helpers

from bench.corpus import generate_articles
from index import lifecycle
from index.config import IndexNames, es_client, es_url
from index.writer import document_id
from search_cli import build_search
from search_cli.dates import date_range

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 100_000
SEED = 0
NAMES = IndexNames("bench-search")
QUERY = "kiem toan ngan sach"
RANGE = ["--from", "2019", "--to", "2022-06"]
FACETS = ["--facet", "month", "--facet", "site"]
CLI = [sys.executable, "-m", "search_cli.main"]


def ensure_indexed() -> int:
    """Index the corpus unless the bench index already holds it; returns the seconds spent."""
    client = es_client().options(request_timeout=300)
    lifecycle.create(client, NAMES)
    if client.count(index=NAMES.read_alias)["count"] == ARTICLES:
        return 0
    started = time.perf_counter()
    actions = (
        {"_index": NAMES.write_alias, "_id": document_id(article["canonical_url"]), "_source": article}
        for article in generate_articles(ARTICLES, SEED)
    )
    # no refreshes while loading: the bench measures searching, not indexing
    client.indices.put_settings(index=NAMES.write_alias, settings={"refresh_interval": "-1"})
    for ok, item in helpers.streaming_bulk(client, actions, chunk_size=500, max_retries=3):
        if not ok:
            raise RuntimeError(f"bulk indexing failed: {item}")
    client.indices.put_settings(index=NAMES.write_alias, settings={"refresh_interval": None})
    client.indices.refresh(index=NAMES.read_alias)
    client.indices.forcemerge(index=NAMES.read_alias, max_num_segments=1)
    return round(time.perf_counter() - started)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def server_took(body: dict, repetitions: int) -> list[float]:
    client = es_client()
    client.search(index=NAMES.read_alias, body=body)  # warm-up
    return [client.search(index=NAMES.read_alias, body=body)["took"] for _ in range(repetitions)]


def wall_ms(command: list[str], repetitions: int) -> list[float]:
    env = {**os.environ, "VNNEWS_INDEX": NAMES.base, "ES_URL": es_url(), "PYTHONPATH": str(ROOT)}
    samples = []
    for _ in range(repetitions + 1):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        samples.append((time.perf_counter() - started) * 1000)
    return samples[1:]  # the first run warms the file system cache


def main(argv: list[str]) -> int:
    repetitions = int(argv[1]) if len(argv) > 1 else 30
    indexing_s = ensure_indexed()
    dated = date_range("2019", "2022-06")
    baseline = percentiles(wall_ms([sys.executable, "-c", "pass"], repetitions))
    rows = [
        ("python -c pass (baseline)", baseline),
        ("CLI start-up: vnnews search --help", percentiles(wall_ms([*CLI, "search", "--help"], repetitions))),
        ("(a) took: unaccented query", percentiles(server_took(build_search(QUERY), repetitions))),
        ("(b) took: + date range, month+site facets",
         percentiles(server_took(build_search(QUERY, dates=dated, facets=["month", "site"]), repetitions))),
        ("(a) vnnews search, wall", percentiles(wall_ms([*CLI, "search", QUERY], repetitions))),
        ("(b) vnnews search, wall", percentiles(wall_ms([*CLI, "search", QUERY, *RANGE, *FACETS], repetitions))),
    ]
    print(f"{ARTICLES:,} articles in {NAMES.read_alias} at {es_url()}"
          f" ({'already indexed' if not indexing_s else f'indexed in {indexing_s} s'}), {repetitions} repetitions")
    print(f"query (a): {QUERY!r}; (b): {QUERY!r} {' '.join(RANGE + FACETS)}")
    print(f"| {'measurement':<42} | {'p50 ms':>8} | {'p95 ms':>8} | {'p50 x baseline':>14} |")
    print(f"|{'-' * 44}|{'-' * 10}|{'-' * 10}|{'-' * 16}|")
    for name, (p50, p95) in rows:
        print(f"| {name:<42} | {p50:>8.1f} | {p95:>8.1f} | {p50 / baseline[0]:>14.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
