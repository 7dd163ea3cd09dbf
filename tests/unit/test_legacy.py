"""Decoding HTML bytes and repairing TCVN3 / VNI-Windows text seen through Latin-1."""

import unicodedata

import pytest

from crawler.normalise.legacy import decode_html, repair_legacy_text
from index.vietnamese import normalize_text

LEGACY_SAMPLES = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),  # TCVN3
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),  # TCVN3
    ("Thñ t\u00adíng ChÝnh phñ ®· ký quyÕt ®Þnh", "Thủ tướng Chính phủ đã ký quyết định"),  # TCVN3 ư = 0xAD
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),  # VNI
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),  # VNI
]

UNTOUCHED = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Kiểm toán nhà nước năm 2023",
    "Hà Nội",
    "Bé",  # a real syllable that TCVN3 would read as "Bộ"
    "El niño está en la montaña con su mamá y el señor Muñoz",
    "Die Straße ist schön und grün, die Größe überrascht",
    "Où est le café ? Très bien, déjà vu à la façon française",
    "Báo cáo năm 2023",
    "Covid-19 email",
    "",
]


@pytest.mark.parametrize(("legacy", "expected"), LEGACY_SAMPLES)
def test_legacy_text_is_converted(legacy: str, expected: str) -> None:
    assert normalize_text(repair_legacy_text(legacy)) == expected


@pytest.mark.parametrize("text", UNTOUCHED)
def test_unicode_and_foreign_text_untouched(text: str) -> None:
    assert repair_legacy_text(text) is text


def _cp1258_bytes(text: str) -> bytes:
    """Windows-1258 encoding as Vietnamese keyboards produce it: letter (with hat) + combining tone."""
    letters = []
    for letter in text:
        decomposed = unicodedata.normalize("NFD", letter)
        tone = "".join(char for char in decomposed if char in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in tone))
        letters.append(base + tone)
    return "".join(letters).encode("cp1258")


def test_cp1258_declared_decodes_to_nfc() -> None:
    body = _cp1258_bytes("Hòa Bình Việt Nam thuở")
    decoded = decode_html(body, "windows-1258")
    assert decoded == "Hòa Bình Việt Nam thuở"
    assert unicodedata.is_normalized("NFC", decoded)


def test_cp1258_from_meta_charset() -> None:
    body = b'<html><head><meta charset="windows-1258"></head><body>' + _cp1258_bytes("Việt") + b"</body>"
    assert decode_html(body, None).endswith("<body>Việt</body>")


def test_meta_http_equiv_charset() -> None:
    body = b'<meta http-equiv="Content-Type" content="text/html; charset=cp1258">' + _cp1258_bytes("Đảng")
    assert decode_html(body, None).endswith("Đảng")


@pytest.mark.parametrize("declared", ["utf-8", "UTF8", None, "iso-8859-1", "utf-16", "no-such-charset"])
def test_valid_utf8_is_utf8(declared: str | None) -> None:
    assert decode_html("Kiểm toán Nhà nước".encode(), declared) == "Kiểm toán Nhà nước"


def test_declared_utf8_with_bad_bytes_uses_replacement() -> None:
    assert decode_html(b"Vi\xff\xfet", "utf-8") == "Vi\ufffd\ufffdt"


def test_undeclared_bad_bytes_use_replacement() -> None:
    assert decode_html(b"C\xe9ng ho\xb5", None) == "C\ufffdng ho\ufffd"


def test_latin1_declared_legacy_page_reaches_repair() -> None:
    decoded = decode_html("Céng hoµ x· héi chñ nghÜa ViÖt Nam".encode("latin-1"), "ISO-8859-1")
    assert normalize_text(repair_legacy_text(decoded)) == "Cộng hòa xã hội chủ nghĩa Việt Nam"


def test_byte_order_mark() -> None:
    assert decode_html(b"\xef\xbb\xbfVi\xe1\xbb\x87t", "iso-8859-1") == "Việt"
    assert decode_html(b"\xff\xfe" + "Việt".encode("utf-16-le"), None) == "Việt"


VIETNAMESE = "<p>Kiểm toán Nhà nước công bố kết quả ngân sách tỉnh Sơn La, ưu tiên đầu tư.</p>"


@pytest.mark.parametrize(
    ("body", "declared"),
    [
        (_cp1258_bytes(VIETNAMESE), "utf-8"),  # a wrong header
        (_cp1258_bytes(VIETNAMESE), None),  # no declaration at all
        (_cp1258_bytes(VIETNAMESE), "windows-1252"),
        (_cp1258_bytes(VIETNAMESE), "iso-8859-1"),
        (b" " * 5000 + b'<meta charset="windows-1258">' + _cp1258_bytes(VIETNAMESE), None),  # declared too late
        (VIETNAMESE.encode(), "windows-1258"),  # UTF-8 sent under a Windows-1258 label
        (VIETNAMESE.encode("utf-16-le"), None),  # UTF-16 without a byte-order mark
        (VIETNAMESE.encode("utf-16-be"), "utf-8"),
    ],
)
def test_the_charset_that_reads_as_vietnamese_wins(body: bytes, declared: str | None) -> None:
    assert decode_html(body, declared).endswith(VIETNAMESE)


@pytest.mark.parametrize("label", ["rot13", "base64", "zlib", "hex", "bz2", "uu", "quopri", "undefined", "idna",
                                   "punycode", "unicode_escape", "utf-7", "utf\x00-8"])
def test_labels_of_non_text_codecs_are_ignored(label: str) -> None:
    body = VIETNAMESE.encode()
    assert decode_html(body, label) == VIETNAMESE
    assert decode_html(f'<meta charset="{label}">'.encode() + body, None).endswith(VIETNAMESE)
    assert decode_html(_cp1258_bytes(VIETNAMESE), label) == VIETNAMESE
