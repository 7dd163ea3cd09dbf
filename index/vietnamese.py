"""Vietnamese rules shared by every layer: the `normalize`, `fold` and `strip_tones` rules of the shared
table (the Python twin of the analysis plugin next to this module), and Vietnam's time zone.

The same rules run inside Elasticsearch (the plugin's `vi_normalize` char filter); both implementations
are checked against `tests/cases/vietnamese-normalisation.tsv`. Standard library only: the search CLI
imports this module for query text, so its import time matters.
"""

import html
import re
import unicodedata
from functools import lru_cache
from zoneinfo import ZoneInfo

# The project's one Vietnam time zone: every stored and displayed date is in it.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Invisible characters removed, NBSPs turned into spaces, and Icelandic eth (a common look-alike typed
# for Đ/đ on some keyboards) mapped to the Vietnamese letter.
_CHARACTER_FIXES = str.maketrans(
    {
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
        "\u00a0": " ",
        "\u202f": " ",
        "\u00d0": "\u0110",
        "\u00f0": "\u0111",
    }
)

# huyền, sắc, ngã, hỏi, nặng as combining marks (NFD).
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_TONE_MARK_PATTERN = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
_COMBINING_MARK_PATTERN = re.compile("[\u0300-\u036f]")
_HAT_VOWELS = frozenset("ăâêôơư")

# Non-ASCII runs long enough to hold more combining marks in a row than any script needs: only these are
# scanned for mark runs, so ordinary text costs one regex pass.
_LONG_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{31,}")
# Unicode's stream-safe limit (UAX #15): Python's NFC/NFD reorder a run of marks in quadratic time, so
# 100,000 stacked marks (zalgo text) would take minutes. Marks beyond it carry no text and are dropped.
_MAX_COMBINING_RUN = 30

# A word: letters, plus combining marks that NFC could not attach (e.g. a duplicated tone).
_WORD_PATTERN = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")

# initial + vowel cluster (1-3 vowels) + final, on the lowercase syllable without tone marks.
# Regex backtracking gives the gi/qu rule for free: `gi` is the initial only when a vowel follows
# (gia, giữ) and otherwise falls back to g + i (gìn, gì); `q` alone is not an initial, so qu always is.
_SYLLABLE_PATTERN = re.compile(
    r"(?:ngh|ng|gh|kh|nh|ph|th|tr|ch|gi|qu|[bcdđghklmnprstvx])?"
    r"([aăâeêioôơuưy]{1,3})"
    r"(ch|ng|nh|[cmnpt])?"
)


def normalize_text(text: str) -> str:
    """Canonical form of Vietnamese text (the `normalize` operation); case is kept."""
    composed = unicodedata.normalize("NFC", stream_safe(text.translate(_CHARACTER_FIXES)))
    if composed.isascii():
        return composed
    return _WORD_PATTERN.sub(_canonical_word_match, composed)


def stream_safe(text: str) -> str:
    """The text with at most 30 combining marks in a row, so that Unicode normalisation stays linear."""
    return _LONG_NON_ASCII_RUN.sub(_capped_mark_run, text) if not text.isascii() else text


def _capped_mark_run(match: re.Match[str]) -> str:
    kept, run = [], 0
    for char in match.group():
        run = run + 1 if unicodedata.combining(char) else 0
        if run <= _MAX_COMBINING_RUN:
            kept.append(char)
    return "".join(kept)


def clean_text(text: str) -> str:
    """HTML-unescaped, normalised text with whitespace runs collapsed to single spaces."""
    return " ".join(normalize_text(html.unescape(text)).split())


def fold(text: str) -> str:
    """Lowercase text without any diacritic, đ written as d (`Hà Nội` -> `ha noi`)."""
    decomposed = unicodedata.normalize("NFD", normalize_text(text).lower())
    return _COMBINING_MARK_PATTERN.sub("", decomposed).replace("đ", "d")


def strip_tones(text: str) -> str:
    """Lowercase text without the five tone marks; ă â ê ô ơ ư đ are kept."""
    decomposed = unicodedata.normalize("NFD", normalize_text(text).lower())
    return unicodedata.normalize("NFC", _TONE_MARK_PATTERN.sub("", decomposed))


def has_diacritics(text: str) -> bool:
    """Whether the text carries any Vietnamese diacritic (decides accented vs folded query weights)."""
    return fold(text) != normalize_text(text).lower()


def is_syllable(word: str) -> bool:
    """Whether a word spells one Vietnamese syllable (initial, 1-3 vowels, final, at most one tone)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if len({char for char in decomposed if char in _TONE_MARKS}) > 1:
        return False
    toneless = unicodedata.normalize("NFC", _TONE_MARK_PATTERN.sub("", decomposed))
    return _SYLLABLE_PATTERN.fullmatch(toneless) is not None


def _canonical_word_match(match: re.Match[str]) -> str:
    word = match.group()
    return word if word.isascii() else _canonical_syllable(word)


@lru_cache(maxsize=65536)
def _canonical_syllable(word: str) -> str:
    """The word with its tone mark on the canonical vowel, or the word unchanged when it is not a
    Vietnamese syllable, has no tone, or has two different tones (no safe repair)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = {char for char in decomposed if char in _TONE_MARKS}
    if len(tones) != 1:
        return word
    toneless = unicodedata.normalize("NFC", _TONE_MARK_PATTERN.sub("", decomposed))
    lowered = toneless.lower()
    if len(lowered) != len(toneless):
        return word
    position = _tone_position(lowered)
    if position is None:
        return word
    placed = toneless[: position + 1] + tones.pop() + toneless[position + 1 :]
    return unicodedata.normalize("NFC", placed)


def _tone_position(syllable: str) -> int | None:
    """Index of the vowel that carries the tone in a lowercase toneless syllable (first-vowel style
    for open oa/oe/uy), or None when the syllable is not Vietnamese."""
    match = _SYLLABLE_PATTERN.fullmatch(syllable)
    if match is None:
        return None
    vowels, final = match.group(1), match.group(2)
    hats = [index for index, vowel in enumerate(vowels) if vowel in _HAT_VOWELS]
    if len(vowels) == 1:
        offset = 0
    elif hats:
        offset = hats[-1]  # ươ -> ơ
    elif final:
        offset = len(vowels) - 1
    elif len(vowels) == 3:
        offset = 1
    else:
        offset = 0  # open pairs, including the canonical first-vowel oa/oe/uy
    return match.start(1) + offset
