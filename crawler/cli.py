"""`vnnews crawl SPIDER`: run a spider in-process with the project settings and print a summary.

Flags only translate into Scrapy settings and spider arguments; the behaviour lives in the settings.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader

from crawler.middlewares.replay import REPLAY_SPEED
from search_cli.errors import BadDate, BadInput, Spooled


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="vnnews crawl", description="Run a vnnews spider.")
    cli.add_argument("spider", help="spider name, e.g. bkto")
    cli.add_argument("--replay", metavar="FILE.warc.gz", help="answer every request from this archive")
    cli.add_argument("--record", metavar="FILE.warc.gz", help="archive every response fetched")
    cli.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    cli.add_argument("--max-pages", type=int, metavar="N", help="stop after N responses (CLOSESPIDER_PAGECOUNT)")
    cli.add_argument("--no-index", action="store_true", help="do not write to Elasticsearch")
    cli.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                     help="override a Scrapy setting (repeatable)")
    return cli


def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return settings


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the flags stand for; explicit -s values win over them."""
    values: dict[str, Any] = {}
    if args.replay:
        if not Path(args.replay).is_file():
            raise BadInput(f"no such archive: {args.replay}")
        values |= REPLAY_SPEED | {"VNNEWS_REPLAY": args.replay}
    if args.record:
        if not Path(args.record).resolve().parent.is_dir():
            raise BadInput(f"cannot write the archive there: {args.record}")
        values["VNNEWS_RECORD"] = args.record
    if args.max_pages is not None:
        values["CLOSESPIDER_PAGECOUNT"] = args.max_pages
    if args.no_index:
        values["VNNEWS_INDEXING"] = False
    for assignment in args.settings:
        name, equals, value = assignment.partition("=")
        if not equals or not name:
            raise BadInput(f"-s expects NAME=VALUE, got {assignment!r}")
        values[name] = value
    return values


def spider_arguments(args: argparse.Namespace) -> dict[str, str]:
    if args.since is None:
        return {}
    try:
        date.fromisoformat(args.since)
    except ValueError:
        raise BadDate(f"--since expects YYYY-MM-DD, got {args.since!r}") from None
    return {"since": args.since}


def run_crawl(spider: str, settings_overrides: dict[str, Any], arguments: dict[str, str]) -> Crawler:
    """Run one crawl to the end in this process; the crawler keeps its settings and stats."""
    settings = project_settings()
    settings.setdict(settings_overrides, priority="cmdline")
    known = get_spider_loader(settings).list()
    if spider not in known:
        raise BadInput(f"unknown spider {spider!r} (known: {', '.join(known)})")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **arguments)
    process.start()
    return crawler


def summary(stats: dict[str, Any]) -> str:
    dropped = {key.removeprefix("vnnews/dropped/"): value for key, value in stats.items()
               if key.startswith("vnnews/dropped/")}
    reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(dropped.items()))
    return (
        f"pages {stats.get('response_received_count', 0)}, "
        f"articles {stats.get('item_scraped_count', 0)}, "
        f"indexed {stats.get('vnnews/indexed', 0)}, "
        f"spooled {stats.get('vnnews/spooled', 0)}, "
        f"dead-lettered {stats.get('vnnews/dead_lettered', 0)}, "
        f"dropped {sum(dropped.values())}" + (f" ({reasons})" if reasons else "")
    )


def spool_waiting() -> int:
    from index.writer import spool_file

    try:
        with spool_file().open(encoding="utf-8") as spool:
            return sum(1 for line in spool if line.strip())
    except FileNotFoundError:
        return 0


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv[1:])
    crawler = run_crawl(args.spider, overrides(args), spider_arguments(args))
    print(summary(crawler.stats.get_stats()))
    if crawler.settings.getbool("VNNEWS_INDEXING") and (waiting := spool_waiting()):
        raise Spooled(f"{waiting} documents wait in the spool: run `vnnews index replay-spool`")
    return 0
