"""Relevance regression suite: the ranking of `build_search`, measured against judged queries on a real server.

A small archive of Vietnamese official news (relevance_corpus.json: 57 articles, some written with old-style
tones `hoà`/`thuỷ`, one decomposed (NFD), one typed without diacritics, and pairs whose words share their
syllables in another order: `y tế cơ sở` / `cơ sở y tế`, `học sinh` / `sinh học`, `nước nhà` / `nhà nước`) is
indexed once per module through the real schema. The judged queries (relevance_judgements.json: 84 queries
graded 0-3: 37 accented, 36 unaccented, 4 tone-style variants, 4 with hats but no tones, 3 in NFD; 5 known-item
titles, 18 abbreviation queries, 8 word-order queries with their variants) are searched exactly as `vnnews
search` does (read alias, top 10). The 45 queries added with the word-order work were judged from the corpus
text before any run.

Two kinds of assertions:
- floors on mean nDCG@10, Recall@10 and known-item MRR, at what the ranking achieved when the suite last
  grew, so that a ranking change that loses quality fails;
- exact properties: tone-style variants return identical top 10s, an unaccented query keeps at least 0.9 of
  its accented twin's Recall@10, no judged query returns nothing, an accented query ranks its exact spelling
  above folded look-alikes, the query's word order wins over the same syllables in another order (in every
  spelling), build_search does at least as well as a plain folded `multi_match` (nDCG@10) and loses at most
  0.02 P@10 on accented queries against an exact-fields-only ranking.

Measured (Elasticsearch 9.5.4 with the vnnews plugin; `pytest -s` prints the current table). 39 queries:
when written, then after short queries had to match all their clauses. 84 queries: the one-phase ranking
before the word-order work (which fails the word-order property on `học sinh` and `nước nhà`), then the
two-phase ranking (recall gate in the combined `all_text` field, then the boosts, with the exact and tone-less
ones as phrases in the typed order) whose figures are the floors in FLOORS:

                         39 queries                       84 queries
                         written         all clauses      one phase       two phases, word order
    queries              nDCG   Recall   nDCG   Recall    nDCG   Recall   nDCG   Recall
    all                  0.961  0.949    0.974  0.955     0.976  0.947    0.981  0.958
    accented             0.961  0.972    0.980  0.956     0.972  0.928    0.978  0.947
    unaccented           0.962  0.908    0.969  0.942     0.982  0.963    0.985  0.969
    tone-style (4)       0.966  1.000    0.966  1.000     0.966  1.000    0.967  1.000
    partial (4)          0.956  0.875    0.965  0.938     0.959  0.875    0.963  0.875
    nfd (3)                                               0.985  1.000    1.000  1.000
    known-item MRR (5) 1.000 throughout.

The baseline is a plain `multi_match` (best_fields, no boosts) on title.folded^3, lead.folded^2, body.folded.
"""

from __future__ import annotations

import json
import math
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

import pytest
from elasticsearch import Elasticsearch, helpers

from index import lifecycle
from index.config import IndexNames
from index.writer import document_id
from search_cli import build_search

HERE = Path(__file__).parent
CORPUS: list[dict] = json.loads((HERE / "relevance_corpus.json").read_text(encoding="utf-8"))
JUDGEMENTS: list[dict] = json.loads((HERE / "relevance_judgements.json").read_text(encoding="utf-8"))["queries"]

DEPTH = 10  # the CLI's default page: what a user sees first
# Means over the judged set (or one kind of query) that the ranking must keep: what the two-phase ranking
# with word order achieved when the suite grew to 84 queries (see the module docstring), rounded down.
FLOORS = {
    "ndcg": {"all": 0.98, "accented": 0.977, "unaccented": 0.985, "tone-style": 0.967, "partial-diacritics": 0.963,
             "nfd": 1.0},
    "recall": {"all": 0.957, "accented": 0.947, "unaccented": 0.968, "tone-style": 1.0, "partial-diacritics": 0.875,
               "nfd": 1.0},
    # every known item first
    "known_item_mrr": 1.0,
}
UNACCENTED_RECALL_RATIO = 0.9
ACCENTED_PRECISION_DROP = 0.02
# The comparison rankings: every word in any folded field (no boosts), or only in the exact fields.
FOLDED_FIELDS = ["title.folded^3", "lead.folded^2", "body.folded"]
EXACT_FIELDS = ["title^3", "lead^2", "body"]


@dataclass(frozen=True)
class Judged:
    id: str
    text: str
    kind: str
    relevant: dict[str, int]
    variant_of: str | None = None
    known_item: bool = False
    abbreviation: bool = False
    lookalikes: tuple[str, ...] = ()
    reversed: tuple[str, ...] = ()


def _judged_queries() -> dict[str, Judged]:
    """The judged queries by id; a variant takes the judgements (and the reversed-order articles) of the
    query it rephrases."""
    raw = {entry["id"]: entry for entry in JUDGEMENTS}
    return {
        entry["id"]: Judged(
            id=entry["id"],
            text=entry["text"],
            kind=entry["kind"],
            relevant=entry.get("relevant") or raw[entry["variant_of"]]["relevant"],
            variant_of=entry.get("variant_of"),
            known_item=entry.get("known_item", False),
            abbreviation=entry.get("abbreviation", False),
            lookalikes=tuple(entry.get("lookalikes", ())),
            reversed=tuple(entry.get("reversed") or raw.get(entry.get("variant_of"), {}).get("reversed", ())),
        )
        for entry in JUDGEMENTS
    }


QUERIES = _judged_queries()


def _url(article: dict) -> str:
    return f"https://{article['site']}/tin-tuc/{article['slug']}.html"


def _document(article: dict) -> dict:
    """An article as the crawler would write it (the strict mapping refuses unknown fields such as slug)."""
    fields = {key: value for key, value in article.items() if key != "slug"}
    return {**fields, "url": _url(article), "canonical_url": _url(article), "language": "vi", "parser": "test.v1"}


SLUG_BY_ID = {document_id(_url(article)): article["slug"] for article in CORPUS}


# --- metrics -----------------------------------------------------------------------------------------------


def ndcg(ranking: list[str], relevant: dict[str, int]) -> float:
    """Normalised discounted cumulative gain at DEPTH, with gains 2^grade - 1."""

    def dcg(grades: Iterable[int]) -> float:
        return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))

    ideal = dcg(sorted(relevant.values(), reverse=True)[:DEPTH])
    return dcg(relevant.get(slug, 0) for slug in ranking[:DEPTH]) / ideal


def recall(ranking: list[str], relevant: dict[str, int]) -> float:
    return len(set(ranking[:DEPTH]) & set(relevant)) / len(relevant)


def precision(ranking: list[str], relevant: dict[str, int]) -> float:
    return len(set(ranking[:DEPTH]) & set(relevant)) / DEPTH


def reciprocal_rank(ranking: list[str], target: str) -> float:
    return 1 / (ranking.index(target) + 1) if target in ranking[:DEPTH] else 0.0


@dataclass
class Ranked:
    """One judged query, ranked by build_search and by the two comparison rankings."""

    query: Judged
    system: list[str]
    folded_baseline: list[str]
    exact_only: list[str]
    metrics: dict[str, float] = field(init=False)

    def __post_init__(self) -> None:
        relevant = self.query.relevant
        self.metrics = {
            "ndcg": ndcg(self.system, relevant),
            "recall": recall(self.system, relevant),
            "precision": precision(self.system, relevant),
            "baseline_ndcg": ndcg(self.folded_baseline, relevant),
            "exact_precision": precision(self.exact_only, relevant),
        }


def report(runs: Iterable[Ranked], note: Callable[[Ranked], str] = lambda run: "") -> str:
    """A per-query table for assertion messages: build_search's nDCG@10, Recall@10, P@10, then the folded
    baseline's nDCG@10 and the exact-fields-only P@10."""
    lines = [f"{'id':4} {'kind':18} {'nDCG':>5} {'R@10':>5} {'P@10':>5} {'base':>5} {'exP':>5}  query | top 3 | note"]
    for run in runs:
        m = run.metrics
        lines.append(
            f"{run.query.id:4} {run.query.kind:18} {m['ndcg']:5.2f} {m['recall']:5.2f} {m['precision']:5.2f} "
            f"{m['baseline_ndcg']:5.2f} {m['exact_precision']:5.2f}  {run.query.text} | "
            f"{', '.join(run.system[:3])} | {note(run)}"
        )
    return "\n".join(lines)


def mean_of(runs: Iterable[Ranked], metric: str) -> float:
    return mean(run.metrics[metric] for run in runs)


def summary(runs: dict[str, Ranked]) -> str:
    """Mean metrics per kind of query, in the layout of the module docstring (shown by `pytest -s`)."""
    lines = [f"{'queries':24} {'nDCG@10':>7} {'Recall@10':>9} {'baseline nDCG@10':>16}"]
    for kind, group in by_kind(runs).items():
        label = f"{kind} ({len(group)})"
        lines.append(
            f"{label:24} {mean_of(group, 'ndcg'):7.3f} {mean_of(group, 'recall'):9.3f} "
            f"{mean_of(group, 'baseline_ndcg'):16.3f}"
        )
    return "\n".join(lines)


def by_kind(runs: dict[str, Ranked]) -> dict[str, list[Ranked]]:
    groups: dict[str, list[Ranked]] = {"all": list(runs.values())}
    for run in runs.values():
        groups.setdefault(run.query.kind, []).append(run)
    return groups


# --- fixtures ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def relevance_index(es: Elasticsearch) -> Iterator[IndexNames]:
    """The corpus, indexed through the write alias of a freshly created article index."""
    names = IndexNames(f"test-relevance-{uuid.uuid4().hex[:10]}")
    lifecycle.create(es, names)
    actions = [
        {"_index": names.write_alias, "_id": document_id(_url(article)), "_source": _document(article)}
        for article in CORPUS
    ]
    helpers.bulk(es, actions, refresh=True)
    yield names
    # by name: the server refuses wildcard deletes (action.destructive_requires_name)
    es.indices.delete(index=list(lifecycle.physical_indices(es, names)))


@pytest.fixture(scope="module")
def runs(es: Elasticsearch, relevance_index: IndexNames) -> dict[str, Ranked]:
    alias = relevance_index.read_alias

    def ranked(body: dict) -> list[str]:
        return [SLUG_BY_ID[hit["_id"]] for hit in es.search(index=alias, body=body)["hits"]["hits"]]

    def plain(text: str, fields: list[str]) -> dict:
        return {"query": {"multi_match": {"query": text, "fields": fields}}, "size": DEPTH, "_source": False}

    ranked_runs = {
        query.id: Ranked(
            query,
            # as `vnnews search TEXT` builds it: default filters, relevance sort, first page of 10
            system=ranked(build_search(query.text, size=DEPTH)),
            folded_baseline=ranked(plain(query.text, FOLDED_FIELDS)),
            exact_only=ranked(plain(query.text, EXACT_FIELDS)),
        )
        for query in QUERIES.values()
    }
    print(f"\nrelevance of build_search on the judged queries:\n{summary(ranked_runs)}")
    return ranked_runs


# --- the corpus tests what it claims -----------------------------------------------------------------------


def test_corpus_keeps_the_spellings_it_exercises() -> None:
    texts = {article["slug"]: " ".join([article["title"], article["lead"], *article["body"]]) for article in CORPUS}
    decomposed = [slug for slug, text in texts.items() if not unicodedata.is_normalized("NFC", text)]
    assert decomposed == ["ha-noi-pccc-chung-cu-mini"], "an editor re-normalised the NFD article"
    assert any("hoà" in text.lower() for text in texts.values()), "no old-style hoà left"
    assert any("thuỷ" in text.lower() for text in texts.values()), "no old-style thuỷ left"
    assert any("hòa" in text.lower() for text in texts.values())
    assert any("thủy" in text.lower() for text in texts.values())


def test_judgements_name_corpus_articles() -> None:
    slugs = {article["slug"] for article in CORPUS}
    named = {slug for query in QUERIES.values() for slug in [*query.relevant, *query.lookalikes, *query.reversed]}
    assert named <= slugs, f"judged slugs missing from the corpus: {sorted(named - slugs)}"
    # a variant is compared with the query it rephrases: that one must be the accented original
    assert all(QUERIES[query.variant_of].kind == "accented" for query in QUERIES.values() if query.variant_of)


# --- floors ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("metric", ["ndcg", "recall"])
def test_mean_metric_stays_above_its_floor(runs: dict[str, Ranked], metric: str) -> None:
    groups = by_kind(runs)
    means = {kind: mean_of(groups[kind], metric) for kind in FLOORS[metric]}
    below = {
        kind: f"{value:.3f} < {FLOORS[metric][kind]}" for kind, value in means.items() if value < FLOORS[metric][kind]
    }
    assert not below, f"mean {metric}@{DEPTH} fell below its floor: {below}\n{report(runs.values())}"


def test_known_item_titles_come_first(runs: dict[str, Ranked]) -> None:
    known = [run for run in runs.values() if run.query.known_item]

    def target(run: Ranked) -> str:
        return next(iter(run.query.relevant))

    mrr = mean(reciprocal_rank(run.system, target(run)) for run in known)
    assert mrr >= FLOORS["known_item_mrr"], f"known-item MRR {mrr:.3f} < {FLOORS['known_item_mrr']}\n" + report(
        known, lambda run: f"rr={reciprocal_rank(run.system, target(run)):.2f}"
    )


# --- exact properties --------------------------------------------------------------------------------------


def test_ranking_is_no_worse_than_plain_folded_match(runs: dict[str, Ranked]) -> None:
    ours, baseline = mean_of(runs.values(), "ndcg"), mean_of(runs.values(), "baseline_ndcg")
    assert ours >= baseline, f"build_search nDCG@10 {ours:.3f} < plain folded multi_match {baseline:.3f}\n" + report(
        run for run in runs.values() if run.metrics["ndcg"] < run.metrics["baseline_ndcg"]
    )


def test_accented_precision_close_to_exact_fields_only(runs: dict[str, Ranked]) -> None:
    accented = by_kind(runs)["accented"]
    ours, exact = mean_of(accented, "precision"), mean_of(accented, "exact_precision")
    assert ours >= exact - ACCENTED_PRECISION_DROP, (
        f"accented P@10 {ours:.3f} dropped more than {ACCENTED_PRECISION_DROP} below exact-only {exact:.3f}\n"
        + report(run for run in accented if run.metrics["precision"] < run.metrics["exact_precision"])
    )


def test_tone_style_variants_return_identical_top_10(runs: dict[str, Ranked]) -> None:
    pairs = [(run, runs[run.query.variant_of]) for run in runs.values() if run.query.kind == "tone-style"]
    differing = [(variant, twin) for variant, twin in pairs if variant.system != twin.system]
    assert pairs
    assert not differing, "\n".join(
        f"{variant.query.text!r}: {variant.system}\n{twin.query.text!r}: {twin.system}" for variant, twin in differing
    )


def test_unaccented_queries_keep_the_recall_of_their_accented_twin(runs: dict[str, Ranked]) -> None:
    pairs = [
        (run, runs[run.query.variant_of])
        for run in runs.values()
        if run.query.kind == "unaccented" and run.query.variant_of
    ]
    short = [
        (plain, twin)
        for plain, twin in pairs
        if plain.metrics["recall"] < UNACCENTED_RECALL_RATIO * twin.metrics["recall"]
    ]
    assert pairs
    assert not short, "unaccented Recall@10 below 0.9 x accented:\n" + report([run for pair in short for run in pair])


def test_no_judged_query_returns_nothing(runs: dict[str, Ranked]) -> None:
    empty = [run for run in runs.values() if not run.system]
    assert not empty, "zero-result queries:\n" + report(empty)


def position(ranking: list[str], slug: str) -> float:
    return ranking.index(slug) if slug in ranking else math.inf


def test_exact_spelling_ranks_above_folded_lookalikes(runs: dict[str, Ranked]) -> None:
    """An article with the accented words the user typed comes before one that matches only once
    diacritics are folded away (`hóa chất` before `Hòa Bình ... chất lượng`)."""

    def misranked(run: Ranked) -> list[str]:
        exact = [slug for slug, grade in run.query.relevant.items() if grade == 3]
        return [
            f"{slug} not above {lookalike}"
            for slug in exact
            for lookalike in run.query.lookalikes
            if position(run.system, slug) >= position(run.system, lookalike)
        ]

    checked = [run for run in runs.values() if run.query.lookalikes]
    failing = [run for run in checked if misranked(run)]
    assert checked
    assert not failing, report(failing, lambda run: "; ".join(misranked(run)))


def test_word_order_of_the_query_wins_in_every_spelling(runs: dict[str, Ranked]) -> None:
    """`y tế cơ sở` (grassroots health care) ranks its article above `cơ sở y tế` (a health facility),
    which has the same syllables, and so do `y te co so` and the NFD spelling; likewise `học sinh` /
    `sinh học` and `nước nhà` / `nhà nước`, even for an article that says `học sinh` once against one
    about biology that says `sinh học` in its title, lead and body."""

    def misranked(run: Ranked) -> list[str]:
        relevant = [slug for slug, grade in run.query.relevant.items() if grade >= 2]
        return [
            f"{slug} not above {other}"
            for slug in relevant
            for other in run.query.reversed
            if position(run.system, slug) >= position(run.system, other)
        ]

    checked = [run for run in runs.values() if run.query.reversed]
    failing = [run for run in checked if misranked(run)]
    assert {run.query.kind for run in checked} >= {"accented", "unaccented", "nfd"}
    assert not failing, report(failing, lambda run: "; ".join(misranked(run)))


def test_abbreviation_queries_rank_judged_articles_above_unrelated_ones(runs: dict[str, Ranked]) -> None:
    """For a query naming an official body by its abbreviation, an article that is not about the query
    never comes before one that substantially is (grade 2 or 3)."""

    def intruders(run: Ranked) -> list[str]:
        last_relevant = max(
            (run.system.index(slug) for slug, grade in run.query.relevant.items() if grade >= 2 and slug in run.system),
            default=-1,
        )
        return [slug for slug in run.system[:last_relevant] if slug not in run.query.relevant]

    checked = [run for run in runs.values() if run.query.abbreviation]
    failing = [run for run in checked if intruders(run)]
    assert not failing, report(failing, lambda run: "unjudged above relevant: " + ", ".join(intruders(run)))


def test_a_name_typed_in_full_need_not_appear_whole(runs: dict[str, Ranked]) -> None:
    """`hoi dong nhan dan tinh`: the expanded name is one clause of two, so the Đà Nẵng council (`Hội đồng
    nhân dân thành phố`, no `tỉnh`) is found only because most syllables as typed also admit an article."""
    run = runs["q30"]
    assert run.query.text == "hoi dong nhan dan tinh"
    assert run.metrics["recall"] == 1.0, report([run])
