"""index.references: finding, typing and canonicalising document references."""

from __future__ import annotations

import pytest

from index.references import article_references, find_references, spell_references_plainly


@pytest.mark.parametrize(
    ("text", "canonical", "doc_type"),
    [
        ("Theo Nghị định 123/2020/NĐ-CP của Chính phủ", "123/2020/NĐ-CP", "Nghị định"),
        ("theo nghị định 123 / 2020 / nđ - cp", "123/2020/NĐ-CP", "Nghị định"),
        ("Nghị định 123/2020/ND-CP", "123/2020/NĐ-CP", "Nghị định"),
        ("Nghị quyết số 57-NQ/TW - Ảnh: TTXVN", "57-NQ/TW", "Nghị quyết"),
        ("Quyết định Số: 1006/QĐ-UBND ngày 5/3", "1006/QĐ-UBND", "Quyết định"),
        ("Luật số 81/2015/QH13", "81/2015/QH13", "Luật"),
        ("Nghị quyết 202/2025/QH15", "202/2025/QH15", "Nghị quyết"),
        ("Công điện 15/CĐ-TTG", "15/CĐ-TTg", "Công điện"),
        ("Công văn số 1234/UBND-KT", "1234/UBND-KT", "Công văn"),
        ("Thông tư 12/2022/TT–BTC", "12/2022/TT-BTC", "Thông tư"),
    ],
)
def test_variants_are_canonicalised(text: str, canonical: str, doc_type: str) -> None:
    [found] = find_references(text)
    assert (found.canonical, found.doc_type) == (canonical, doc_type)


@pytest.mark.parametrize("text", ["ngày 30/4/2025", "Covid-19 và dịch vụ 24/7", "năm 2020 - CP", "U23 - VN", "12/UBND"])
def test_dates_and_numbers_are_not_references(text: str) -> None:
    assert find_references(text) == []


def test_spellings_share_one_key() -> None:
    keys = {find_references(text)[0].key for text in ("01/2024/TT-BGDĐT", "1/2024/tt-bgddt", "01 / 2024 / TT - BGDDT")}
    assert keys == {"1/2024/TT-BGDDT"}


def test_article_fields_list_each_document_once() -> None:
    fields = article_references("Nghị định 123/2020/NĐ-CP", None, ["theo 123/2020/nd-cp và Luật số 81/2015/QH13"])
    assert fields == {"doc_refs": ["123/2020/NĐ-CP", "81/2015/QH13"], "doc_keys": ["123/2020/ND-CP", "81/2015/QH13"],
                      "doc_types": ["Nghị định", "Luật"], "doc_issuers": ["CP", "QH"]}


def test_query_references_become_one_plain_word() -> None:
    assert spell_references_plainly("nghị định 123 / 2020 / nđ - cp") == "nghị định 123/2020/ND-CP"
