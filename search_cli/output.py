"""What `vnnews search | facets | show | export` print: a readable list fitted to the terminal, bar
charts of facets, or machine formats (--json, --jsonl, --csv)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import textwrap
from collections.abc import Iterable
from datetime import date, datetime
from typing import TextIO

from search_cli.query import DATE_FACETS, MARK_END, MARK_START, TIME_ZONE
from search_cli.results import Bucket, Hit, SearchResult, local_time

BOLD, DIM, MATCH, RESET = "\x1b[1m", "\x1b[2m", "\x1b[1;33m", "\x1b[0m"
PLAIN_MATCH = "*"  # without colour, matched words read as *word*
SNIPPET_LINES = 3
LABEL_LIMIT = 32
BAR_LIMIT = 50  # longer bars only spread the same information over more columns
HIT_COLUMNS = ["id", "published_at", "site", "category", "author", "title", "url", "score", "snippet"]
ARTICLE_COLUMNS = [
    "id", "published_at", "updated_at", "site", "category", "author", "tags", "title", "lead", "body",
    "url", "canonical_url",
]


def use_colour(stream: TextIO) -> bool:
    """Colour only for a person at a terminal who has not asked for none (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def terminal_width() -> int:
    return max(40, shutil.get_terminal_size().columns)


class Style:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def wrap(self, code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if self.colour and text else text

    def marks(self, text: str, base: str = "") -> str:
        """Matched words in bold yellow, or between asterisks without colour; `base` is the style
        the surrounding text had, restored after each match."""
        if not self.colour:
            return text.replace(MARK_START, PLAIN_MATCH).replace(MARK_END, PLAIN_MATCH)
        return self.wrap(base, text.replace(MARK_START, MATCH).replace(MARK_END, RESET + base))


def local_datetime(moment: datetime | None) -> str:
    return f"{moment:%d/%m/%Y %H:%M}" if moment else "(no date)"


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _hit_lines(number: int, hit: Hit, style: Style, width: int) -> list[str]:
    """Date, site and category; the title; a snippet of up to three lines; the URL, never cut, so that
    it stays usable even when it is wider than the terminal."""
    indent = " " * (len(str(number)) + 2)
    about = " · ".join(part for part in (local_datetime(hit.published_at), hit.site, " › ".join(hit.category)) if part)
    lines = [f"{number}. {style.wrap(DIM, shorten(about, width - len(indent)))}"]
    lines += [style.marks(line, BOLD) for line in textwrap.wrap(hit.title, width, initial_indent=indent,
                                                               subsequent_indent=indent)]
    snippet = textwrap.wrap(hit.snippet, width, initial_indent=indent, subsequent_indent=indent,
                            max_lines=SNIPPET_LINES, placeholder=" …")
    lines += [style.marks(line) for line in snippet]
    if hit.also_in:
        copies = f"{hit.copies} cop{'y' if hit.copies == 1 else 'ies'}"
        lines.append(indent + style.wrap(DIM, shorten(f"also in: {', '.join(hit.also_in)} ({copies})", width)))
    lines.append(indent + style.wrap(DIM, hit.url))
    return lines


def render_hits(result: SearchResult, page: int, size: int, style: Style, width: int) -> str:
    first = (page - 1) * size + 1
    if not result.hits:
        shown = "no article found" if result.total == 0 else f"page {page} is past the last result"
        return f"{result.total} results ({result.took} ms): {shown}"
    last = first + len(result.hits) - 1
    lines = [style.wrap(BOLD, f"{result.total} results ({result.took} ms), showing {first}-{last}"), ""]
    for number, hit in enumerate(result.hits, start=first):
        lines += [*_hit_lines(number, hit, style, width), ""]
    return "\n".join(lines).rstrip()


def bucket_label(facet: str, key: str) -> str:
    """Date buckets read as Vietnamese users write dates: 27/04/2023, 04/2023, 2023."""
    if facet not in DATE_FACETS:
        return shorten(key, LABEL_LIMIT)
    first_day = date.fromisoformat(key)
    return {
        "day": f"{first_day:%d/%m/%Y}",
        "week": f"week of {first_day:%d/%m/%Y}",
        "month": f"{first_day:%m/%Y}",
        "year": f"{first_day:%Y}",
    }[facet]


FACET_TITLES = {
    "day": f"articles per day ({TIME_ZONE})",
    "week": f"articles per week ({TIME_ZONE}, weeks start on Monday)",
    "month": f"articles per month ({TIME_ZONE})",
    "year": f"articles per year ({TIME_ZONE})",
    "site": "top sites",
    "category": "top categories",
}


def render_facet(name: str, buckets: list[Bucket], style: Style, width: int) -> str:
    """A bar chart: date buckets in time order, terms by count (as Elasticsearch returns them)."""
    lines = [style.wrap(BOLD, FACET_TITLES[name])]
    if not buckets:
        return "\n".join([*lines, "  (no data)"])
    labels = [bucket_label(name, bucket.key) for bucket in buckets]
    label_width = max(map(len, labels))
    count_width = max(len(str(bucket.count)) for bucket in buckets)
    bar_width = max(10, min(BAR_LIMIT, width - label_width - count_width - 6))
    largest = max(bucket.count for bucket in buckets) or 1
    for label, bucket in zip(labels, buckets, strict=True):
        length = round(bucket.count / largest * bar_width) or (1 if bucket.count else 0)
        bar = style.wrap(MATCH, "█" * length)
        lines.append(f"  {label.ljust(label_width)}  {str(bucket.count).rjust(count_width)} {bar}")
    return "\n".join(lines)


def render_facets(facets: dict[str, list[Bucket]], style: Style, width: int) -> str:
    return "\n\n".join(render_facet(name, buckets, style, width) for name, buckets in facets.items())


def _flat(value: object) -> str:
    """A CSV cell: empty for None, a list joined by ' | ' (categories, tags; article_csv_record has
    already joined the body's paragraphs with blank lines)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(map(str, value))
    return str(value)


def write_json(record: dict, stream: TextIO) -> None:
    json.dump(record, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_jsonl(records: Iterable[dict], stream: TextIO) -> None:
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(records: Iterable[dict], columns: list[str], stream: TextIO) -> None:
    writer = csv.writer(stream)
    writer.writerow(columns)
    for record in records:
        writer.writerow([_flat(record.get(column)) for column in columns])


# Matching aids of the index, not information about the article (docs/index-contract.md).
INTERNAL_FIELDS = frozenset({"doc_keys", "syndication_bands", "syndication_sig"})


def article_record(raw: dict) -> dict:
    """A whole stored article with its id (show --json, export)."""
    return {"id": raw["_id"], **{k: v for k, v in raw["_source"].items() if k not in INTERNAL_FIELDS}}


def article_csv_record(record: dict) -> dict:
    return {**record, "body": "\n\n".join(record.get("body") or [])}


def render_article(record: dict, style: Style, width: int) -> str:
    about = [local_datetime(local_time(record.get("published_at"))), record.get("site"),
             " › ".join(record.get("category") or []), record.get("author")]
    lines = [style.wrap(BOLD, line) for line in textwrap.wrap(record.get("title") or "", width)]
    lines += [style.wrap(DIM, " · ".join(part for part in about if part)), style.wrap(DIM, record.get("url", "")), ""]
    for paragraph in [record.get("lead"), *(record.get("body") or [])]:
        if paragraph:
            lines += [*textwrap.wrap(paragraph, width), ""]
    if record.get("copies"):
        lines += ["copies:", *(f"  {local_datetime(local_time(c['published_at']))} · {c['site']} · {c['url']}"
                               for c in record["copies"]), ""]
    lines.append(style.wrap(DIM, f"id {record['id']}"))
    return "\n".join(lines)


class Progress:
    """Export progress on stderr: a bar redrawn in place at a terminal, else one final line."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.total, self.done = stream, 0, 0
        self.live = stream.isatty()

    def advance(self, count: int) -> None:
        self.done += count
        if self.live:
            width = max(10, terminal_width() - 40)
            filled = width * self.done // max(self.total, 1)
            percent = 100 * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\rexporting [{bar}] {self.done}/{self.total} {percent}%")
            self.stream.flush()

    def finish(self, destination: str) -> None:
        if self.live:
            self.stream.write("\n")
        self.stream.write(f"exported {self.done} articles to {destination}\n")
