"""Search request bodies for the article index, importable by any service (`from search_cli import
build_search`). Pure functions: no client, no I/O; the result is a plain JSON-able dict for
`Elasticsearch.search(index=<read alias>, body=...)`.

Ranking follows the index contract (docs/index-contract.md): a recall gate on the folded words of the
title, lead and body together (all_text), so `thi dua ai quoc`, `thi đua ái quốc` and its NFD spelling
find the same articles, then boosts on the
exact, tone-less and compound fields, with the exact field weighted up when the query carries
diacritics so that accented queries rank accented matches first, and for the query's word order.
build_search applies it in two phases: the gate decides and scores the matches, then a rescore adds the
boosts to the best few hundred only (the boosts and phrases cost most; the gate is cheap).

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
from search_cli.options import ANALYST_FACETS, DATE_FACETS
from search_cli.syntax import ParsedQuery, Term, parse_query

TIME_ZONE = VIETNAM.key  # Elasticsearch's time_zone for date histograms
SORTS = {
    "relevance": ["_score", {"published_at": {"order": "desc", "missing": "_last"}}],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}, "_score"],
    "oldest": [{"published_at": {"order": "asc", "missing": "_last"}}, "_score"],
}
TERM_FACET_SIZE = 20

# Private-use characters around highlighted words: they survive JSON and never occur in articles.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_CHARS = 200
SUMMARY_SOURCE = ["title", "lead", "url", "canonical_url", "site", "category", "author", "published_at",
                  "syndication_group"]

# Field weights: the title counts most, then the lead, then the body.
WEIGHTS = (("title", 3), ("lead", 2), ("body", 1))
# Where the query's word order counts as a phrase; in the body it counts as pairs of words (BODY_PAIRS).
PHRASE_WEIGHTS = tuple((name, weight) for name, weight in WEIGHTS if name != "body")
# The three together, folded (index.schema.ALL_TEXT): where the recall gate matches.
ALL_TEXT = "all_text"

# (sub-field suffix, boost when the query has diacritics, boost otherwise).
# The exact and tone-less fields reward the spelling typed, as a phrase in the order typed (one other
# syllable may come between): as bags of words they ranked `sinh học` (biology) said in a title, a lead and
# a body above `học sinh` (pupils) said once, for the query `học sinh`.
SPELLING_BOOSTS = (
    ("", 2.0, 0.3),
    (".notone", 1.0, 0.2),
)
# The compound fields hold pairs of neighbouring syllables: most of the query's pairs (MINIMUM_MATCH).
COMPOUND_BOOSTS = (
    (".compound", 1.5, 0.5),
    (".fcompound", 1.0, 1.0),
)
TITLE_PHRASE_BOOST = 2.0
# The query's syllables in the order typed (one other syllable may come between; a slop of 2 would let
# `sinh học` match `học sinh`): `y tế cơ sở` ranks grassroots health care above `cơ sở y tế`, a health
# facility, which has the same syllables. In the folded fields too, so that an unaccented query, whose
# exact-field boosts are small, weighs order as an accented one does.
WORD_ORDER_SLOP = 1
WORD_ORDER_BOOST = 1.5
# The compound sub-field whose pairs of syllables stand for the body's word order, per spelling field.
BODY_PAIRS = {"": ".compound", ".notone": ".fcompound", ".folded": ".fcompound"}
# How many of the best recall matches the second phase re-ranks.
RESCORE_WINDOW = 300
# An article citing the very document a query names comes first: well above any text score (in the
# first phase, so that such an article is never left outside the rescore window).
REFERENCE_BOOST = 50.0
# Up to three clauses: all of them; more: three quarters (rounded down). Used by the recall gate and,
# per field, by the ranking boosts.
MINIMUM_MATCH = "3<75%"


def _fields(suffix: str, weights: tuple[tuple[str, int], ...] = WEIGHTS) -> list[str]:
    return [f"{name}{suffix}^{weight}" if weight > 1 else f"{name}{suffix}" for name, weight in weights]


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
    thành phố`: three of its four pairs; `kiểm toán nhà nước` does not find `Nhà nước ... kiểm toán`).
    Counted in all_text, which holds the title, lead and body: a title word and body words together
    satisfy the minimum."""

    def most_of(field: str) -> dict:
        return {"match": {field: {"query": words, "minimum_should_match": MINIMUM_MATCH}}}

    return {"bool": {"should": [most_of(ALL_TEXT), most_of(f"{ALL_TEXT}.fcompound")], "minimum_should_match": 1}}


def _anywhere(phrase: str) -> dict:
    """The words of `phrase` next to each other in the title, the lead or the body."""
    return {"match_phrase": {ALL_TEXT: phrase}}


def _recall_clauses(parsed: ParsedQuery) -> list[dict]:
    clauses = [_words_gate(" ".join(parsed.words))] if parsed.words else []
    clauses += [_anywhere(phrase) for phrase in parsed.phrases]
    clauses += [
        {"bool": {"should": [_anywhere(term.text) for term in group], "minimum_should_match": 1}}
        for group in parsed.any_of
    ]
    return clauses


def _ranking_clauses(parsed: ParsedQuery) -> list[dict]:
    """Boosts for the fields that hold the query as typed. The tone-less and compound fields do not
    expand abbreviations: rewarding them for part of the query would rank `kiến nghị` about anything
    above `Kiểm toán Nhà nước ... kiến nghị` for the query `KTNN kiến nghị`."""
    text = parsed.positive_text()
    accented = has_diacritics(text)
    clauses = [
        _in_order(text, suffix, accented_boost if accented else plain_boost)
        for suffix, accented_boost, plain_boost in SPELLING_BOOSTS
    ]
    clauses += [
        _most_words(text, suffix, accented_boost if accented else plain_boost)
        for suffix, accented_boost, plain_boost in COMPOUND_BOOSTS
    ]
    clauses.append({"match_phrase": {"title.folded": {"query": text, "slop": 1, "boost": TITLE_PHRASE_BOOST}}})
    clauses.append(_in_order(text, ".folded", WORD_ORDER_BOOST))
    return clauses


def _in_order(text: str, suffix: str, boost: float) -> dict:
    """The query's words in the order typed: a phrase (at most WORD_ORDER_SLOP other syllables between)
    in the title and lead; in the body, every pair of neighbouring words typed, as terms of its compound
    field. A phrase in the body cost the rescore a walk through every article holding all the words: to
    score its few hundred articles, Lucene advances the phrase to each of them, and from one without it
    checks positions document after document up to the next one with it (`UBND thành phố Hà Nội`: 12x
    slower at 1,000,000 articles than at 100,000). Terms need no positions, and skip."""
    phrase = {"multi_match": {"query": text, "type": "phrase", "slop": WORD_ORDER_SLOP,
                              "fields": _fields(suffix, PHRASE_WEIGHTS)}}
    pairs = {"match": {f"body{BODY_PAIRS[suffix]}": {"query": text, "operator": "and"}}}
    return {"bool": {"should": [phrase, pairs], "boost": boost}}


def _most_words(text: str, suffix: str, boost: float) -> dict:
    return {
        "multi_match": {
            "query": text,
            "type": "most_fields",
            "fields": _fields(suffix),
            "minimum_should_match": MINIMUM_MATCH,
            "boost": boost,
        }
    }


def _local_iso(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).isoformat(timespec="milliseconds")


def _any_phrase(field: str, values: Iterable[str]) -> dict:
    return {"bool": {"should": [{"match_phrase": {field: value}} for value in values], "minimum_should_match": 1}}


def _filters(
    dates: DateRange,
    sites: Sequence[str],
    categories: Sequence[str],
    authors: Sequence[str],
    docs: Sequence[str],
    provinces: Sequence[str],
    merged: bool,
    one_per_group: bool,
) -> list:
    """Sites are host names, matched exactly (case-insensitively); categories and authors are matched
    as phrases in their folded sub-field, so `--category "kinh te"` finds `Kinh tế`; documents, provinces
    and syndicated copies as described at doc_filter, province_filter and leaders_only."""
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
    filters += doc_filter(docs) + province_filter(provinces, merged)
    return filters + leaders_only() if one_per_group else filters


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


def _parsed(text: str) -> ParsedQuery:
    """Raises BadQuery (exit 4) when the text does not follow the syntax of search_cli.syntax. A document
    reference in it is one word (`123/2020/NĐ - CP` is not an exclusion)."""
    return parse_query(spell_references_plainly(normalize_text(text)))


def _recall_query(text: str | None, parsed: ParsedQuery | None, filters: list[dict]) -> dict:
    """Which articles match (None: every article), each scored by the recall gate and the boost for
    the documents the query names."""
    bool_query: dict = {"filter": filters}
    if text is None or parsed is None:
        bool_query["must"] = [{"match_all": {}}]
        return {"bool": bool_query}
    bool_query["must"] = _recall_clauses(parsed)
    if boost := reference_boost(text):
        bool_query["should"] = boost
    if parsed.excluded:
        bool_query["must_not"] = [_term_clause(term) for term in parsed.excluded]
    return {"bool": bool_query}


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
    """The `query` part, in one phase: the user's query (None: every article) restricted by the filters,
    every match scored with every ranking boost. For streaming all matches (export) and for services
    that sort or page themselves; build_search ranks the same way in two cheaper phases.

    Raises BadQuery (exit 4) when the text does not follow the syntax of search_cli.syntax, BadInput
    (exit 9) for a --doc or --province value that names no document or province. one_per_group: only
    the earliest copy of each syndicated story (search_cli.copies)."""
    parsed = None if text is None else _parsed(text)
    filters = _filters(dates, sites, categories, authors, docs, provinces, merged, one_per_group)
    query = _recall_query(text, parsed, filters)
    if parsed is not None:
        query["bool"]["should"] = [*query["bool"].get("should", []), *_ranking_clauses(parsed)]
    return query


def _rescore(parsed: ParsedQuery, shown: int) -> dict:
    """The second phase: the ranking boosts added to the recall score of the best RESCORE_WINDOW
    matches (or of every match up to the last one shown, on deep pages), so that they rank exactly as
    build_query's one phase would rank them."""
    return {
        "window_size": max(RESCORE_WINDOW, shown),
        "query": {
            "rescore_query": {"bool": {"should": _ranking_clauses(parsed)}},
            "query_weight": 1.0,
            "rescore_query_weight": 1.0,
            "score_mode": "total",
        },
    }


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


def _highlight(parsed: ParsedQuery) -> dict:
    """Snippets from the body (else the lead), marked in the folded fields, which mark every spelling,
    and for an accented query also in the exact fields, which mark only the spelling typed (what
    search_cli.results shows first). Each field is marked by a plain match of the query's words on that
    field alone: one query over all the fields (or the recall and ranking clauses) cost several times
    the rest of the search, per article shown."""
    text = parsed.positive_text()
    fragment = {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1}
    whole = {"number_of_fragments": 0}
    fields = {
        "body.folded": fragment,
        "lead.folded": {**fragment, "no_match_size": SNIPPET_CHARS},
        "title.folded": whole,
    }
    if has_diacritics(text):
        fields |= {"body": fragment, "lead": fragment, "title": whole}
    return {
        "pre_tags": [MARK_START],
        "post_tags": [MARK_END],
        "fields": {name: {**options, "highlight_query": {"match": {name: text}}} for name, options in fields.items()},
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
    facets: names from search_cli.options.FACETS, `date` replaced by its interval (search_cli.datefacet);
    sort: a key of SORTS; size, page: one-based page of `size` hits (size 0: facets only)."""
    parsed = None if text is None else _parsed(text)
    body = {
        "query": _recall_query(
            text, parsed, _filters(dates, sites, categories, authors, docs, provinces, merged, one_per_group)
        ),
        "sort": SORTS[sort],
        "from": (page - 1) * size,
        "size": size,
        "track_total_hits": True,
        "_source": SUMMARY_SOURCE,
    }
    if parsed is not None and size:
        body["highlight"] = _highlight(parsed)
        if sort == "relevance":
            # Elasticsearch rescores only results sorted by score alone: equal scores then keep index
            # order rather than newest first
            body["sort"] = ["_score"]
            body["rescore"] = _rescore(parsed, page * size)
    if facets:
        body["aggs"] = build_aggregations(facets, dates)
    return body
