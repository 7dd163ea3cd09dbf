"""Search request bodies for the article index, importable by any service (`from search_cli import
build_search`). Pure functions: no client, no I/O; the result is a plain JSON-able dict for
`Elasticsearch.search(index=<read alias>, body=...)`.

Ranking follows the index contract (docs/index-contract.md): a recall gate on the folded fields, so
`thi dua ai quoc`, `thi đua ái quốc` and its NFD spelling find the same articles, then boosts on the
exact, tone-less and compound fields, with the exact field weighted up when the query carries
diacritics so that accented queries rank accented matches first.

The folded search analyzer expands official abbreviations (`KTNN` <-> `kiểm toán nhà nước`), and
Elasticsearch counts an expanded name as ONE clause. So a short query must match all of its clauses,
else `KTNN kiến nghị` (three clauses) would recall every article about some other `kiến nghị`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from index.errors import BadInput
from index.provinces import resolve_province
from index.references import find_references, spell_references_plainly
from index.vietnamese import VIETNAM, has_diacritics, normalize_text
from search_cli.dates import ALL_TIME, DateRange, last_instant
from search_cli.syntax import ParsedQuery, Term, parse_query

TIME_ZONE = VIETNAM.key  # Elasticsearch's time_zone for date histograms
DATE_FACETS = ("day", "week", "month", "year")
TERM_FACETS = ("site", "category")
# facet name -> the keyword field the enrich pipeline fills (docs/index-contract.md)
ANALYST_FACETS = {"doc": "doc_refs", "doctype": "doc_types", "province": "provinces"}
AUTO_DATE_FACET = "date"  # a histogram whose interval fits the range of the matches
FACETS = (AUTO_DATE_FACET, *DATE_FACETS, *TERM_FACETS, *ANALYST_FACETS)
SORTS = {
    "relevance": ["_score", {"published_at": {"order": "desc", "missing": "_last"}}],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}, "_score"],
    "oldest": [{"published_at": {"order": "asc", "missing": "_last"}}, "_score"],
}
# Elasticsearch refuses from + size beyond index.max_result_window; deeper reads belong to export.
MAX_WINDOW = 10_000
TERM_FACET_SIZE = 20

# Private-use characters around highlighted words: they survive JSON and never occur in articles.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_CHARS = 200
SUMMARY_SOURCE = ["title", "lead", "url", "canonical_url", "site", "category", "author", "published_at",
                  "syndication_group"]

# Field weights: the title counts most, then the lead, then the body.
WEIGHTS = (("title", 3), ("lead", 2), ("body", 1))

# (sub-field suffix, boost when the query has diacritics, boost otherwise)
RANKING_BOOSTS = (
    ("", 2.0, 0.3),
    (".notone", 1.0, 0.2),
    (".compound", 1.5, 0.5),
    (".fcompound", 1.0, 1.0),
)
TITLE_PHRASE_BOOST = 2.0
# An article citing the very document a query names comes first: well above any text score.
REFERENCE_BOOST = 50.0
# Up to three clauses: all of them; more: three quarters (rounded down). Used by the recall gate and,
# per field, by the ranking boosts.
MINIMUM_MATCH = "3<75%"


def _fields(suffix: str) -> list[str]:
    return [f"{name}{suffix}^{weight}" if weight > 1 else f"{name}{suffix}" for name, weight in WEIGHTS]


def _phrase(text: str, suffix: str) -> dict:
    """The words of `text` next to each other, in title, lead or body."""
    return {"multi_match": {"query": text, "type": "phrase", "fields": _fields(suffix)}}


def _term_clause(term: Term) -> dict:
    """A word or phrase as one clause. An accented one is matched as written (an exclusion of `hòa`
    must not drop every `hoa`), an unaccented one in the folded fields."""
    return _phrase(term.text, "" if has_diacritics(term.text) else ".folded")


def _words_gate(words: str) -> dict:
    """Most of the words, counted two ways; either one admits an article. As words with official names
    expanded (`KTNN` finds `Kiểm toán Nhà nước`; a name typed in full is then one clause that must appear
    whole), or as the pairs of neighbouring words typed (`hoi dong nhan dan tinh` finds `Hội đồng nhân dân
    thành phố`: three of its four pairs; `kiểm toán nhà nước` does not find `Nhà nước ... kiểm toán`)."""

    def most_of(suffix: str) -> dict:
        # cross_fields: a clause counts when it is in any of the fields, so a title word and body words
        # together satisfy the minimum
        return {
            "multi_match": {
                "query": words,
                "type": "cross_fields",
                "fields": _fields(suffix),
                "minimum_should_match": MINIMUM_MATCH,
            }
        }

    return {"bool": {"should": [most_of(".folded"), most_of(".fcompound")], "minimum_should_match": 1}}


def _recall_clauses(parsed: ParsedQuery) -> list[dict]:
    clauses = [_words_gate(" ".join(parsed.words))] if parsed.words else []
    clauses += [_phrase(phrase, ".folded") for phrase in parsed.phrases]
    clauses += [
        {"bool": {"should": [_phrase(term.text, ".folded") for term in group], "minimum_should_match": 1}}
        for group in parsed.any_of
    ]
    return clauses


def _ranking_clauses(parsed: ParsedQuery) -> list[dict]:
    """Boosts for the fields that hold most of the query. The tone-less and compound fields do not
    expand abbreviations: rewarding them for part of the query would rank `kiến nghị` about anything
    above `Kiểm toán Nhà nước ... kiến nghị` for the query `KTNN kiến nghị`."""
    text = parsed.positive_text()
    accented = has_diacritics(text)
    clauses = [
        {
            "multi_match": {
                "query": text,
                "type": "most_fields",
                "fields": _fields(suffix),
                "minimum_should_match": MINIMUM_MATCH,
                "boost": accented_boost if accented else plain_boost,
            }
        }
        for suffix, accented_boost, plain_boost in RANKING_BOOSTS
    ]
    clauses.append({"match_phrase": {"title.folded": {"query": text, "slop": 1, "boost": TITLE_PHRASE_BOOST}}})
    return clauses


def _local_iso(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).isoformat(timespec="milliseconds")


def _any_phrase(field: str, values: Iterable[str]) -> dict:
    return {"bool": {"should": [{"match_phrase": {field: value}} for value in values], "minimum_should_match": 1}}


def _filters(dates: DateRange, sites: Sequence[str], categories: Sequence[str], authors: Sequence[str]) -> list:
    """Sites are host names, matched exactly (case-insensitively); categories and authors are matched
    as phrases in their folded sub-field, so `--category "kinh te"` finds `Kinh tế`."""
    filters: list[dict] = []
    if dates.start or dates.end:
        bounds = {"gte": _local_iso(dates.start)} if dates.start else {}
        if dates.end:
            bounds["lt"] = _local_iso(dates.end)
        filters.append({"range": {"published_at": bounds}})
    if sites:
        filters.append({"terms": {"site": [site.strip().lower() for site in sites]}})
    if categories:
        filters.append(_any_phrase("category.folded", map(normalize_text, categories)))
    if authors:
        filters.append(_any_phrase("author.folded", map(normalize_text, authors)))
    return filters


def reference_keys(text: str) -> list[str]:
    """The matching keys of the documents named in `text`, e.g. `123/2020/nd-cp` -> `123/2020/ND-CP`."""
    return list(dict.fromkeys(ref.key for ref in find_references(text)))


def reference_boost(text: str) -> list[dict]:
    """A boost for articles citing a document the query names (none when it names none)."""
    keys = reference_keys(text)
    return [{"terms": {"doc_keys": keys, "boost": REFERENCE_BOOST}}] if keys else []


def doc_filter(docs: Sequence[str]) -> list[dict]:
    """Articles citing any of `docs`, references in any spelling. Raises BadInput for a value that is
    not a document reference."""
    keys = []
    for doc in docs:
        # the naming word admits a reference without type code or year, e.g. 1234/UBND-KT
        found = reference_keys(f"Văn bản {doc}")
        if len(found) != 1:
            raise BadInput(f"--doc {doc!r} is not one document reference like 123/2020/NĐ-CP or 57-NQ/TW")
        keys += found
    return [{"terms": {"doc_keys": keys}}] if keys else []


def province_filter(provinces: Sequence[str], merged: bool) -> list[dict]:
    """Articles about any of `provinces` (old or new names, diacritics optional). With `merged`, an
    article about any part of the post-2025 province the name belongs to. Raises BadInput for an
    unknown name."""
    if not provinces:
        return []
    resolved = []
    for name in provinces:
        if (province := resolve_province(name)) is None:
            raise BadInput(f"--province {name!r} is not a province or city of Vietnam (old or new name)")
        resolved.append(province)
    if merged:
        return [{"terms": {"province_new": list(dict.fromkeys(p.new for p in resolved))}}]
    return [{"terms": {"provinces": list(dict.fromkeys(p.name for p in resolved))}}]


def leaders_only() -> list[dict]:
    """The filter that keeps one article per syndicated story: the earliest copy, which the index marks
    (`group_leader`; Elasticsearch refuses `collapse` beside `rescore`). Articles indexed without the
    field (an older schema) count as leaders."""
    return [{"bool": {"must_not": [{"term": {"group_leader": False}}]}}]


def build_query(
    text: str | None,
    *,
    dates: DateRange = ALL_TIME,
    sites: Sequence[str] = (),
    categories: Sequence[str] = (),
    authors: Sequence[str] = (),
    docs: Sequence[str] = (),
    provinces: Sequence[str] = (),
    merged: bool = False,
    one_per_group: bool = False,
) -> dict:
    """The `query` part: the user's query (None: every article) restricted by the filters.

    Raises BadQuery (exit 4) when the text does not follow the syntax of search_cli.syntax, BadInput
    (exit 9) for a --doc or --province value that names no document or province. one_per_group: only
    the earliest copy of each syndicated story (search_cli.copies)."""
    bool_query: dict = {
        "filter": [*_filters(dates, sites, categories, authors), *doc_filter(docs),
                   *province_filter(provinces, merged), *(leaders_only() if one_per_group else [])]
    }
    if text is None:
        bool_query["must"] = [{"match_all": {}}]
    else:
        parsed = parse_query(spell_references_plainly(normalize_text(text)))
        bool_query["must"] = _recall_clauses(parsed)
        bool_query["should"] = [*_ranking_clauses(parsed), *reference_boost(text)]
        if parsed.excluded:
            bool_query["must_not"] = [_term_clause(term) for term in parsed.excluded]
    return {"bool": bool_query}


def _histogram_bounds(dates: DateRange) -> dict:
    """Empty buckets are filled across the whole filtered range; without a range Elasticsearch fills
    them between the first and the last article found."""
    bounds = {}
    if dates.start:
        bounds["min"] = f"{dates.start.astimezone(VIETNAM):%Y-%m-%d}"
    if dates.end:
        bounds["max"] = f"{last_instant(dates.end).astimezone(VIETNAM):%Y-%m-%d}"
    elif dates.start:
        bounds["max"] = f"{datetime.now(VIETNAM):%Y-%m-%d}"
    return bounds


def build_aggregations(facets: Iterable[str], dates: DateRange = ALL_TIME) -> dict:
    """One aggregation per facet, named after it: day|week|month|year histograms in Vietnam's time
    zone (bucket keys `yyyy-MM-dd`, local), and the top sites, categories, cited documents (`doc`),
    document types (`doctype`) and provinces."""
    aggregations = {}
    for facet in facets:
        if facet in DATE_FACETS:
            histogram = {
                "field": "published_at",
                "calendar_interval": facet,
                "time_zone": TIME_ZONE,
                "format": "yyyy-MM-dd",
                "min_doc_count": 0,
            }
            if bounds := _histogram_bounds(dates):
                histogram["extended_bounds"] = bounds
            aggregations[facet] = {"date_histogram": histogram}
        else:
            field = ANALYST_FACETS.get(facet, facet)
            aggregations[facet] = {"terms": {"field": field, "size": TERM_FACET_SIZE}}
    return aggregations


def _highlight() -> dict:
    """Snippets from the body (else the lead), marked in both the exact and the folded fields: the
    folded ones mark unaccented matches, the exact ones only the accented spelling."""
    fragment = {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1}
    whole = {"number_of_fragments": 0}
    return {
        "pre_tags": [MARK_START],
        "post_tags": [MARK_END],
        "fields": {
            "body": fragment,
            "body.folded": fragment,
            "lead": fragment,
            "lead.folded": {**fragment, "no_match_size": SNIPPET_CHARS},
            "title": whole,
            "title.folded": whole,
        },
    }


def build_search(
    text: str | None,
    *,
    dates: DateRange = ALL_TIME,
    sites: Sequence[str] = (),
    categories: Sequence[str] = (),
    authors: Sequence[str] = (),
    docs: Sequence[str] = (),
    provinces: Sequence[str] = (),
    merged: bool = False,
    one_per_group: bool = False,
    facets: Sequence[str] = (),
    sort: str = "relevance",
    size: int = 10,
    page: int = 1,
) -> dict:
    """The whole search body: query, sort, page, highlighted snippets and facets.

    text: the user's query in the syntax of search_cli.syntax (None: every article);
    dates: published_at range, see search_cli.dates.date_range; docs: document references cited;
    provinces: old or new province names (merged: any part of the post-2025 province);
    one_per_group: one hit per syndicated story (then fill `also_in` with search_cli.copies.with_copies);
    facets: names from FACETS, `date` already replaced by its interval (search_cli.datefacet);
    sort: a key of SORTS; size, page: one-based page of `size` hits (size 0: facets only)."""
    body = {
        "query": build_query(text, dates=dates, sites=sites, categories=categories, authors=authors, docs=docs,
                             provinces=provinces, merged=merged, one_per_group=one_per_group),
        "sort": SORTS[sort],
        "from": (page - 1) * size,
        "size": size,
        "track_total_hits": True,
        "_source": SUMMARY_SOURCE,
    }
    if size and text is not None:
        body["highlight"] = _highlight()
    if facets:
        body["aggs"] = build_aggregations(facets, dates)
    return body
