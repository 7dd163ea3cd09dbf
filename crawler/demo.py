"""`vnnews demo`: the whole pipeline offline in one command.

Starts the managed Elasticsearch (unless ES_URL names a cluster), creates the article index, crawls
the bundled archive of baokiemtoan.vn pages (crawler/replay/bkto-demo.warc.gz) into it, and runs two
sample searches typed without diacritics. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import time

from crawler.cli import run_crawl, summary
from crawler.middlewares.replay import REPLAY_SPEED
from crawler.replay import DEMO_ARCHIVE
from index.config import elasticsearch_errors, shown_url

SAMPLE_QUERIES = ("thi dua ai quoc", "kiem toan ngan sach")


def step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def ensure_elasticsearch() -> None:
    if url := os.environ.get("ES_URL"):
        print(f"using the cluster in ES_URL: {shown_url(url)}")
        return
    from index import server

    print("starting the managed Elasticsearch (the first run downloads it and builds the plugin) …", flush=True)
    print(f"running at {server.start().url}")


def create_index() -> None:
    from index import config, lifecycle

    config.es_client.cache_clear()  # the server may have just started on a new port
    for line in lifecycle.create(config.es_client(), config.index_names()):
        print(line)


def crawl_archive() -> None:
    print(f"replaying {DEMO_ARCHIVE.name}: robots.txt, sitemaps, home, listings, articles …", flush=True)
    started = time.monotonic()
    settings = REPLAY_SPEED | {"VNNEWS_REPLAY": str(DEMO_ARCHIVE), "LOG_LEVEL": "WARNING"}
    crawler = run_crawl("bkto", settings, {})
    print(f"{summary(crawler.stats.get_stats())} in {time.monotonic() - started:.1f} s")


def refresh() -> None:
    from index import config

    config.es_client().indices.refresh(index=config.index_names().read_alias)


def sample_searches() -> None:
    from search_cli import cli

    for query in SAMPLE_QUERIES:
        print(f"\n$ vnnews search {query} --size 3", flush=True)
        cli.main(["search", query, "--size", "3"])


def main(argv: list[str]) -> int:
    argparse.ArgumentParser(prog="vnnews demo", description=__doc__.splitlines()[0]).parse_args(argv[1:])
    step("1/5 Elasticsearch")
    ensure_elasticsearch()
    with elasticsearch_errors():
        step("2/5 the article index")
        create_index()
        step("3/5 crawl of the bundled archive (offline replay)")
        crawl_archive()
        step("4/5 refresh, so the new articles are searchable")
        refresh()
        step("5/5 sample searches, typed without diacritics")
        sample_searches()
    print(
        "\nSearch further:\n"
        '  vnnews search "kiem toan" --from 2023-01-01 --facet category\n'
        "  vnnews search ngan sach --site baokiemtoan.vn --sort newest\n"
        "  vnnews show URL        vnnews facets        vnnews export QUERY --jsonl\n"
        "Stop the managed server with: vnnews server stop"
    )
    return 0
