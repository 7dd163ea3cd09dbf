"""index.syndication: copies with light edits are copies; a shared quote is not. index.copies: a story
copied many times in one run stays one group with one leader."""

from __future__ import annotations

from datetime import datetime, timedelta

from story import OTHER_STORY, STORY, retyped

from index.copies import BAND_MEMORY, CANDIDATES, SyndicationGroups
from index.syndication import COPY_SIMILARITY, fingerprint, similarity
from index.vietnamese import VIETNAM


def _copy(first: list[str], second: list[str]) -> bool:
    a, b = fingerprint(first), fingerprint(second)
    assert a is not None and b is not None
    return similarity(a.signature, b.signature) >= COPY_SIMILARITY and bool(set(a.bands) & set(b.bands))


def test_exact_republication_is_a_copy() -> None:
    assert _copy(STORY, list(STORY))


def test_light_edits_are_copies() -> None:
    assert _copy(STORY, STORY[:-1])  # last paragraph dropped
    assert _copy(STORY, retyped(STORY))  # other spelling and case
    assert _copy(STORY, [*STORY[:2], "Ảnh: TTXVN", *STORY[2:]])  # a caption slipped in


def test_a_shared_quote_is_not_a_copy() -> None:
    assert not _copy(STORY, OTHER_STORY)


def test_short_bodies_are_never_compared() -> None:
    assert fingerprint(["Ảnh: TTXVN", STORY[0][:120]]) is None


def test_a_story_copied_hundreds_of_times_keeps_one_group_and_one_leader() -> None:
    """More copies than a band remembers (BAND_MEMORY) and than are compared (CANDIDATES): every copy still
    joins the group, and the earliest, arriving last, takes the lead from the first one seen."""
    groups = SyndicationGroups(lookup=False)
    count = BAND_MEMORY + CANDIDATES + 50

    def assign(n: int, published: str) -> tuple[dict, list[str]]:
        article = {"body": STORY, "published_at": published}
        return groups.assign_found(f"copy-{n}", article, groups.look_up([groups.lookup_of(f"copy-{n}", article)])[0])

    assigned = [assign(n, (datetime(2025, 3, 13, 8, 0, tzinfo=VIETNAM) + timedelta(minutes=n)).isoformat())
                for n in range(count)]
    assert {fields["syndication_group"] for fields, _ in assigned} == {"copy-0"}
    assert [n for n, (fields, _) in enumerate(assigned) if fields["group_leader"]] == [0]
    fields, demoted = assign(count, "2025-03-12T20:00:00+07:00")
    assert (fields["syndication_group"], fields["group_leader"], demoted) == ("copy-0", True, ["copy-0"])


def test_copies_looked_up_together_meet_when_assigned() -> None:
    """Both copies' lookups are made before either is assigned (one lookup batch): the second still finds
    the first among the run's articles assigned since its lookup."""
    groups = SyndicationGroups(lookup=False)
    first = {"body": STORY, "published_at": "2025-03-13T08:00:00+07:00"}
    second = {"body": retyped(STORY), "published_at": "2025-03-13T09:00:00+07:00"}
    found = groups.look_up([groups.lookup_of("first", first), groups.lookup_of("second", second)])
    assert [list(f.lookup.known) for f in found] == [[], []]
    groups.assign_found("first", first, found[0])
    copy, demoted = groups.assign_found("second", second, found[1])
    assert (copy["syndication_group"], copy["group_leader"], demoted) == ("first", False, [])
