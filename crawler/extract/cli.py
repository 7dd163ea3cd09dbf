"""`vnnews extract FILE.html --url URL`: the Article extracted from one saved page, as normalised JSON.

For checking a parser against a page saved from the browser: a known site's template, else generic
extraction, for a page of any site. Exit 9 (BadInput) when the file cannot be read or is not a regular
file (a FIFO or device would block or never end), when the URL is not valid or has no host, or when the
page is over the extraction budget (10 MB, 2 s: `too_large`, `too_slow`); 2 for a usage error, as every
command. A reader that stops early (`| head`) ends the output quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from pathlib import Path

from crawler.extract import DEFAULT_BUDGET, OverBudget, UnknownSite, extract_article
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
        article = extract_article(read_page(args.file), args.url)
    except UnknownSite as error:
        raise BadInput(str(error)) from None
    except OverBudget as error:
        raise BadInput(f"{args.file}: page dropped, {error}") from None
    write_quietly(json.dumps(normalise_article(article.to_dict()), ensure_ascii=False, indent=2) + "\n")
    return 0


def read_page(path: Path) -> bytes:
    """The file's bytes; OverBudget when it is larger than the budget, before reading it. At most one
    byte past the budget is read even if the file grows meanwhile (the size check then says so)."""
    try:
        # Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(descriptor, "rb") as file:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise BadInput(f"{path} is not a regular file")
            DEFAULT_BUDGET.check_size(status.st_size)
            return file.read(DEFAULT_BUDGET.max_bytes + 1)
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror or error}") from None


def write_quietly(text: str) -> None:
    """Write to stdout; a reader that closed the pipe early (`| head`) wanted no more: no error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the failed flush again at exit: point stdout at /dev/null first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
