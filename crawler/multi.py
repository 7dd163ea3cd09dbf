"""Crawls of several sites, of given pages and of an unknown site, in one process, and their reports.

`vnnews crawl SITE SITE...` and `--all` run one Scrapy crawler per site in one CrawlerProcess. Politeness
stays per site: each crawler has its own engine and downloader, whose slots are keyed by host, so
CONCURRENT_REQUESTS_PER_DOMAIN, DOWNLOAD_DELAY and AutoThrottle apply to each host as in a crawl of that
site alone, and its own RobotsTxtMiddleware fetches and obeys each host's robots.txt. CONCURRENT_REQUESTS
bounds each crawler, so the whole process runs at most that many requests per site.

Reports: one summary line per site and a total; `--url`, one line per URL asked for. The exit code is
the gravest of the crawls' (crawler.cli.check_outcome): an error that lost or refused work before documents
waiting in the spool (10); `--url` exits 9 when a page gave no article.
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from scrapy.crawler import Crawler

from crawler import cli
from crawler.pages import PagesSpider, StartSpider
from index.errors import BadInput, CliError, Spooled


def main(args: argparse.Namespace) -> int:
    settings = cli.overrides(args)
    if args.url:
        return crawl_pages(args.url, settings)
    if args.start:
        return crawl_start(args.start, settings)
    keys = cli.site_keys() if args.all else args.sites
    return crawl_sites(keys, settings, cli.spider_arguments(args))


def crawl_sites(keys: list[str], settings: dict[str, Any], arguments: dict[str, str]) -> int:
    crawlers = cli.run_crawls([(key, arguments) for key in keys], settings)
    print_summaries(keys, crawlers)
    raise_gravest(crawlers)
    return 0


def crawl_pages(urls: list[str], settings: dict[str, Any]) -> int:
    crawler = cli.run_crawl(PagesSpider, settings, {"urls": urls})
    print_outcomes(urls, crawler)
    print(cli.summary(crawler.stats.get_stats()))
    raise_gravest([crawler])
    if missed := [url for url in urls if outcome(crawler, url)[0] != "article"]:
        raise BadInput(f"{len(missed)} of {len(urls)} pages gave no article (see above)")
    return 0


def crawl_start(url: str, settings: dict[str, Any]) -> int:
    budget = {"CLOSESPIDER_PAGECOUNT": cli.START_MAX_PAGES}
    crawler = cli.run_crawl(StartSpider, budget | settings, {"start": url})
    print(cli.summary(crawler.stats.get_stats()))
    raise_gravest([crawler])
    return 0


def print_summaries(labels: list[str], crawlers: list[Crawler]) -> None:
    """One line per crawl, then the total of all of them."""
    width = max(len(label) for label in [*labels, "total"])
    for label, crawler in zip(labels, crawlers, strict=True):
        print(f"{label.ljust(width)}  {cli.summary(crawler.stats.get_stats())}")
    print(f"{'total'.ljust(width)}  {cli.summary(total_stats(crawlers))}")


def total_stats(crawlers: list[Crawler]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for crawler in crawlers:
        total.update({key: value for key, value in crawler.stats.get_stats().items() if type(value) is int})
    return dict(total)


def outcome(crawler: Crawler, url: str) -> tuple[str, str]:
    """(article | dropped | failed, detail) of a URL the pages spider was given."""
    unfetched = ("failed", "not fetched (page budget spent, or the same page as another URL)")
    return crawler.spider.outcomes.get(url, unfetched)


def print_outcomes(urls: list[str], crawler: Crawler) -> None:
    for url in dict.fromkeys(urls):
        kind, detail = outcome(crawler, url)
        print(f"{url}  {kind}: {detail}")


def raise_gravest(crawlers: list[Crawler]) -> None:
    """Raise the gravest error among the crawls' outcomes: any error before documents left in the spool."""
    errors = [error for crawler in crawlers if (error := outcome_error(crawler))]
    if errors:
        raise max(errors, key=lambda error: not isinstance(error, Spooled))


def outcome_error(crawler: Crawler) -> CliError | None:
    try:
        cli.check_outcome(crawler.stats.get_stats(), crawler.settings.getbool("VNNEWS_INDEXING"))
    except CliError as error:
        return error
    return None
