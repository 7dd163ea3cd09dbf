"""The shared normalisation case table (also read by the plugin's JUnit tests), plus properties that
must hold for every normalised string."""

import re
import unicodedata
from pathlib import Path

import pytest

from index.vietnamese import fold, normalize_text, strip_tones

CASES_PATH = Path(__file__).parents[1] / "cases" / "vietnamese-normalisation.tsv"
OPERATIONS = {"normalize": normalize_text, "fold": fold, "strip_tones": strip_tones}
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# An open oa/oe/uy syllable (not after q) whose tone sits on the second vowel: the non-canonical style.
# Checked on one decomposed word with a single tone mark.
_SECOND_VOWEL_TONE = re.compile(rf"(?<![qQ])(?:[oO][aAeE]|[uU][yY])[{_TONES}]$")


def _decode_escapes(text: str) -> str:
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def _load_cases() -> list:
    cases = []
    for number, line in enumerate(CASES_PATH.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        operation, given, expected, *comment = line.split("\t")
        label = f"{number}:{operation}:{comment[0] if comment and comment[0] else given}"
        cases.append(pytest.param(operation, _decode_escapes(given), _decode_escapes(expected), id=label))
    return cases


CASES = _load_cases()
NORMALIZE_INPUTS = [case.values[1] for case in CASES] + [case.values[2] for case in CASES]


@pytest.mark.parametrize(("operation", "given", "expected"), CASES)
def test_shared_case(operation: str, given: str, expected: str) -> None:
    assert OPERATIONS[operation](given) == expected


def test_table_has_every_operation() -> None:
    assert {case.values[0] for case in CASES} == set(OPERATIONS)


@pytest.mark.parametrize("text", NORMALIZE_INPUTS)
def test_normalized_text_is_nfc(text: str) -> None:
    normalized = normalize_text(text)
    assert unicodedata.is_normalized("NFC", normalized)


@pytest.mark.parametrize("text", NORMALIZE_INPUTS)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


def _has_second_vowel_tone(text: str) -> bool:
    for word in re.findall(r"[^\W\d_]+", text):
        decomposed = unicodedata.normalize("NFD", word)
        if sum(decomposed.count(tone) for tone in _TONES) == 1 and _SECOND_VOWEL_TONE.search(decomposed):
            return True
    return False


def test_second_vowel_tone_check_detects_new_style() -> None:
    assert _has_second_vowel_tone("hoà thuỷ khoẻ")
    assert not _has_second_vowel_tone("hòa quý hoàng khuỷu")


@pytest.mark.parametrize("text", NORMALIZE_INPUTS)
def test_no_open_oa_oe_uy_with_tone_on_second_vowel(text: str) -> None:
    assert not _has_second_vowel_tone(normalize_text(text))


@pytest.mark.parametrize("text", NORMALIZE_INPUTS)
def test_fold_and_strip_tones_are_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert strip_tones(strip_tones(text)) == strip_tones(text)
