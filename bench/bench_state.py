"""Crawl-state benchmark: what an incremental crawl (VNNEWS_CRAWL_STATE) fetches again, and what the state
index costs per page.

    .venv/bin/python bench/bench_state.py [--articles 1000] [--new-percent 1]

Rows: a first crawl of a generated site with the state on; the same crawl with the state off (baseline of
the overhead ratio: pages per second with state / without, each on a fresh index); a second crawl with
nothing new (second-run fetch ratio: its pages / the first's); a crawl after 1% new articles (pages per new
article). Needs Elasticsearch (ES_URL, else the managed server, started if needed); private indices,
deleted after.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "crawl"), str(ROOT / "bench")]

import bkto_sitegen as sitegen  # noqa: E402
from bench_crawl import run_crawl  # noqa: E402

from index import config, lifecycle, server  # noqa: E402

STATE = ("-s", "VNNEWS_CRAWL_STATE=True")


def fresh_index(base: str) -> config.IndexNames:
    os.environ["VNNEWS_INDEX"] = base
    names = config.index_names()
    lifecycle.create(config.es_client(), names)
    return names


def drop(names: config.IndexNames) -> None:
    client = config.es_client()
    for index in client.indices.get(index=f"{names.base}-*"):
        client.indices.delete(index=index)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--new-percent", type=float, default=1.0)
    args = parser.parse_args()
    if not os.environ.get("ES_URL"):
        os.environ["ES_URL"] = server.start().url
    new = max(1, round(args.articles * args.new_percent / 100))
    run = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site, grown = work / "site.warc.gz", work / "grown.warc.gz"
        sitegen.build_generated_archive(site, args.articles)
        sitegen.build_generated_archive(grown, args.articles + new)
        plain_names = fresh_index(f"bench-state-plain-{run}")
        try:
            plain = run_crawl(site, work / "d0")
        finally:
            drop(plain_names)
        names = fresh_index(f"bench-state-{run}")
        try:
            first = run_crawl(site, work / "d1", *STATE)
            second = run_crawl(site, work / "d2", *STATE)
            after_new = run_crawl(grown, work / "d3", *STATE)
        finally:
            drop(names)
    rows = [("first crawl, no state (baseline)", plain), ("first crawl, state on", first),
            ("second crawl, nothing new", second),
            (f"crawl after {new} new articles ({args.new_percent:g}%)", after_new)]
    print(f"{'run':44} {'pages':>6} {'articles':>8} {'seconds':>8} {'pages/s':>8}")
    for name, (seconds, pages, articles, _) in rows:
        print(f"{name:44} {pages:6} {articles:8} {seconds:8.1f} {pages / seconds:8.0f}")
    print(f"second-run fetch ratio (pages second / first): {second[1] / first[1]:.3f}")
    print(f"pages fetched per new article ({new} new of {args.articles + new}): {after_new[1] / new:.1f} "
          f"({after_new[2]} articles)")
    print(f"state overhead ratio (pages/s with state / without): {(first[1] / first[0]) / (plain[1] / plain[0]):.2f}")


if __name__ == "__main__":
    main()
