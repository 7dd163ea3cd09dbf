"""The query language of `vnnews search`: what parses into which AST, and what is refused (exit 4)."""

import pytest

from index.errors import BadQuery
from search_cli.syntax import ParsedQuery, Term, parse_query


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thi đua ái quốc", ParsedQuery(words=("thi", "đua", "ái", "quốc"))),
        ('"kiểm toán nhà nước"', ParsedQuery(phrases=("kiểm toán nhà nước",))),
        ("“kiểm  toán”", ParsedQuery(phrases=("kiểm toán",))),
        ("kiểm toán -covid", ParsedQuery(words=("kiểm", "toán"), excluded=(Term("covid"),))),
        ('ngân sách -"hội nghị"', ParsedQuery(words=("ngân", "sách"), excluded=(Term("hội nghị", phrase=True),))),
        ('hà OR "đà nẵng"', ParsedQuery(any_of=((Term("hà"), Term("đà nẵng", phrase=True)),))),
        ("a OR b OR c d", ParsedQuery(words=("d",), any_of=((Term("a"), Term("b"), Term("c")),))),
        ("x a OR b y", ParsedQuery(words=("x", "y"), any_of=((Term("a"), Term("b")),))),
        ("COVID-19 or", ParsedQuery(words=("COVID-19", "or"))),
        ('15/2020/NĐ-CP "TP. HCM"', ParsedQuery(words=("15/2020/NĐ-CP",), phrases=("TP. HCM",))),
        ('"ai là ai?"', ParsedQuery(phrases=("ai là ai?",))),
    ],
)
def test_parses(text: str, expected: ParsedQuery) -> None:
    assert parse_query(text) == expected


def test_positive_text_joins_everything_wanted() -> None:
    parsed = parse_query('a "b c" -d e OR f')
    assert parsed.positive_text() == "a b c e f"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ('"kiểm toán', "unbalanced quote"),
        ('a "b" "c', "unbalanced quote"),
        ('""', "empty phrase"),
        ("kiểm - toán", "lone '-'"),
        ("kiểm -", "lone '-'"),
        ("OR kiểm", "OR needs a word or phrase on both sides"),
        ("kiểm OR", "OR needs a word or phrase on both sides"),
        ("a OR OR b", "OR needs a word or phrase on both sides"),
        ("OR", "OR needs a word or phrase on both sides"),
        ("a OR -b", "OR cannot join an exclusion"),
        ("-a OR b", "OR cannot join an exclusion"),
        ("kiem*", "wildcards are not supported"),
        ("ki?m", "wildcards are not supported"),
        ("-covid", "no word to search for"),
        ("!!! …", "no word to search for"),
    ],
)
def test_refuses_with_one_line_reason(text: str, message: str) -> None:
    with pytest.raises(BadQuery, match=message) as raised:
        parse_query(text)
    assert "\n" not in str(raised.value)
    assert raised.value.exit_code == 4
