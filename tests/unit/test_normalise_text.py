"""clean_text, has_diacritics, is_syllable and the import cost of crawler.normalise."""

import subprocess
import sys
from pathlib import Path

import pytest

from index.vietnamese import clean_text, fold, has_diacritics, is_syllable, normalize_text

PROJECT_ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("  Hoà\u00a0Bình &amp; thuỷ\n\t lợi  ", "Hòa Bình & thủy lợi"),
        ("Kiểm toán &quot;nhà nước&quot;", 'Kiểm toán "nhà nước"'),
        ("&nbsp;Quốc\u200bhội&#160;", "Quốchội"),
        ("\ufeff", ""),
        ("", ""),
    ],
)
def test_clean_text(given: str, expected: str) -> None:
    assert clean_text(given) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("ha noi", False), ("Hà Nội", True), ("da nang", False), ("đa nang", True), ("Covid-19", False), ("", False)],
)
def test_has_diacritics(query: str, expected: bool) -> None:
    assert has_diacritics(query) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("nghiêng", True),
        ("Quốc", True),
        ("gìn", True),
        ("khuỷu", True),
        ("Céng", True),  # valid shape, which is why legacy repair also needs the frequency detector
        ("chñ", False),
        ("ViÖt", False),
        ("email", False),
        ("hòá", False),
        ("strength", False),
    ],
)
def test_is_syllable(word: str, expected: bool) -> None:
    assert is_syllable(word) is expected


def test_long_text_keeps_non_word_characters() -> None:
    text = "Ngày 27/4, Kiểm toán Nhà nước (KTNN) công bố: 1.234,5 tỷ đồng — 100% kế hoạch…"
    assert normalize_text(text) == text
    assert fold(text) == "ngay 27/4, kiem toan nha nuoc (ktnn) cong bo: 1.234,5 ty dong — 100% ke hoach…"


def test_import_stays_standard_library_only() -> None:
    probe = (
        "import sys, crawler.normalise; "
        "heavy = {'scrapy', 'dateutil', 'viparse', 'elasticsearch'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
