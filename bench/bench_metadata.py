"""Reading a page's machine metadata: vnnews' own reader against extruct, on the gold pages.

What the generic extractor needs from metadata is the article's JSON-LD node (inside `@graph` too), its
microdata dates and the article:* meta. The page is parsed once for extraction anyway, so both readers
get the parsed page and only the reading is timed: vnnews' is the JSON-LD reader of `load_page` plus the
structured-date lookup of `crawler.extract.generic_dates` (meta, article microdata); extruct's is its
JSON-LD, microdata and OpenGraph extractors on the same lxml tree. Reported: pages/s (best of 5
interleaved runs), the pages whose publication date each finds, and those it fails on (extruct raises
on a malformed JSON-LD block).

    .venv/bin/pip install -e '.[bench]'
    PYTHONPATH=. .venv/bin/python bench/bench_metadata.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from bench_generic import default_directories, load_gold
from lxml.html import HtmlElement

from crawler.extract.generic import _main_heading
from crawler.extract.generic_dates import published_at
from crawler.extract.page import ARTICLE_TYPES, Page, _json_ld, load_page

REPEATS = 5
Reader = Callable[[Page, HtmlElement | None], bool | None]


def vnnews_reader(page: Page, heading: HtmlElement | None) -> bool:
    _json_ld(page.selector)  # the JSON-LD reader load_page runs (its result is already in page.ld_article)
    return published_at(page, heading, []) is not None  # metadata and the article's microdata, no visible text


def extruct_reader(page: Page, heading: HtmlElement | None) -> bool | None:
    from extruct.jsonld import JsonLdExtractor  # benchmark-only dependency (the `bench` extra)
    from extruct.opengraph import OpenGraphExtractor
    from extruct.w3cmicrodata import MicrodataExtractor

    root = page.selector.root
    try:
        nodes = JsonLdExtractor().extract_items(root, page.url) + MicrodataExtractor().extract_items(root, page.url)
    except ValueError:  # one malformed JSON-LD block fails the whole page
        return None
    opengraph = [name for item in OpenGraphExtractor().extract_items(root) for name, _ in item["properties"]]
    nodes += [item for node in list(nodes) for item in node.get("@graph", []) if isinstance(item, dict)]
    microdata = [{**node, **node.get("properties", {})} for node in nodes if "properties" in node]
    found = any(_is_article(node) and node.get("datePublished") for node in nodes + microdata)
    return found or "article:published_time" in opengraph


def _is_article(node: dict[str, Any]) -> bool:
    types = node.get("@type") or node.get("type") or []
    types = [types] if isinstance(types, str) else types
    return any(str(kind).rsplit("/", 1)[-1] in ARTICLE_TYPES for kind in types)


def rate(reader: Reader, pages: list[tuple[Page, HtmlElement | None]], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for page, heading in pages:
            reader(page, heading)
    return rounds * len(pages) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40, help="passes over the pages per timed run")
    args = parser.parse_args()
    loaded = [load_page(gold.html, gold.url) for gold in load_gold(default_directories())]
    pages = [(page, _main_heading(page)) for page in loaded]  # the headline's itemscope is the article's
    readers = {
        "vnnews (page.py + generic_dates)": vnnews_reader,
        "extruct (JSON-LD + microdata + OpenGraph)": extruct_reader,
    }
    results = {name: [reader(page, heading) for page, heading in pages] for name, reader in readers.items()}
    best = dict.fromkeys(readers, 0.0)
    for _ in range(REPEATS):
        for name, reader in readers.items():
            best[name] = max(best[name], rate(reader, pages, args.rounds))
    print(f"{len(pages)} gold pages, best of {REPEATS} interleaved runs of {args.rounds} passes, one core\n")
    print("| reader | pages/s | pages with a publication date found | pages failed |")
    print("|---|---:|---:|---:|")
    for name in readers:
        found, failed = results[name].count(True), results[name].count(None)
        print(f"| {name} | {best[name]:.0f} | {found} | {failed} |")


if __name__ == "__main__":
    main()
