"""Reading a page's machine metadata: vnnews' own reader against extruct, on the gold pages.

What the generic extractor needs from metadata is the article's JSON-LD node (inside `@graph` too) and
its microdata dates. The page is parsed once for extraction anyway, so both readers get the parsed page
and only the reading is timed: vnnews' is the JSON-LD reader of `load_page` plus the microdata date
lookup of `crawler.extract.generic_dates`; extruct's is its JSON-LD and microdata extractors on the
same lxml tree. Reported: pages/s (best of 5 interleaved runs) and the pages whose article
datePublished each finds, and those it fails on (extruct raises on a malformed JSON-LD block).

    .venv/bin/pip install -e '.[bench]'
    PYTHONPATH=. .venv/bin/python bench/bench_metadata.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from bench_generic import default_directories, load_gold

from crawler.extract.generic_dates import updated_at
from crawler.extract.page import ARTICLE_TYPES, Page, _json_ld, load_page

REPEATS = 5


def vnnews_reader(page: Page) -> bool:
    article, _ = _json_ld(page.selector)  # the reader load_page runs, timed alone
    updated_at(page, None)  # the microdata lookup the generic path makes
    return bool(article.get("datePublished") or page.meta.get("datepublished"))


def extruct_reader(page: Page) -> bool | None:
    from extruct.jsonld import JsonLdExtractor  # benchmark-only dependency (the `bench` extra)
    from extruct.w3cmicrodata import MicrodataExtractor

    root = page.selector.root
    try:
        nodes = JsonLdExtractor().extract_items(root, page.url) + MicrodataExtractor().extract_items(root, page.url)
    except ValueError:  # one malformed JSON-LD block fails the whole page
        return None
    nodes += [item for node in list(nodes) for item in node.get("@graph", []) if isinstance(item, dict)]
    microdata = [{**node, **node.get("properties", {})} for node in nodes if "properties" in node]
    return any(_is_article(node) and node.get("datePublished") for node in nodes + microdata)


def _is_article(node: dict[str, Any]) -> bool:
    types = node.get("@type") or node.get("type") or []
    types = [types] if isinstance(types, str) else types
    return any(str(kind).rsplit("/", 1)[-1] in ARTICLE_TYPES for kind in types)


def rate(reader: Callable[[Page], bool | None], pages: list[Page], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for page in pages:
            reader(page)
    return rounds * len(pages) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the pages per timed run")
    args = parser.parse_args()
    pages = [load_page(gold.html, gold.url) for gold in load_gold(default_directories())]
    readers = {"vnnews (page.py + generic_dates)": vnnews_reader, "extruct (JSON-LD + microdata)": extruct_reader}
    results = {name: [reader(page) for page in pages] for name, reader in readers.items()}
    best = dict.fromkeys(readers, 0.0)
    for _ in range(REPEATS):
        for name, reader in readers.items():
            best[name] = max(best[name], rate(reader, pages, args.rounds))
    print(f"{len(pages)} gold pages, best of {REPEATS} interleaved runs of {args.rounds} passes, one core\n")
    print("| reader | pages/s | pages with a datePublished found | pages failed |")
    print("|---|---:|---:|---:|")
    for name in readers:
        found, failed = results[name].count(True), results[name].count(None)
        print(f"| {name} | {best[name]:.0f} | {found} | {failed} |")


if __name__ == "__main__":
    main()
