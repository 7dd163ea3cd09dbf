"""`vnnews extract FILE.html --url URL`: the Article extracted from one saved page, as normalised JSON.

For checking a parser against a page saved from the browser: a known site's template, else generic
extraction, for a page of any site. Exit 9 (BadInput) when the file cannot be read or the URL has no
host; 2 for a usage error, as every command.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from crawler.extract import UnknownSite, extract_article
from crawler.normalise.article import normalise_article
from index.errors import BadInput


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vnnews extract", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="saved HTML page")
    parser.add_argument("--url", required=True, help="the URL the page was fetched from (chooses the site profile)")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv[1:])
    try:
        html = args.file.read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read {args.file}: {error.strerror or error}") from None
    try:
        article = extract_article(html, args.url)
    except UnknownSite as error:
        raise BadInput(str(error)) from None
    print(json.dumps(normalise_article(article.to_dict()), ensure_ascii=False, indent=2))
    return 0
