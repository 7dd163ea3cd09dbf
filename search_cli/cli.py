"""`vnnews search | facets | show | export`: the analysts' commands.

They read through index.read_client, a small synchronous client on the standard library: the
`elasticsearch` client takes ~0.3 s to import (its asynchronous stack), longer than a search. Only the
parsers and search_cli.options load before the arguments are parsed; each command imports what it runs
(query builder, dates, output), so that --help and argument errors answer in about the time Python starts.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from itertools import chain
from typing import TYPE_CHECKING, TextIO

from index.errors import BadInput, NotFound
from search_cli.options import DATE_FORMS, FACETS, MAX_WINDOW, SINCE_FORMS, SORT_ORDERS

if TYPE_CHECKING:
    from index.read_client import ReadClient
    from search_cli.dates import DateRange
    from search_cli.output import Progress
    from search_cli.results import SearchResult

EXPORT_PAGE_SIZE = 1000
# Lucene's longest term: no stored id or URL is longer, and Elasticsearch refuses a longer one in a query.
MAX_TERM_BYTES = 32_766

SYNTAX_HELP = """\
query syntax:
  thi dua ai quoc        words; most of them must appear (all of them in a query of up to
                         three words), with or without diacritics (unaccented words find
                         accented articles; accented words rank articles spelled that way
                         first); KTNN also finds "Kiểm toán Nhà nước", and the reverse
  "kiểm toán nhà nước"   a phrase: these words next to each other
  -covid  -"hội nghị"    leave out articles with this word or phrase
  "hà nội" OR "đà nẵng"  at least one of the two: OR joins the word or phrase on each
                         side (chains: a OR b OR c)
  Wildcards (* ?) are not supported. Quote the whole query for your shell when it
  contains quotes or starts with '-':  vnnews search -- '-covid "kiểm toán"'"""

DATES_HELP = f"""\
dates (Asia/Ho_Chi_Minh, inclusive):
  --from/--to  {DATE_FORMS};
               --to 2023-04 means until the end of April 2023
  --since      {SINCE_FORMS}"""

EXIT_CODES_HELP = """\
exit codes:
  0 success (also when the reader closes the output early, as `| head` does)
  2 bad option   3 bad date   4 bad query syntax, or a query too long
  5 Elasticsearch unreachable   6 article index missing   8 article not found (show)
  9 bad argument (--page too deep, a facet with too many buckets, text that is not UTF-8),
    or output that cannot be written"""

SEARCH_EXAMPLES = """\
examples:
  vnnews search thi dua ai quoc                   unaccented query, finds "thi đua ái quốc"
  vnnews search "thi đua ái quốc" --sort newest   accented query, newest first
  vnnews search kiem toan --from 2023-01 --to 2023-06 --facet month
                                                  matches of the first half of 2023 and a
                                                  monthly histogram of them
  vnnews search 'ngân sách -"hội nghị"' --since 3m --site baokiemtoan.vn --json"""

FACETS_EXAMPLES = """\
examples:
  vnnews facets                                   articles per month, top sites and categories
  vnnews facets --since 30d --facet day
  vnnews facets --from 2023 --to 2023 --category "kinh te" --facet week --json"""

SHOW_EXAMPLES = """\
examples:
  vnnews show 3f1c…e9 (the id printed by search)
  vnnews show https://baokiemtoan.vn/some-article-12345.html --json"""

EXPORT_EXAMPLES = """\
examples:
  vnnews export kiem toan --from 2023 --jsonl --output kiem-toan-2023.jsonl
  vnnews export "thi đua" --site baokiemtoan.vn --csv > thi-dua.csv"""


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _parser(command: str, description: str, epilog_parts: list[str]) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog=f"vnnews {command}",
        description=description,
        epilog="\n\n".join([*epilog_parts, EXIT_CODES_HELP]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _add_query(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+", help="words, \"phrases\", -exclusions, OR (see query syntax below)")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument("--from", dest="date_from", metavar="DATE", help="published on or after DATE")
    group.add_argument("--to", dest="date_to", metavar="DATE", help="published on or before DATE (inclusive)")
    group.add_argument("--since", metavar="AGE", help="published in the last AGE: 24h, 7d, 2w, 3m, 1y")
    group.add_argument("--site", action="append", default=[], metavar="HOST",
                       help="only this site, e.g. baokiemtoan.vn (repeat for several)")
    group.add_argument("--category", action="append", default=[], metavar="NAME",
                       help="only this category; diacritics optional: \"kinh te\" (repeatable)")
    group.add_argument("--author", action="append", default=[], metavar="NAME",
                       help="only this author; diacritics optional (repeatable)")
    group.add_argument("--doc", action="append", default=[], metavar="REF",
                       help="only articles citing this document, e.g. 123/2020/NĐ-CP or 57-nq/tw (repeatable)")
    group.add_argument("--province", action="append", default=[], metavar="NAME",
                       help="only articles about this province or city, old or new name, diacritics "
                            "optional: \"ha nam\", \"TP.HCM\" (repeatable)")
    group.add_argument("--merged", action="store_true",
                       help="with --province: any part of the province formed in the 1 July 2025 merger "
                            "(--province \"Hà Nam\" --merged finds Ninh Bình, Nam Định and Hà Nam)")


def _add_facets(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--facet", action="append", choices=FACETS, metavar="NAME",
                        help=f"add a distribution: {', '.join(FACETS)} (repeat for several; {default})")


def _add_sort(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--sort", choices=SORT_ORDERS, default=default, help=f"hit order (default {default})")


def search_parser() -> argparse.ArgumentParser:
    parser = _parser("search", "Full-text search of the article archive.",
                     [SEARCH_EXAMPLES, SYNTAX_HELP, DATES_HELP])
    _add_query(parser)
    _add_filters(parser)
    _add_facets(parser, "default: none")
    _add_sort(parser, "relevance")
    parser.add_argument("--size", type=_positive, default=10, help="hits per page (default 10)")
    parser.add_argument("--page", type=_positive, default=1, help="page number, from 1")
    parser.add_argument("--all-copies", action="store_true",
                        help="every copy of a story republished by several sites (default: the earliest, "
                             "with 'also in: ...')")
    formats = parser.add_mutually_exclusive_group()
    formats.add_argument("--json", dest="format", action="store_const", const="json",
                         help="one JSON object {total, took, hits, facets}")
    formats.add_argument("--jsonl", dest="format", action="store_const", const="jsonl", help="one hit per line")
    formats.add_argument("--csv", dest="format", action="store_const", const="csv", help="a header and one row per hit")
    return parser


def facets_parser() -> argparse.ArgumentParser:
    parser = _parser("facets", "Distribution of the whole archive (or of the filtered part) over time, "
                     "sites and categories.", [FACETS_EXAMPLES, DATES_HELP])
    _add_filters(parser)
    _add_facets(parser, "default: month, site, category")
    parser.add_argument("--json", dest="format", action="store_const", const="json",
                        help="one JSON object {total, took, hits: [], facets}")
    return parser


def show_parser() -> argparse.ArgumentParser:
    parser = _parser("show", "Print one whole article.", [SHOW_EXAMPLES])
    parser.add_argument("article", metavar="ID|URL", help="the article id, or its URL or canonical URL")
    parser.add_argument("--json", dest="format", action="store_const", const="json", help="the stored document")
    return parser


def export_parser() -> argparse.ArgumentParser:
    parser = _parser("export", "Write every matching article (whole documents), streamed through a "
                     "point in time so that large exports stay consistent.", [EXPORT_EXAMPLES, SYNTAX_HELP,
                                                                            DATES_HELP])
    _add_query(parser)
    _add_filters(parser)
    _add_sort(parser, "newest")
    formats = parser.add_mutually_exclusive_group(required=True)
    formats.add_argument("--jsonl", dest="format", action="store_const", const="jsonl",
                         help="one article per line")
    formats.add_argument("--csv", dest="format", action="store_const", const="csv",
                         help="a header and one row per article (lists joined by ' | ')")
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    return parser


def _connection() -> tuple[ReadClient, str]:
    from index.config import index_names
    from index.read_client import ReadClient

    return ReadClient(), index_names().read_alias


def _dates(args: argparse.Namespace) -> DateRange:
    from search_cli.dates import date_range

    return date_range(args.date_from, args.date_to, args.since)


def _filters(args: argparse.Namespace) -> dict:
    return {"dates": _dates(args), "sites": args.site, "categories": args.category, "authors": args.author,
            "docs": args.doc, "provinces": args.province, "merged": args.merged}


def _facets(requested: list[str], text: str | None, args: argparse.Namespace) -> list[str]:
    """The facets asked for, `date` replaced by the interval that fits the matches."""
    from index.config import elasticsearch_errors
    from search_cli.datefacet import resolve_date_facet
    from search_cli.query import build_query

    es, alias = _connection()

    def run(body: dict) -> dict:
        with elasticsearch_errors():
            return es.search(index=alias, body=body)

    return resolve_date_facet(requested, build_query(text, **_filters(args)), _dates(args), run)


def _run_search(body: dict, query_text: str | None) -> SearchResult:
    from index.config import elasticsearch_errors
    from search_cli.results import result_from

    es, alias = _connection()
    with elasticsearch_errors():
        response = es.search(index=alias, body=body)
    _warn_if_partial(response)
    return result_from(response, query_text)


def _warn_if_partial(response: dict) -> None:
    """One line on stderr (the results themselves stay parseable) when some shards did not answer: a
    node of the cluster is down or overloaded, so matches may be missing and counts too low."""
    shards = response.get("_shards", {})
    if shards.get("failed", 0) > 0 or response.get("timed_out"):
        cause = f"{shards['failed']} of {shards['total']} shards failed" if shards.get("failed") else "timed out"
        print(f"vnnews: warning: partial results ({cause}): some articles may be missing", file=sys.stderr)


def _print_search(result: SearchResult, args: argparse.Namespace, stream: TextIO) -> None:
    from search_cli import output

    if args.format == "json":
        output.write_json(result.record(), stream)
    elif args.format == "jsonl":
        output.write_jsonl((hit.record() for hit in result.hits), stream)
    elif args.format == "csv":
        output.write_csv((hit.record() for hit in result.hits), output.HIT_COLUMNS, stream)
    else:
        style, width = output.Style(output.use_colour(stream)), output.terminal_width()
        parts = [output.render_hits(result, args.page, args.size, style, width)]
        if result.facets:
            parts.append(output.render_facets(result.facets, style, width))
        print("\n\n".join(parts), file=stream)


def search(argv: list[str]) -> int:
    args = search_parser().parse_args(argv)
    if args.page * args.size > MAX_WINDOW:
        raise BadInput(f"--page {args.page} with --size {args.size} goes past the first {MAX_WINDOW} "
                       "results: narrow the query, or use `vnnews export` to read every match")
    from index.config import elasticsearch_errors
    from search_cli.copies import with_copies
    from search_cli.query import build_search

    text = " ".join(args.query)
    body = build_search(text, **_filters(args), facets=_facets(args.facet or [], text, args), sort=args.sort,
                        size=args.size, page=args.page, one_per_group=not args.all_copies)
    result = _run_search(body, text)
    es, alias = _connection()
    with elasticsearch_errors():
        result = with_copies(result, es, alias, one_per_group=not args.all_copies)
    _print_search(result, args, sys.stdout)
    return 0


def facets(argv: list[str]) -> int:
    args = facets_parser().parse_args(argv)
    from search_cli import output
    from search_cli.query import build_search

    requested = args.facet or ["month", "site", "category"]
    body = build_search(None, **_filters(args), facets=_facets(requested, None, args), size=0)
    result = _run_search(body, None)
    if args.format == "json":
        output.write_json(result.record(), sys.stdout)
    else:
        style, width = output.Style(output.use_colour(sys.stdout)), output.terminal_width()
        header = style.wrap(output.BOLD, f"{result.total} articles ({result.took} ms)")
        print(f"{header}\n\n{output.render_facets(result.facets, style, width)}")
    return 0


def article_query(key: str) -> dict:
    """An article by its id, its URL or its canonical URL."""
    return {"bool": {"should": [{"ids": {"values": [key]}}, {"term": {"url": key}},
                                {"term": {"canonical_url": key}}]}}


def _abbreviated(text: str, chars: int = 60) -> str:
    """`text` quoted, its invisible characters escaped, cut to about `chars` characters."""
    quoted = repr(text)
    return quoted if len(quoted) <= chars else f"{quoted[:chars]}… ({len(text):,} characters)"


def show(argv: list[str]) -> int:
    args = show_parser().parse_args(argv)
    from index.config import elasticsearch_errors
    from search_cli import output
    from search_cli.copies import copies_of

    key = args.article.strip()
    if not key:
        raise BadInput("no article named: give its id or its URL")
    if len(key.encode()) > MAX_TERM_BYTES:
        raise NotFound(f"no article with id or URL {_abbreviated(key)}: longer than any stored one")
    es, alias = _connection()
    with elasticsearch_errors():
        hits = es.search(index=alias, query=article_query(key), size=1)["hits"]["hits"]
    if not hits:
        raise NotFound(f"no article with id or URL {_abbreviated(key)}")
    record = output.article_record(hits[0])
    with elasticsearch_errors():
        record["copies"] = copies_of(es, alias, record)
    if args.format == "json":
        output.write_json(record, sys.stdout)
    else:
        style = output.Style(output.use_colour(sys.stdout))
        print(output.render_article(record, style, output.terminal_width()))
    return 0


def _export_records(pages: Iterator[dict], progress: Progress) -> Iterator[dict]:
    from search_cli import output

    for number, response in enumerate(pages):
        if number == 0:
            progress.total = response["hits"]["total"]["value"]
        yield from map(output.article_record, response["hits"]["hits"])
        progress.advance(len(response["hits"]["hits"]))


def _write_export(records: Iterator[dict], fmt: str, stream: TextIO) -> None:
    from search_cli import output

    if fmt == "jsonl":
        output.write_jsonl(records, stream)
    else:
        output.write_csv(map(output.article_csv_record, records), output.ARTICLE_COLUMNS, stream)


@contextmanager
def _destination(path: str | None) -> Iterator[TextIO]:
    """The export's output; a file that cannot be opened or written (full disk, /dev/full) is BadInput."""
    if path is None:
        yield sys.stdout
        return
    try:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            yield stream
    except BrokenPipeError:
        raise
    except OSError as error:
        raise BadInput(f"cannot write {path}: {error.strerror}") from None


def export(argv: list[str]) -> int:
    args = export_parser().parse_args(argv)
    from index.config import elasticsearch_errors
    from index.lifecycle import pit_pages
    from search_cli import output
    from search_cli.query import SORTS, build_query

    query = build_query(" ".join(args.query), **_filters(args))
    es, alias = _connection()
    progress = output.Progress(sys.stderr)
    with elasticsearch_errors(), closing(pit_pages(es, alias, query, SORTS[args.sort], EXPORT_PAGE_SIZE)) as pages:
        records = _export_records(pages, progress)
        # the first page before the destination: a missing index or server must not truncate the file
        first = next(records, None)
        with _destination(args.output) as stream:
            _write_export(chain(() if first is None else (first,), records), args.format, stream)
    progress.finish(args.output or "standard output")
    return 0


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "search": search,
    "facets": facets,
    "show": show,
    "export": export,
}


def check_text(arguments: list[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates, which no request can carry."""
    for argument in arguments:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            raise BadInput(f"the argument {_abbreviated(argument)} is not valid UTF-8 text") from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's final flush of what is left does not fail."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def main(argv: list[str]) -> int:
    """argv[0] is the subcommand (search, facets, show or export), the rest its arguments."""
    check_text(argv[1:])
    try:
        code = COMMANDS[argv[0]](argv[1:])
        sys.stdout.flush()  # a full disk shows here rather than at the interpreter's exit
        return code
    except BrokenPipeError:
        # The reader (`| head`) has all it wanted: not an error, exit 0.
        _silence_stdout()
        return 0
    except OSError as error:
        # these commands do no other I/O than their output (the client raises its own errors)
        _silence_stdout()
        raise BadInput(f"cannot write standard output: {error.strerror}") from None
