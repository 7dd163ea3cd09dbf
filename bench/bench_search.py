"""Search latency at 10,000 and 100,000 generated articles: Elasticsearch `took` of the two-phase query
against the one-phase query, and the wall time of `vnnews search` against `curl` of the same request.

Indexes bench.corpus.generate_articles(n) into the index base `bench-search-<n>` for each size (skipped
when that index already holds them), then, per size:
- the share of the articles each benchmark query matches (the corpus has Zipf-distributed vocabularies);
- `took` p50/p95 per query, alone and with a date range plus month and site facets, for the body
  `build_search` makes (two phases: recall, then a rescore window) and, alternated with it in the same
  loop, the one-phase body (build_query's single bool query, the ranking before the rescore);
- at the largest size, `vnnews search Q --json` in a new process against `curl` posting the very same
  body to the same server (runs alternated), min and median, and their difference: Python's own cost;
- start-up: `vnnews search --help` against `python -c pass`.

Run (the server needs the vnnews analysis plugin; ES_URL or the managed node):
    PYTHONPATH=. .venv/bin/python bench/bench_search.py [repetitions] [--sizes 10000,100000,1000000] [--drop]
--drop deletes the benchmark indices afterwards (532 MB per 100,000 articles).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from elasticsearch import Elasticsearch, helpers

from bench.corpus import generate_articles
from index import lifecycle
from index.config import IndexNames, es_client, es_url
from index.writer import document_id
from search_cli import build_search
from search_cli.dates import date_range
from search_cli.query import SORTS, build_aggregations, build_query

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000)
SEED = 0
QUERIES = (
    "kiem toan ngan sach",
    "thi đua ái quốc",
    "y tế cơ sở",
    "UBND thành phố Hà Nội",
    "phong chong tham nhung",
    "nhà ở xã hội",
)
RANGE = ("2019", "2022-06")
FACETS = ("month", "site")
CLI = [sys.executable, "-m", "search_cli.main"]


def names_for(size: int) -> IndexNames:
    return IndexNames(f"bench-search-{size // 1000}k")


def ensure_indexed(client: Elasticsearch, names: IndexNames, size: int) -> int:
    """Index the corpus unless the bench index already holds it; returns the seconds spent."""
    lifecycle.create(client, names)
    if client.count(index=names.read_alias)["count"] == size:
        return 0
    started = time.perf_counter()
    actions = (
        {"_index": names.write_alias, "_id": document_id(article["canonical_url"]), "_source": article}
        for article in generate_articles(size, SEED)
    )
    # no refreshes while loading: the bench measures searching, not indexing
    client.indices.put_settings(index=names.write_alias, settings={"refresh_interval": "-1"})
    for ok, item in helpers.streaming_bulk(client, actions, chunk_size=500, max_retries=3):
        if not ok:
            raise RuntimeError(f"bulk indexing failed: {item}")
    client.indices.put_settings(index=names.write_alias, settings={"refresh_interval": None})
    client.indices.refresh(index=names.read_alias)
    client.indices.forcemerge(index=names.read_alias, max_num_segments=1)
    return round(time.perf_counter() - started)


def p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def one_phase(text: str, faceted: bool) -> dict:
    """The ranking before the two phases: one bool query scoring every match with every boost."""
    dates = date_range(*RANGE) if faceted else date_range(None, None, None)
    body = build_search(text, dates=dates, facets=FACETS if faceted else ())
    body.pop("rescore", None)
    body["query"] = build_query(text, dates=dates)
    body["sort"] = SORTS["relevance"]
    if faceted:
        body["aggs"] = build_aggregations(FACETS, dates)
    return body


def two_phase(text: str, faceted: bool) -> dict:
    dates = date_range(*RANGE) if faceted else date_range(None, None, None)
    return build_search(text, dates=dates, facets=FACETS if faceted else ())


def alternated(runs: dict[str, Callable[[], float]], repetitions: int) -> dict[str, list[float]]:
    """Each run once per round, in turn, after one warm-up round: load drifts hit all of them alike."""
    for run in runs.values():
        run()
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repetitions):
        for name, run in runs.items():
            samples[name].append(run())
    return samples


def took_of(client: Elasticsearch, alias: str, body: dict) -> Callable[[], float]:
    return lambda: client.search(index=alias, body=body)["took"]


def wall_of(command: list[str], env: dict[str, str]) -> Callable[[], float]:
    return lambda: wall_ms(command, env)


def took_rows(client: Elasticsearch, alias: str, repetitions: int) -> list[str]:
    rows = []
    for text in QUERIES:
        for faceted in (False, True):
            bodies = {"two-phase": two_phase(text, faceted), "one-phase": one_phase(text, faceted)}
            samples = alternated({name: took_of(client, alias, body) for name, body in bodies.items()}, repetitions)
            (new50, new95), (old50, old95) = p50_p95(samples["two-phase"]), p50_p95(samples["one-phase"])
            label = f"{text}{' +range+facets' if faceted else ''}"
            rows.append(f"| {label:<38} | {new50:>6.0f} | {new95:>6.0f} | {old50:>6.0f} | {old95:>6.0f} |")
    return rows


def match_rates(client: Elasticsearch, alias: str, size: int) -> str:
    rates = []
    for text in QUERIES:
        total = client.search(index=alias, body={**two_phase(text, False), "size": 0})["hits"]["total"]["value"]
        rates.append(f"{text!r} {100 * total / size:.1f}%")
    return "; ".join(rates)


def wall_ms(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000


def cli_against_curl(names: IndexNames, repetitions: int) -> list[str]:
    """`vnnews search Q --json` and `curl` of the same body, alternated; the CLI's extra cost per query."""
    env = {**os.environ, "VNNEWS_INDEX": names.base, "ES_URL": es_url(), "PYTHONPATH": str(ROOT)}
    rows = []
    for text in QUERIES[:2]:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as body_file:
            json.dump(build_search(text), body_file)
        curl = ["curl", "-s", "-H", "Content-Type: application/json", "--data-binary", f"@{body_file.name}",
                f"{es_url()}/{names.read_alias}/_search"]
        samples = alternated(
            {"cli": wall_of([*CLI, "search", text, "--json"], env), "curl": wall_of(curl, env)}, repetitions
        )
        os.unlink(body_file.name)
        # the difference of the minima, and the median of the differences of runs taken side by side
        differences = [cli - curl for cli, curl in zip(samples["cli"], samples["curl"], strict=True)]
        cells = [f"{min(values):>6.0f} | {statistics.median(values):>6.0f}" for values in samples.values()]
        cells.append(f"{min(samples['cli']) - min(samples['curl']):>6.0f} | {statistics.median(differences):>6.0f}")
        rows.append(f"| {text:<24} | {' | '.join(cells)} |")
    return rows


def start_up(repetitions: int) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    samples = alternated(
        {"pass": wall_of([sys.executable, "-c", "pass"], env), "help": wall_of([*CLI, "search", "--help"], env)},
        repetitions,
    )
    baseline, helped = statistics.median(samples["pass"]), statistics.median(samples["help"])
    return (f"start-up, median of {repetitions}: python -c pass {baseline:.0f} ms, vnnews search --help "
            f"{helped:.0f} ms ({helped / baseline:.1f}x)")


def load() -> str:
    """The machine's 1-minute load average: on 2 shared cores, figures taken under load are not comparable."""
    return f"{os.getloadavg()[0]:.1f}"


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repetitions", nargs="?", type=int, default=30, help="timed runs of each query")
    parser.add_argument("--sizes", type=lambda text: [int(size) for size in text.split(",")], default=SIZES,
                        help="index sizes, comma-separated (default: 10000,100000)")
    parser.add_argument("--drop", action="store_true", help="delete the benchmark indices afterwards")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = arguments(argv)
    repetitions, sizes = args.repetitions, args.sizes
    client = es_client().options(request_timeout=3600)
    print(f"server {es_url()}, {repetitions} repetitions; facets: --from {RANGE[0]} --to {RANGE[1]} "
          f"--facet {' --facet '.join(FACETS)}; load average at start {load()}")
    for size in sizes:
        names = names_for(size)
        indexing_s = ensure_indexed(client, names, size)
        print(f"\n{size:,} articles in {names.read_alias}"
              f" ({'already indexed' if not indexing_s else f'indexed in {indexing_s} s'})")
        print(f"matches: {match_rates(client, names.read_alias, size)}")
        print(f"| {'took ms: query':<38} | {'2ph p50':>6} | {'2ph p95':>6} | {'1ph p50':>6} | {'1ph p95':>6} |")
        print(f"|{'-' * 40}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
        print("\n".join(took_rows(client, names.read_alias, repetitions)))
    print(f"\nwall ms at {sizes[-1]:,} articles (min | median; diff: min - min | median of differences)")
    print(f"| {'query':<24} | {'vnnews min':>6} | {'median':>6} | {'curl min':>6} | {'median':>6} | "
          f"{'diff min':>6} | {'median':>6} |")
    print(f"|{'-' * 26}|{'-' * 12}|{'-' * 8}|{'-' * 10}|{'-' * 8}|{'-' * 10}|{'-' * 8}|")
    print("\n".join(cli_against_curl(names_for(sizes[-1]), repetitions)))
    print(start_up(repetitions))
    print(f"load average at end {load()}")
    if args.drop:
        for size in sizes:
            client.indices.delete(index=list(lifecycle.physical_indices(client, names_for(size))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
