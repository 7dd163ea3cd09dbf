"""`vnnews watch add | list | remove | run`: saved searches that report what is new.

A watch is a name, a query and search filters. `watch run` prints the matching articles first seen
(`first_seen`, the crawl that found them) since the watch's last successful run, then records the run.
The state lives in Elasticsearch, in a small index of its own (`<base>-watches`), so any machine with
access to the server can run the watches; a run that fails (no server, a broken pipe) records nothing,
so a missed or failed run loses nothing: the next window starts at the last successful run.

Documents become searchable about a second after they are written, so each window reaches OVERLAP back
before the previous run and leaves out the articles that run already reported (kept by id).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TextIO

from index.config import elasticsearch_errors, es_client, index_names
from index.errors import BadInput, NotFound
from index.vietnamese import VIETNAM
from search_cli import output
from search_cli.cli import _add_filters, _add_query, _filters
from search_cli.query import build_query
from search_cli.results import local_time

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

OVERLAP = timedelta(minutes=10)
PAGE_SIZE = 500
NEW_COLUMNS = ["watch", "id", "first_seen", "published_at", "site", "title", "url"]
NEW_SOURCE = ["first_seen", "published_at", "site", "title", "url", "canonical_url"]
WATCH_MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "name": {"type": "keyword"},
        "argv": {"type": "keyword"},  # the query and filters, as given to `watch add`
        "created_at": {"type": "date"},
        "last_run": {"type": "date"},  # start of the last successful run
        # `<first_seen>|<id>` of the articles reported that are still within OVERLAP of the last run
        "reported": {"type": "keyword", "index": False},
    },
}

EXAMPLES = """\
examples:
  vnnews watch add hoa-don "hóa đơn điện tử" --doc 123/2020/NĐ-CP
  vnnews watch add ha-nam "chuyển đổi số" --province "Hà Nam" --merged
  vnnews watch list
  vnnews watch run                       every watch: what is new since its last run
  vnnews watch run hoa-don --jsonl
  vnnews watch remove ha-nam

  cron, every morning at 7, mailing what is new (mail -E sends nothing when nothing is new):
  0 7 * * *  vnnews watch run --jsonl | mail -E -s "vnnews: new articles" me@example.vn

exit codes:
  0 success   2 bad option   4 bad query syntax   5 Elasticsearch unreachable
  6 article index missing   8 no such watch   9 bad argument"""


def watch_index() -> str:
    return f"{index_names().base}-watches"


def query_parser() -> argparse.ArgumentParser:
    """The query and filters of a watch: those of `vnnews search`."""
    parser = argparse.ArgumentParser(prog="vnnews watch add NAME", add_help=False)
    _add_query(parser)
    _add_filters(parser)
    return parser


def watch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vnnews watch", description="Saved searches that report what is new.",
                                     epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="action", required=True)
    add = commands.add_parser("add", help="save a search: NAME QUERY [filters of vnnews search]")
    add.add_argument("name")
    add.add_argument("search", nargs=argparse.REMAINDER)
    listing = commands.add_parser("list", help="the saved searches")
    listing.add_argument("--json", dest="format", action="store_const", const="json")
    remove = commands.add_parser("remove", help="forget a saved search")
    remove.add_argument("name")
    run = commands.add_parser("run", help="print what is new for these watches (default: all), record the run")
    run.add_argument("names", nargs="*", metavar="NAME")
    formats = run.add_mutually_exclusive_group()
    formats.add_argument("--jsonl", dest="format", action="store_const", const="jsonl", help="one article per line")
    formats.add_argument("--csv", dest="format", action="store_const", const="csv", help="a header, one row each")
    return parser


def _now() -> datetime:
    return datetime.now(VIETNAM)


def _ensure_index(es: Elasticsearch) -> None:
    if not es.indices.exists(index=watch_index()):
        es.indices.create(index=watch_index(), mappings=WATCH_MAPPINGS,
                          settings={"number_of_shards": 1, "number_of_replicas": 0})


def _query_of(argv: list[str]) -> dict:
    """The search query a watch stands for. Raises BadQuery / BadDate / BadInput like `vnnews search`."""
    try:
        args = query_parser().parse_args(argv)
    except SystemExit:
        raise BadInput(f"not a query with filters of vnnews search: {' '.join(argv)!r}") from None
    return build_query(" ".join(args.query), **_filters(args))


def add(es: Elasticsearch, name: str, argv: list[str]) -> str:
    _query_of(argv)  # refuse a watch that could never run
    _ensure_index(es)
    es.index(index=watch_index(), id=name, refresh=True,
             document={"name": name, "argv": argv, "created_at": _now().isoformat(), "reported": []})
    return f"watch {name!r} saved: {' '.join(argv)}"


def watches(es: Elasticsearch, names: list[str]) -> list[dict]:
    """The stored watches, by name (all of them when `names` is empty). Raises NotFound for a missing one."""
    if not es.indices.exists(index=watch_index()):
        found: list[dict] = []
    else:
        hits = es.search(index=watch_index(), query={"match_all": {}}, size=1000, sort=["name"])["hits"]["hits"]
        found = [hit["_source"] for hit in hits]
    if missing := sorted(set(names) - {watch["name"] for watch in found}):
        raise NotFound(f"no watch named {', '.join(map(repr, missing))}: see `vnnews watch list`")
    return [watch for watch in found if not names or watch["name"] in names]


def remove(es: Elasticsearch, name: str) -> str:
    watches(es, [name])
    es.delete(index=watch_index(), id=name, refresh=True)
    return f"watch {name!r} removed"


def window_query(watch: dict, until: datetime) -> dict:
    """The watch's query restricted to articles first seen since its last run (or its creation)."""
    since = datetime.fromisoformat(watch.get("last_run") or watch["created_at"])
    query = _query_of(watch["argv"])
    window = {"range": {"first_seen": {"gte": (since - OVERLAP).isoformat(), "lt": until.isoformat()}}}
    reported = [entry.split("|", 1)[1] for entry in watch.get("reported") or []]
    return {"bool": {"must": [query], "filter": [window], "must_not": [{"ids": {"values": reported}}]}}


def new_articles(es: Elasticsearch, watch: dict, until: datetime) -> Iterator[dict]:
    from index.lifecycle import pit_pages

    sort = [{"first_seen": "asc"}, {"published_at": {"order": "asc", "missing": "_last"}}]
    with closing(pit_pages(es, index_names().read_alias, window_query(watch, until), sort, PAGE_SIZE)) as pages:
        for page in pages:
            for hit in page["hits"]["hits"]:
                source = hit["_source"]
                yield {"watch": watch["name"], "id": hit["_id"], "first_seen": source.get("first_seen"),
                       "published_at": source.get("published_at"), "site": source.get("site"),
                       "title": source.get("title"), "url": source.get("canonical_url") or source.get("url")}


def record_run(es: Elasticsearch, watch: dict, started: datetime, reported: list[dict]) -> None:
    """The run's start becomes the next window's; the articles the next window will meet again are kept."""
    entries = [*(watch.get("reported") or []), *(f"{r['first_seen']}|{r['id']}" for r in reported if r["first_seen"])]
    recent = [entry for entry in dict.fromkeys(entries)
              if datetime.fromisoformat(entry.split("|", 1)[0]) >= started - OVERLAP]
    es.update(index=watch_index(), id=watch["name"], refresh=True,
              doc={"last_run": started.isoformat(), "reported": recent})


def _text_writer(stream: TextIO) -> Callable[[str, list[dict]], None]:
    def write(name: str, records: list[dict]) -> None:
        print(f"{name}: {len(records)} new", file=stream)
        for record in records:
            when = output.local_datetime(local_time(record["published_at"]))
            print(f"  {when} · {record['site']} · {record['title']}\n    {record['url']}", file=stream)

    return write


def run(es: Elasticsearch, names: list[str], fmt: str | None, stream: TextIO) -> None:
    """Print what is new for each watch, then record its run: a watch whose output could not be written
    keeps its window."""
    rows = csv.writer(stream)
    if fmt == "csv":
        rows.writerow(NEW_COLUMNS)
    for watch in watches(es, names):
        started = _now()
        records = list(new_articles(es, watch, started))
        if fmt == "jsonl":
            output.write_jsonl(records, stream)
        elif fmt == "csv":
            rows.writerows([record[column] or "" for column in NEW_COLUMNS] for record in records)
        else:
            _text_writer(stream)(watch["name"], records)
        stream.flush()
        record_run(es, watch, started, records)


def _list_lines(found: list[dict]) -> list[str]:
    if not found:
        return ["no watch yet: vnnews watch add NAME QUERY [filters]"]
    return [f"{w['name']}: {' '.join(w['argv'])}  (last run: "
            f"{output.local_datetime(local_time(w.get('last_run'))) if w.get('last_run') else 'never'})"
            for w in found]


def main(argv: list[str]) -> int:
    args = watch_parser().parse_args(argv[1:])
    es = es_client()
    with elasticsearch_errors():
        if args.action == "add":
            print(add(es, args.name, args.search))
        elif args.action == "remove":
            print(remove(es, args.name))
        elif args.action == "list":
            found = watches(es, [])
            if args.format == "json":
                output.write_json({"watches": found}, sys.stdout)
            else:
                print("\n".join(_list_lines(found)))
        else:
            run(es, args.names, args.format, sys.stdout)
    return 0
