"""Legal document references in running text (`Nghị định 123/2020/NĐ-CP`, `57-NQ/TW`, `Luật số
81/2015/QH13`): found, typed and written in one canonical form.

Shared by the crawler (which stores them on each article, see docs/index-contract.md) and the search CLI
(which canonicalises a reference typed in a query with the same code), so both always agree.

A reference is a number, an optional year, then letter codes joined by `/` or `-`: a type code (`NĐ`,
`QĐ`, `NQ`, `TT`...) and the issuer (`CP`, `TW`, `UBND`, `TTg`, `QH13`...). Writers vary the spelling:
spaces around the separators, lowercase, `D` for `Đ`, an en dash. Two forms are kept:
- `canonical`: for people and facets: no spaces, `-` for every dash, codes in their official case and
  with their `Đ` (`123/2020/NĐ-CP`, `1006/QĐ-TTg`); the number keeps its leading zeros as written;
- `key`: for matching: the canonical form folded (no diacritics, uppercase, no leading zeros), so that
  `123/2020/nd-cp`, `123 / 2020 / NĐ - CP` and `123/2020/NĐ-CP` share one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.vietnamese import fold, normalize_text

# folded type code -> (official spelling, document type)
TYPE_CODES: dict[str, tuple[str, str]] = {
    "ND": ("NĐ", "Nghị định"),
    "QD": ("QĐ", "Quyết định"),
    "NQ": ("NQ", "Nghị quyết"),
    "TT": ("TT", "Thông tư"),
    "TTLT": ("TTLT", "Thông tư liên tịch"),
    "CT": ("CT", "Chỉ thị"),
    "KL": ("KL", "Kết luận"),
    "CD": ("CĐ", "Công điện"),
    "CV": ("CV", "Công văn"),
    "KH": ("KH", "Kế hoạch"),
    "BC": ("BC", "Báo cáo"),
    "TB": ("TB", "Thông báo"),
    "HD": ("HD", "Hướng dẫn"),
    "TTR": ("TTr", "Tờ trình"),
    "QC": ("QC", "Quy chế"),
}

# Issuer codes whose official spelling is not plain uppercase of the folded form.
ISSUER_SPELLINGS: dict[str, str] = {
    "TTG": "TTg",
    "HDND": "HĐND",
    "BGDDT": "BGDĐT",
    "BLDTBXH": "BLĐTBXH",
    "HDTP": "HĐTP",
    "DCS": "ĐCS",
    "TLD": "TLĐ",
}

# The word that names a document before its number; folded, longest first so that `bo luat` wins
# over `luat` and `thong tu lien tich` over `thong tu`.
TYPE_WORDS: dict[str, str] = {
    "thong tu lien tich": "Thông tư liên tịch",
    "bo luat": "Bộ luật",
    "phap lenh": "Pháp lệnh",
    "nghi dinh": "Nghị định",
    "nghi quyet": "Nghị quyết",
    "quyet dinh": "Quyết định",
    "thong tu": "Thông tư",
    "chi thi": "Chỉ thị",
    "ket luan": "Kết luận",
    "cong dien": "Công điện",
    "cong van": "Công văn",
    "ke hoach": "Kế hoạch",
    "bao cao": "Báo cáo",
    "thong bao": "Thông báo",
    "huong dan": "Hướng dẫn",
    "to trinh": "Tờ trình",
    "van ban": "Văn bản",
    "luat": "Luật",
}

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014"
_SEPARATOR = rf"\s*[/{_DASHES}]\s*"
_CODE = r"[A-Za-zĐđ]{1,8}\d{0,2}"
_REFERENCE = re.compile(
    rf"(?<![\w/.,{_DASHES}])\d{{1,5}}(?:{_SEPARATOR}(?:19|20)\d\d)?(?:{_SEPARATOR}{_CODE})+(?![\w/])"
)
_PART = re.compile(rf"[/{_DASHES}]|[^\s/{_DASHES}]+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_TYPE_WORD_BEFORE = re.compile(
    r"\b(" + "|".join(TYPE_WORDS) + r")\s*(?:so)?\s*:?\s*$"
)
_LOOKBACK = 32  # characters before a number searched for the word naming the document


@dataclass(frozen=True)
class Reference:
    canonical: str  # `123/2020/NĐ-CP`
    key: str  # `123/2020/ND-CP`: what matching compares
    doc_type: str | None  # `Nghị định`; None when neither a type code nor a naming word says it
    issuers: tuple[str, ...]  # `("CP",)`; a legislature number is dropped: `QH13` -> `QH`
    start: int  # span in the normalised text the reference was found in
    end: int


def _code_case_ok(code: str, lowercase_reference: bool) -> bool:
    """A code is written in capitals (`NĐ`, `QH13`, `TTg`), or in lowercase when the whole reference is
    (`nđ-cp` typed in a query); a capitalised word after a reference (`57-NQ/TW - Ảnh`) is not a code."""
    letters = "".join(ch for ch in code if ch.isalpha())
    if lowercase_reference:
        return letters.islower()
    return letters.isupper() or fold(code).upper() in TYPE_CODES.keys() | ISSUER_SPELLINGS.keys()


def _parts(matched: str) -> tuple[list[str], list[str], int]:
    """The number/year/code values, the separators between them and the length of `matched` they
    cover: codes from the first one not written as a code are dropped."""
    tokens = list(_PART.finditer(matched))
    values = [token.group() for token in tokens[0::2]]
    separators = ["/" if token.group() == "/" else "-" for token in tokens[1::2]]
    lowercase = not any(ch.isupper() for ch in matched)
    kept = next(
        (index for index, value in enumerate(values[1:], start=1)
         if not value.isdigit() and not _code_case_ok(value, lowercase)),
        len(values),
    )
    return values[:kept], separators[: kept - 1], tokens[2 * (kept - 1)].end()


def _spelled(code: str) -> str:
    folded = fold(code).upper()
    if folded in TYPE_CODES:
        return TYPE_CODES[folded][0]
    return ISSUER_SPELLINGS.get(folded, code.upper())


def _type_word_before(text: str, start: int) -> str | None:
    if found := _TYPE_WORD_BEFORE.search(fold(text[max(0, start - _LOOKBACK) : start])):
        return TYPE_WORDS[found.group(1)]
    return None


def _reference(text: str, found: re.Match[str]) -> Reference | None:
    values, separators, length = _parts(found.group())
    codes = [value for value in values[1:] if not value.isdigit()]
    if not codes:
        return None
    folded_codes = [fold(code).upper() for code in codes]
    type_codes = [code for code in folded_codes if code in TYPE_CODES]
    has_year = len(values) > 2 and _YEAR.fullmatch(values[1]) is not None
    named_type = _type_word_before(text, found.start())
    # Without a type code, only a year (`81/2015/QH13`) or a naming word (`Công văn số 12/UBND-KT`)
    # tells a reference from a number that happens to precede capitals.
    if not type_codes and not has_year and named_type is None:
        return None
    spelled = [values[0], *(value if value.isdigit() else _spelled(value) for value in values[1:])]
    canonical = spelled[0] + "".join(sep + value for sep, value in zip(separators, spelled[1:], strict=True))
    doc_type = TYPE_CODES[type_codes[0]][1] if type_codes else named_type
    issuers = tuple(
        _spelled(code).rstrip("0123456789") for code, key in zip(codes, folded_codes, strict=True)
        if key not in TYPE_CODES
    )
    start = found.start()
    return Reference(canonical, reference_key(canonical), doc_type, issuers, start, start + length)


def reference_key(canonical: str) -> str:
    """The matching key of a canonical reference: folded, uppercase, numbers without leading zeros."""
    return re.sub(r"(?<!\d)0+(?=\d)", "", fold(canonical).upper())


def find_references(text: str) -> list[Reference]:
    """Every reference in `text` (normalised first), in order of appearance, repeats included."""
    return _found_in(normalize_text(text))


def _found_in(normalised: str) -> list[Reference]:
    return [ref for found in _REFERENCE.finditer(normalised) if (ref := _reference(normalised, found))]


def article_references(title: str | None, lead: str | None, body: list[str]) -> dict[str, list[str]]:
    """The index fields for an article's references (docs/index-contract.md): each distinct document
    once, in order of first mention. The texts are normalised already (index.vietnamese.clean_text, as
    the crawler's normalise pipeline leaves them)."""
    found: dict[str, Reference] = {}
    for text in (title or "", lead or "", *body):
        for ref in _found_in(text):
            found.setdefault(ref.key, ref)
    refs = list(found.values())
    return {
        "doc_refs": [ref.canonical for ref in refs],
        "doc_keys": [ref.key for ref in refs],
        "doc_types": list(dict.fromkeys(ref.doc_type for ref in refs if ref.doc_type)),
        "doc_issuers": list(dict.fromkeys(issuer for ref in refs for issuer in ref.issuers)),
    }


def spell_references_plainly(text: str) -> str:
    """`text` (normalised) with each reference written as one unaccented word (`nghị định 123 / 2020 / ND -
    CP` -> `nghị định 123/2020/ND-CP`): how the search CLI reads a query, whose syntax takes a lone `-`
    for an exclusion."""
    normalised = normalize_text(text)
    pieces, last = [], 0
    for ref in _found_in(normalised):
        pieces += [normalised[last : ref.start], fold(ref.canonical).upper()]
        last = ref.end
    return "".join([*pieces, normalised[last:]])
