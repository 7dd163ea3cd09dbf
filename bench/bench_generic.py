"""Extraction quality and speed on gold pages: the profile path, the generic path alone, and trafilatura.

Reads every directory of (page.html, page.json) pairs given (default: tests/fixtures/generic, the layouts no
profile covers, and every tests/fixtures/<site>/articles of the site profiles). An expected JSON is either
a golden Article (the profiles' fixtures: `parser` None or `generic.NOT_ARTICLE` means not an article)
or a generic gold record (`article`: false for a list page; `leaks`: strings that must not be extracted).
Scored per path, over the article pages of each group: title, lead, agency prefix (exact, after
`normalise_article`), body paragraph F1, published_at to the minute, author, image URL F1, caption F1,
leaks found (count), article/non-article accuracy over all pages, and pages/s (best of 5 interleaved runs,
one core).

    .venv/bin/pip install -e '.[bench]'
    PYTHONPATH=. .venv/bin/python bench/bench_generic.py [--gold DIR ...] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import re
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.extract import extract_article
from crawler.extract.generic import NOT_ARTICLE, extract_generic, generic_site
from crawler.extract.page import load_page
from crawler.items import Article
from crawler.normalise.article import normalise_article
from crawler.normalise.dates import parse_structured_date, to_iso
from crawler.sites import site_for_url
from index.vietnamese import clean_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
REPEATS = 5
FIELDS = ("title", "lead", "agency", "body F1", "date", "author", "images F1", "captions F1")
# Its most thorough date search, with the time kept, so that the minute can be compared.
TRAFILATURA_DATES = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]*\]\((?P<url>[^)\s]+)\)")


@dataclass
class Gold:
    name: str
    group: str
    html: bytes
    url: str
    expected: dict[str, Any]

    @property
    def is_article(self) -> bool:
        if "article" in self.expected:
            return bool(self.expected["article"])
        return self.expected.get("parser") not in (None, NOT_ARTICLE)


Extraction = dict[str, Any]  # the Article fields scored, `article` True/False


def load_gold(directories: list[Path]) -> list[Gold]:
    """Every page with its expected JSON beside it; a group per directory (the unseen layouts, or the
    site of a profile's fixtures)."""
    pages = []
    for directory in directories:
        group = "unseen layouts" if directory.name == "generic" else f"profile {_site_of(directory)}"
        for page in sorted(directory.glob("*.html")):
            if page.with_suffix(".json").exists():
                expected = json.loads(page.with_suffix(".json").read_text("utf-8"))
                pages.append(Gold(page.stem, group, page.read_bytes(), expected["url"], expected))
    return pages


def default_directories() -> list[Path]:
    """Every directory under tests/fixtures holding (html, json) pairs, the unseen layouts first."""
    found = {page.parent for page in FIXTURES.rglob("*.html") if page.with_suffix(".json").exists()}
    return sorted(found, key=lambda directory: (directory.name != "generic", str(directory)))


def _site_of(directory: Path) -> str:
    return directory.relative_to(FIXTURES).parts[0] if directory.is_relative_to(FIXTURES) else directory.name


# --- the three paths ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractionPath:
    """One extraction path: `extract` is what is timed, `fields` turns its result into scored fields."""

    extract: Callable[[bytes, str], Any]
    fields: Callable[[Any], Extraction]


def run_generic(html: bytes, url: str) -> Article:
    return extract_generic(load_page(html, url), site_for_url(url) or generic_site(url))


def run_trafilatura(html: bytes, url: str) -> Any:
    import trafilatura  # benchmark-only dependency (the `bench` extra)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return trafilatura.bare_extraction(
            html.decode("utf-8", "replace"),
            url=url,
            with_metadata=True,
            include_images=True,
            include_tables=True,
            date_extraction_params=TRAFILATURA_DATES,
        )


def article_fields(article: Article) -> Extraction:
    return _from_article(normalise_article(article.to_dict()))


def trafilatura_fields(document: Any) -> Extraction:
    if document is None:
        return {"article": False}
    found = document.as_dict()
    text = found.get("text") or ""
    images = [match["url"] for match in MARKDOWN_IMAGE.finditer(text)]
    lines = [clean_text(MARKDOWN_IMAGE.sub(" ", line)) for line in text.split("\n")]
    moment = parse_structured_date(found["date"]) if found.get("date") else None
    return {
        "article": bool(text.strip()),
        "title": clean_text(found.get("title") or "") or None,
        "lead": clean_text(found.get("description") or "") or None,
        "agency": None,
        "body": [line for line in lines if line],
        "date": to_iso(moment) if moment else None,
        "author": clean_text(found.get("author") or "") or None,
        "images": images,
        "captions": [],
    }


def _from_article(article: dict[str, Any]) -> Extraction:
    return {
        "article": article.get("parser") not in (None, NOT_ARTICLE),
        "title": article.get("title"),
        "lead": article.get("lead"),
        "agency": article.get("agency_prefix"),
        "body": article.get("body") or [],
        "date": article.get("published_at"),
        "author": article.get("author"),
        "images": [image["url"] for image in article.get("images") or []],
        "captions": [image["caption"] for image in article.get("images") or [] if image.get("caption")],
    }


# --- scoring -----------------------------------------------------------------------------------------


def expected_of(gold: Gold) -> Extraction:
    expected = gold.expected
    return {
        "title": expected.get("title"),
        "lead": expected.get("lead"),
        "agency": expected.get("agency_prefix"),
        "body": expected.get("body") or [],
        "date": expected.get("published_at"),
        "author": expected.get("author"),
        "images": [image["url"] for image in expected.get("images") or []],
        "captions": [image["caption"] for image in expected.get("images") or [] if image.get("caption")],
    }


def field_scores(got: Extraction, want: Extraction) -> dict[str, float]:
    if not got.get("article"):
        got = {"body": [], "images": [], "captions": []}
    return {
        "title": float(got.get("title") == want["title"]),
        "lead": float(got.get("lead") == want["lead"]),
        "agency": float(got.get("agency") == want["agency"]),
        "body F1": f1(got["body"], want["body"]),
        "date": float(_minute(got.get("date")) == _minute(want["date"])),
        "author": float(got.get("author") == want["author"]),
        "images F1": f1(got["images"], want["images"]),
        "captions F1": f1(got["captions"], want["captions"]),
    }


def f1(got: list[str], want: list[str]) -> float:
    """F1 of two multisets of strings; two empty lists agree fully."""
    if not got and not want:
        return 1.0
    common = sum((Counter(got) & Counter(want)).values())
    if not common:
        return 0.0
    precision, recall = common / len(got), common / len(want)
    return 2 * precision * recall / (precision + recall)


def leaks_found(got: Extraction, leaks: list[str]) -> int:
    text = "\n".join([got.get("title") or "", got.get("lead") or "", *got.get("body", [])])
    return sum(1 for leak in leaks if leak in text)


def _minute(value: str | None) -> str | None:
    return value[:16] + value[19:] if value else None  # "2024-03-02T08:05" + "+07:00"


@dataclass
class Row:
    path: str
    group: str
    pages: int
    articles: int
    scores: dict[str, float]
    leaks: int
    kind_accuracy: float


def score(name: str, path: ExtractionPath, pages: list[Gold], group: str) -> Row:
    totals: Counter[str] = Counter()
    leaks = correct_kind = articles = 0
    for gold in pages:
        got = path.fields(path.extract(gold.html, gold.url))
        correct_kind += got.get("article", False) == gold.is_article
        if gold.is_article:
            articles += 1
            totals.update(field_scores(got, expected_of(gold)))
            leaks += leaks_found(got, gold.expected.get("leaks", []))
    means = {name: totals[name] / articles if articles else 0.0 for name in FIELDS}
    return Row(name, group, len(pages), articles, means, leaks, correct_kind / len(pages))


def pages_per_second(extractors: list[Callable[[bytes, str], Any]], pages: list[Gold], rounds: int) -> list[float]:
    """Best of REPEATS interleaved runs per path, each `rounds` passes over the pages: extraction alone,
    without the scoring's text normalisation."""
    best = [0.0] * len(extractors)
    for _ in range(REPEATS):
        for index, extractor in enumerate(extractors):
            start = time.perf_counter()
            for _ in range(rounds):
                for gold in pages:
                    extractor(gold.html, gold.url)
            best[index] = max(best[index], rounds * len(pages) / (time.perf_counter() - start))
    return best


def print_table(rows: list[Row], rates: dict[str, float]) -> None:
    header = ["path", "pages", *FIELDS, "leaks", "article/non", "pages/s"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---", "---:"] + ["---:"] * (len(header) - 2)) + "|")
    for row in rows:
        cells = [f"{row.path} ({row.group})", f"{row.articles}+{row.pages - row.articles}"]
        cells += [f"{row.scores[name]:.2f}" for name in FIELDS]
        cells += [str(row.leaks), f"{row.kind_accuracy:.2f}", f"{rates[row.path]:.0f}" if row.group == "all" else ""]
        print("| " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, nargs="*", help="directories of (html, json) pairs")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the pages per timed run")
    args = parser.parse_args()
    pages = load_gold(args.gold or default_directories())
    paths = {
        "profile path": ExtractionPath(extract_article, article_fields),
        "generic path": ExtractionPath(run_generic, article_fields),
        "trafilatura": ExtractionPath(run_trafilatura, trafilatura_fields),
    }
    groups = sorted({gold.group for gold in pages}, key=lambda group: group != "unseen layouts")
    rows = []
    for group in [*groups, "all"]:
        members = [gold for gold in pages if group in ("all", gold.group)]
        rows += [score(name, extractor, members, group) for name, extractor in paths.items()]
    extractors = [path.extract for path in paths.values()]
    for extractor in extractors:  # warm caches (CSS translations, lazy imports) before timing
        for gold in pages:
            extractor(gold.html, gold.url)
    rates = dict(zip(paths, pages_per_second(extractors, pages, args.rounds), strict=True))
    size = sum(len(gold.html) for gold in pages) / len(pages) / 1024
    print(f"{len(pages)} gold pages (articles+lists per group), mean {size:.1f} KiB; pages/s over all pages, "
          f"best of {REPEATS} interleaved runs of {args.rounds} passes, one core\n")
    print_table(rows, rates)
    print(f"\ngeneric path speed: {rates['generic path'] / rates['trafilatura']:.1f}x trafilatura")


if __name__ == "__main__":
    main()
