"""`vnnews crawl SPIDER`: run a spider in-process with the project settings and print a summary.

Flags only translate into Scrapy settings and spider arguments; the behaviour lives in the settings.
"""

from __future__ import annotations

import argparse
import io
import sys
from contextlib import redirect_stderr
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader
from twisted.python.failure import Failure

from crawler.middlewares.replay import REPLAY_SPEED
from crawler.replay.archive import ArchiveReader, ArchiveWriter, DamagedArchive
from index.errors import BadDate, BadInput, CliError, Spooled


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="vnnews crawl", description="Run a vnnews spider.")
    cli.add_argument("spider", help="spider name, e.g. bkto")
    cli.add_argument("--replay", metavar="FILE.warc.gz", help="answer every request from this archive")
    cli.add_argument("--record", metavar="FILE.warc.gz", help="archive every response fetched")
    cli.add_argument("--allow-partial", action="store_true",
                     help="replay what is readable of a damaged archive (says how much was skipped)")
    cli.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    cli.add_argument("--max-pages", type=positive_int, metavar="N",
                     help="stop after N responses (CLOSESPIDER_PAGECOUNT)")
    cli.add_argument("--no-index", action="store_true", help="do not write to Elasticsearch")
    cli.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                     help="override a Scrapy setting (repeatable)")
    return cli


def positive_int(value: str) -> int:
    """A page budget: CLOSESPIDER_PAGECOUNT=0 would mean no budget at all, the opposite of what 0 says."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expects a positive integer, got {value!r}")
    return number


def check_readable_archive(path: str, allow_partial: bool = False) -> None:
    """Read the archive's index once now, so a bad one is one line (with the byte offset of the damage)
    instead of a crawl of failures or, worse, a silent partial crawl."""
    try:
        # warcio reports each damaged record on stderr; the one line below says it all.
        with redirect_stderr(io.StringIO()):
            reader = ArchiveReader(path, allow_partial)
    except FileNotFoundError:
        raise BadInput(f"no such archive: {path}") from None
    except DamagedArchive as error:
        hint = "" if allow_partial else "; --allow-partial replays what precedes it"
        raise BadInput(f"not a WARC archive, or a damaged one: {path} "
                       f"(at byte {error.offset:,}: {error.reason}{hint})") from None
    except OSError as error:
        raise BadInput(f"cannot read the archive {path}: {error.strerror or error}") from None
    reader.close()
    if reader.skipped_bytes:
        print(f"replaying {len(reader)} archived URLs of {path}; skipped the damaged last "
              f"{reader.skipped_bytes:,} of {reader.size:,} bytes", file=sys.stderr)


def check_archives(settings: Settings) -> None:
    """The archive middlewares open their files when the crawl is built; check them first, whether named by
    --replay/--record or by -s, so a bad one is a BadInput line rather than a crawl that cannot start."""
    replayed = settings.get("VNNEWS_REPLAY")
    if replayed:
        check_readable_archive(replayed, settings.getbool("VNNEWS_REPLAY_ALLOW_PARTIAL"))
    if recorded := settings.get("VNNEWS_RECORD"):
        check_writable_archive(recorded, replayed)


def check_writable_archive(path: str, replayed: str | None) -> None:
    if replayed and Path(path).resolve() == Path(replayed).resolve():
        raise BadInput(f"--record would overwrite the archive being replayed: {path}")
    try:
        ArchiveWriter(path).close()
    except OSError as error:
        raise BadInput(f"cannot write the archive there: {path} ({error.strerror})") from None


def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return settings


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the flags stand for; explicit -s values win over them."""
    values: dict[str, Any] = {}
    if args.replay:
        values |= REPLAY_SPEED | {"VNNEWS_REPLAY": args.replay}
    if args.record:
        values["VNNEWS_RECORD"] = args.record
    if args.allow_partial:
        values["VNNEWS_REPLAY_ALLOW_PARTIAL"] = True
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
    check_archives(settings)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    failures: list[Failure] = []
    process.crawl(crawler, **arguments).addErrback(failures.append)
    process.start()
    if failures:  # the crawl could not be built or started (Scrapy catches whatever happens later)
        error = failures[0].value
        raise CliError(f"the crawl failed: {type(error).__name__}: {error}")
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


def documents_left(stats: dict[str, Any]) -> str:
    """What an indexing crawl left for the user to deal with ("" when nothing): every document in the
    spool (this crawl's and any an earlier run left there), and this crawl's dead letters."""
    from index.writer import dead_letter_file, spooled_count

    left = []
    if waiting := spooled_count():
        left.append(f"{waiting} documents wait in the spool ({stats.get('vnnews/spooled', 0)} from this crawl): "
                    "run `vnnews index replay-spool`")
    if rejected := stats.get("vnnews/dead_lettered", 0):
        left.append(f"{rejected} documents were rejected by Elasticsearch: see {dead_letter_file()}")
    return "; ".join(left)


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv[1:])
    crawler = run_crawl(args.spider, overrides(args), spider_arguments(args))
    stats = crawler.stats.get_stats()
    print(summary(stats))
    if crawler.settings.getbool("VNNEWS_INDEXING") and (left := documents_left(stats)):
        raise Spooled(left)
    return 0
