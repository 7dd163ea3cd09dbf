"""`vnnews crawl SITE [SITE...]`, `--all`, `--url URL [URL...]`, `--start URL`: run spiders in-process with
the project settings and print a summary.

Flags only translate into Scrapy settings and spider arguments; the behaviour lives in the settings. One
site runs here; several sites, given pages and a start page run through crawler.multi (one process).
After the summary, the exit code tells how the crawl ended, the gravest first: the spool could not be
written (11), articles unaccounted for (1), documents left in the spool or dead-lettered (10).
"""

from __future__ import annotations

import argparse
import io
import sys
from contextlib import redirect_stderr
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Spider
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader
from twisted.python.failure import Failure

from crawler.logs import install_log_handler
from crawler.middlewares.accounting import unaccounted
from crawler.middlewares.replay import REPLAY_SPEED
from crawler.pipelines.index import CLOSE_REASON as SPOOL_UNWRITABLE
from crawler.replay.archive import ArchiveReader, ArchiveWriter, DamagedArchive
from crawler.sites import SITES
from index.config import es_url
from index.errors import BadDate, BadInput, CliError, Spooled, SpoolUnwritable

# --start crawls an unknown site: without --max-pages it stops after this many pages.
START_MAX_PAGES = 200


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="vnnews crawl", description="Crawl sites, given pages or an unknown site. "
                                  "`vnnews crawl status [--json] [--check]`: per-site health of the crawls.")
    cli.add_argument("sites", nargs="*", metavar="SITE", help="site keys (`vnnews sites`), e.g. bkto")
    cli.add_argument("--all", action="store_true", help="every known site, in one process")
    cli.add_argument("--url", nargs="+", metavar="URL", help="fetch and index these article pages, any site")
    cli.add_argument("--start", metavar="URL",
                     help=f"crawl an unknown site from this page (--max-pages defaults to {START_MAX_PAGES})")
    cli.add_argument("--replay", metavar="FILE.warc.gz", help="answer every request from this archive")
    cli.add_argument("--record", metavar="FILE.warc.gz", help="archive every response fetched")
    cli.add_argument("--allow-partial", action="store_true",
                     help="replay what is readable of a damaged archive (says how much was skipped)")
    cli.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    cli.add_argument("--max-pages", type=positive_int, metavar="N",
                     help="stop after N responses, per site (CLOSESPIDER_PAGECOUNT)")
    cli.add_argument("--no-index", action="store_true", help="do not write to Elasticsearch")
    cli.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                     help="override a Scrapy setting (repeatable)")
    return cli


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The flags, checked: exactly one of SITE..., --all, --url, --start; every site known; URLs absolute."""
    cli = parser()
    args = cli.parse_args(argv)
    if sum(map(bool, (args.sites, args.all, args.url, args.start))) != 1:
        cli.error("give SITE..., --all, --url URL... or --start URL (one of them)")
    if args.since and (args.url or args.start):
        cli.error("--since applies to site crawls only")
    if unknown := [key for key in args.sites if key not in site_keys()]:
        raise BadInput(f"unknown site {unknown[0]!r} (known: {', '.join(site_keys())})")
    for url in [*(args.url or ()), *([args.start] if args.start else ())]:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise BadInput(f"expects an http(s) URL, got {url!r}")
    return args


def site_keys() -> list[str]:
    return [site.key for site in SITES]


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


# A spider of the project by its name (a site key), or a spider class of its own (crawler.pages).
SpiderRef = str | type[Spider]


def run_crawl(spider: SpiderRef, settings_overrides: dict[str, Any], arguments: dict[str, Any]) -> Crawler:
    """Run one crawl to the end in this process; the crawler keeps its settings and stats."""
    return run_crawls([(spider, arguments)], settings_overrides)[0]


def run_crawls(jobs: list[tuple[SpiderRef, dict[str, Any]]], settings_overrides: dict[str, Any]) -> list[Crawler]:
    """Run crawls side by side to the end in this process, one crawler per (spider, arguments): each has its
    own engine, so its own downloader slots (per host), robots.txt cache and stats."""
    settings = project_settings()
    settings.setdict(settings_overrides, priority="cmdline")
    known = get_spider_loader(settings).list()
    if unknown := [spider for spider, _ in jobs if isinstance(spider, str) and spider not in known]:
        raise BadInput(f"unknown spider {unknown[0]!r} (known: {', '.join(known)})")
    if len(jobs) > 1 and settings.get("VNNEWS_RECORD"):
        raise BadInput("--record archives one crawl: record one site at a time")
    check_archives(settings)
    # Each crawler of several keeps its own queue and seen requests, in JOBDIR/<spider>; the process
    # has none, or it would merge its own into every crawler when starting it.
    jobdir = settings.get("JOBDIR") if len(jobs) > 1 else None
    if jobdir:
        settings.delete("JOBDIR", priority="cmdline")
    if settings.getbool("VNNEWS_INDEXING"):
        es_url()  # no Elasticsearch to write to is one line now, not a failure inside the crawl
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # this one instead:
    install_log_handler(settings)
    process = CrawlerProcess(settings)
    crawlers = [process.create_crawler(spider) for spider, _ in jobs]
    for crawler in crawlers:
        if jobdir:
            crawler.settings.set("JOBDIR", str(Path(jobdir) / crawler.spidercls.name), priority="cmdline")
    failures: list[Failure] = []
    for crawler, (_, arguments) in zip(crawlers, jobs, strict=True):
        process.crawl(crawler, **arguments).addErrback(failures.append)
    process.start()
    if failures:  # the crawl could not be built or started (Scrapy catches whatever happens later)
        error = failures[0].value
        if isinstance(error, CliError):
            raise error
        raise CliError(f"the crawl failed: {type(error).__name__}: {error}")
    return crawlers


def summary(stats: dict[str, Any]) -> str:
    """One line: pages fetched, articles in, and where each went; failed pages; what a resume skipped."""
    line = (
        f"pages {stats.get('response_received_count', 0)}, "
        f"articles {stats.get('vnnews/articles', 0)}, "
        f"indexed {stats.get('vnnews/indexed', 0)}, "
        f"spooled {stats.get('vnnews/spooled', 0)}, "
        f"dead-lettered {stats.get('vnnews/dead_lettered', 0)}, "
        f"{counts_by_reason('dropped', stats)}, {counts_by_reason('failed', stats)}"
    )
    if not_accepted := stats.get("vnnews/not_accepted", 0):
        line += f", not accepted {not_accepted}"
    if skipped := stats.get("vnnews/resume/skipped", 0):
        line += f", already done {skipped}"
    if replayed := stats.get("vnnews/spool_replayed", 0):
        line += f", replayed from the spool {replayed}"
    return line


def counts_by_reason(outcome: str, stats: dict[str, Any]) -> str:
    """`dropped 3 (no_body 2, listing 1)` from the stats vnnews/<outcome>/<reason>."""
    prefix = f"vnnews/{outcome}/"
    counts = {key.removeprefix(prefix): value for key, value in stats.items() if key.startswith(prefix)}
    reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(counts.items()))
    return f"{outcome} {sum(counts.values())}" + (f" ({reasons})" if reasons else "")


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


def check_outcome(stats: dict[str, Any], indexing: bool) -> None:
    """Raise the error that says how the crawl ended, the gravest first; nothing when all went well."""
    if stats.get("finish_reason") == SPOOL_UNWRITABLE:
        reason = stats.get("vnnews/spool_unwritable", "the spool cannot be written")
        raise SpoolUnwritable(f"{reason}: the crawl stopped taking new work; rerun the same command once "
                              "the spool can be written (nothing accepted is lost)")
    if problem := unaccounted(stats, indexing):
        raise CliError(problem)
    if indexing and (left := documents_left(stats)):
        raise Spooled(left)


def main(argv: list[str]) -> int:
    if argv[1:2] == ["status"]:
        from crawler import status_cli

        return status_cli.main(argv[2:])
    args = parse_arguments(argv[1:])
    if args.all or args.url or args.start or len(args.sites) > 1:
        from crawler import multi  # builds on this module

        return multi.main(args)
    crawler = run_crawl(args.sites[0], overrides(args), spider_arguments(args))
    stats = crawler.stats.get_stats()
    print(summary(stats))
    check_outcome(stats, crawler.settings.getbool("VNNEWS_INDEXING"))
    return 0
