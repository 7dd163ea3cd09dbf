"""Search responses turned into small records the output formats share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from index.vietnamese import VIETNAM, has_diacritics
from search_cli.query import DATE_FACETS, MARK_END, MARK_START


@dataclass(frozen=True)
class Hit:
    id: str
    score: float | None
    published_at: datetime | None
    site: str
    title: str  # matched words between MARK_START and MARK_END
    snippet: str  # idem
    url: str
    category: list[str]
    author: str | None
    group: str | None = None  # syndication group (search_cli.copies)
    also_in: tuple[str, ...] = ()  # sites of the other copies of the story
    copies: int = 0  # how many other copies

    def record(self) -> dict:
        """The hit for --json, --jsonl and --csv: plain text, matched words listed separately."""
        return {
            "id": self.id,
            "score": self.score,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "site": self.site,
            "title": unmark(self.title),
            "url": self.url,
            "category": self.category,
            "author": self.author,
            "snippet": unmark(self.snippet),
            "matched": matched_words(self.title + " " + self.snippet),
            "also_in": list(self.also_in),
            "copies": self.copies,
        }


@dataclass(frozen=True)
class Bucket:
    key: str  # a site, a category, or the local first day of a date bucket (yyyy-MM-dd)
    count: int


@dataclass(frozen=True)
class SearchResult:
    total: int
    took: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[Bucket]] = field(default_factory=dict)

    def record(self) -> dict:
        return {
            "total": self.total,
            "took": self.took,
            "hits": [hit.record() for hit in self.hits],
            "facets": {
                name: [{"key": bucket.key, "count": bucket.count} for bucket in buckets]
                for name, buckets in self.facets.items()
            },
        }


def unmark(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def matched_words(marked: str) -> list[str]:
    """The distinct highlighted words, lowercase, in order of first appearance."""
    words = []
    for piece in marked.split(MARK_START)[1:]:
        word = piece.split(MARK_END, 1)[0].lower()
        if word not in words:
            words.append(word)
    return words


def local_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).astimezone(VIETNAM) if value else None


def _first_highlight(highlight: dict, fields: list[str]) -> str | None:
    return next((highlight[name][0] for name in fields if highlight.get(name)), None)


def _marked(highlight: dict, field_name: str, accented: bool) -> str | None:
    """The exact field's highlight marks only the accented spelling the user typed; the folded one
    every spelling. Prefer the one that matches the way the query was written."""
    order = [field_name, f"{field_name}.folded"] if accented else [f"{field_name}.folded", field_name]
    return _first_highlight(highlight, order)


def hit_from(raw: dict, accented: bool) -> Hit:
    source, highlight = raw["_source"], raw.get("highlight", {})
    lead = source.get("lead") or ""
    snippet = _marked(highlight, "body", accented) or _marked(highlight, "lead", accented) or lead
    return Hit(
        id=raw["_id"],
        score=raw.get("_score"),
        published_at=local_time(source.get("published_at")),
        site=source.get("site", ""),
        title=_marked(highlight, "title", accented) or source.get("title", ""),
        snippet=" ".join(snippet.split()),
        url=source.get("canonical_url") or source.get("url", ""),
        category=source.get("category") or [],
        author=source.get("author"),
        group=source.get("syndication_group"),
    )


def _buckets(name: str, aggregation: dict) -> list[Bucket]:
    key = "key_as_string" if name in DATE_FACETS else "key"
    return [Bucket(str(bucket[key]), bucket["doc_count"]) for bucket in aggregation["buckets"]]


def result_from(response: dict, query_text: str | None) -> SearchResult:
    accented = bool(query_text) and has_diacritics(query_text)
    return SearchResult(
        total=response["hits"]["total"]["value"],
        took=response["took"],
        hits=[hit_from(raw, accented) for raw in response["hits"]["hits"]],
        facets={name: _buckets(name, agg) for name, agg in response.get("aggregations", {}).items()},
    )
