"""index.syndication: copies with light edits are copies; a shared quote is not."""

from __future__ import annotations

from story import OTHER_STORY, STORY, retyped

from index.syndication import fingerprint, is_copy


def _copy(first: list[str], second: list[str]) -> bool:
    a, b = fingerprint(first), fingerprint(second)
    assert a is not None and b is not None
    return is_copy(a.signature, b.signature) and bool(set(a.bands) & set(b.bands))


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
