"""`vnnews demo`: the whole pipeline offline in one command.

Starts the managed Elasticsearch (unless ES_URL names a cluster), creates the article index, crawls
the bundled multi-site archive (crawler/replay/demo.warc.gz) into it in one process: every site with pages
in it through its spider, the pages of sites no profile covers as `vnnews crawl --url` fetches them; then
shows the articles per site and runs sample searches typed without diacritics. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import time

from crawler.cli import run_crawls
from crawler.middlewares.replay import REPLAY_SPEED
from crawler.multi import print_outcomes, print_summaries
from crawler.pages import PagesSpider
from crawler.replay import MULTISITE_DEMO
from crawler.replay.archive import read_exchanges
from crawler.sites import SITES, site_for_url
from index.config import elasticsearch_errors, shown_url

SAMPLE_QUERIES = ("dau tu cong", "chuyen doi so", "xay dung phap luat")


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


def archive_contents() -> tuple[list[str], list[str]]:
    """The keys of the sites the archive holds pages of, and its pages of sites no profile serves."""
    urls = [exchange.url for exchange in read_exchanges(MULTISITE_DEMO) if not exchange.url.endswith("/robots.txt")]
    keys = [site.key for site in SITES if any(map(site.serves, urls))]
    return keys, [url for url in urls if site_for_url(url) is None]


def crawl_archive() -> None:
    keys, pages = archive_contents()
    print(f"replaying {MULTISITE_DEMO.name}: {len(keys)} sites through their spiders ({', '.join(keys)}) and "
          f"{len(pages)} pages of other sites, in one process …", flush=True)
    started = time.monotonic()
    settings = REPLAY_SPEED | {"VNNEWS_REPLAY": str(MULTISITE_DEMO), "LOG_LEVEL": "WARNING"}
    crawlers = run_crawls([*((key, {}) for key in keys), (PagesSpider, {"urls": pages})], settings)
    print_summaries([*keys, "other sites"], crawlers)
    print_outcomes(pages, crawlers[-1])
    print(f"in {time.monotonic() - started:.1f} s")


def refresh() -> None:
    from index import config

    config.es_client().indices.refresh(index=config.index_names().read_alias)


def sample_searches() -> None:
    from search_cli import cli

    print("\n$ vnnews facets --facet site", flush=True)
    cli.main(["facets", "--facet", "site"])
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
        step("5/5 articles per site, and sample searches typed without diacritics")
        sample_searches()
    print(
        "\nSearch further:\n"
        '  vnnews search "kiem toan" --from 2023-01-01 --facet category\n'
        "  vnnews search ngan sach --site baokiemtoan.vn --site sbv.gov.vn --sort newest\n"
        "  vnnews show URL        vnnews facets        vnnews export QUERY --jsonl\n"
        "Stop the managed server with: vnnews server stop"
    )
    return 0
