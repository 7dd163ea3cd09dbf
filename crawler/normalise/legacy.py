"""Bytes to text for Vietnamese pages, and repair of pre-Unicode (TCVN3 / VNI-Windows) text.

Archives from before ~2005 often hold text typed in .VnTime (TCVN3) or VNI-Times fonts: one or two
Latin-1 characters per Vietnamese letter ("Céng hoµ x· héi chñ nghÜa ViÖt Nam"). The conversion tables
come from `viparse`; this module decides when converting is safe.
"""

import codecs
import re
import unicodedata

from index.vietnamese import is_syllable, stream_safe

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# The ASCII-compatible encodings of the WHATWG Encoding Standard (what a browser honours), by Python codec
# name. Any other label is ignored: Python also "decodes" rot13, base64, zlib, idna or `undefined`, none of
# which is a page encoding. UTF-16 is recognised from the bytes (mark or NULs), never from a label, as
# browsers do: an ASCII meta tag cannot be read in UTF-16.
_PAGE_CODECS = frozenset(
    {
        "utf-8", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874",
        "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7", "iso8859-8",
        "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16",
        "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
        "gbk", "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr",
    }
)  # fmt: skip
# Browsers read Latin-1 and ASCII labels as windows-1252, and so do we.
_WINDOWS_1252_ALIASES = frozenset({"iso8859-1", "ascii"})
# A page that is not valid UTF-8 is decoded by every candidate; Vietnamese decides. Ties go to the first.
_SNIFFED_CODECS = ("utf-8", "cp1252", "cp1258")
_SNIFF_SAMPLE_BYTES = 65536
# Share of a candidate's non-ASCII characters that must be letters only Vietnamese uses (ă ơ ư đ, ạ ả ấ…)
# for it to beat the declared charset: TCVN3 text seen through cp1258 has a few by chance, real
# Windows-1258 Vietnamese has them in most words.
_MIN_VIETNAMESE_SHARE = 0.3
# UTF-16 without a byte-order mark: ASCII markup puts a NUL in every other byte.
_UTF16_NUL_SHARE = 0.3

# Letters Latin-1/cp1252 cannot hold: their presence means the text is already real Unicode Vietnamese.
_UNICODE_VIETNAMESE_LETTER = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
_LATIN1_UPPER_HALF = re.compile("[\u0080-\u00ff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_WORD = re.compile(r"[^\W\d_]+")
# A conversion is kept only when it turns mostly non-syllables into mostly Vietnamese syllables; the
# frequency detector alone cannot tell short legacy strings from real Vietnamese ("Bé" -> "Bộ").
_MIN_SYLLABLE_SHARE = 0.7
_MIN_SYLLABLE_GAIN = 0.25


def decode_html(body: bytes, declared: str | None) -> str:
    """Text of an HTML body: a byte-order mark, else UTF-16 recognised by its NULs, else UTF-8 when the
    bytes are valid UTF-8, else whichever of the declared charsets (HTTP header, meta tag), UTF-8,
    Windows-1252 and Windows-1258 reads as Vietnamese. Without a Vietnamese reading, the declared
    charset (so that TCVN3/VNI text reaches `repair_legacy_text`), else UTF-8 with replacement characters."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if body.startswith(mark):
            return _decode(body, codec)
    if codec := _utf16_without_mark(body):
        return _decode(body, codec)
    try:
        return stream_safe(body.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    labels = [codec for codec in (_codec_name(declared), _codec_name(_meta_charset(body))) if codec]
    return _decode(body, _sniffed_codec(body, labels))


def _utf16_without_mark(body: bytes) -> str | None:
    head = body[:_SNIFF_BYTES]
    half = len(head) // 2
    if half < 8:
        return None
    even_nuls, odd_nuls = head[0::2].count(0), head[1::2].count(0)
    if odd_nuls >= half * _UTF16_NUL_SHARE and even_nuls < odd_nuls / 8:
        return "utf-16-le"
    if even_nuls >= half * _UTF16_NUL_SHARE and odd_nuls < even_nuls / 8:
        return "utf-16-be"
    return None


def _sniffed_codec(body: bytes, labels: list[str]) -> str:
    first_high = _HIGH_BYTE.search(body)
    start = max(0, first_high.start() - 64) if first_high else 0
    sample = body[start : start + _SNIFF_SAMPLE_BYTES]
    scores = {codec: _vietnamese_share(_decode(sample, codec)) for codec in dict.fromkeys([*labels, *_SNIFFED_CODECS])}
    best = max(scores, key=scores.__getitem__)
    if scores[best] >= _MIN_VIETNAMESE_SHARE:
        return best
    return labels[0] if labels else "utf-8"


def _vietnamese_share(text: str) -> float:
    """Letters only Vietnamese uses, less replacement characters (the sign of a wrong charset), per
    non-ASCII character."""
    non_ascii = _NON_ASCII.findall(text)
    if not non_ascii:
        return 0.0
    vietnamese = sum(1 for char in non_ascii if _UNICODE_VIETNAMESE_LETTER.match(char))
    wrong = non_ascii.count("\ufffd")
    return (vietnamese - 2 * wrong) / len(non_ascii)


def repair_legacy_text(text: str) -> str:
    """The text converted to Unicode when it is TCVN3 or VNI-Windows seen through Latin-1/cp1252;
    otherwise the text unchanged (real Unicode Vietnamese, foreign languages, short doubtful strings)."""
    if _UNICODE_VIETNAMESE_LETTER.search(text) or not _LATIN1_UPPER_HALF.search(text):
        return text
    converted = _convert_detected_legacy(text)
    if converted is None:
        return text
    before, after = _syllable_share(text), _syllable_share(converted)
    if after < _MIN_SYLLABLE_SHARE or after - before < _MIN_SYLLABLE_GAIN:
        return text
    return converted


def _convert_detected_legacy(text: str) -> str | None:
    # Imported here: viparse builds its tables and model at import, which query-time callers never need.
    from viparse.normalize.detector import detect_encoding_by_content
    from viparse.normalize.tables import convert
    from viparse.normalize.tcvn3 import TCVN3
    from viparse.normalize.vni import VNI

    candidates = {TCVN3.name: TCVN3, VNI.name: VNI}
    detection = detect_encoding_by_content(text, candidates)
    if detection.encoding is None:
        return None
    return convert(text, candidates[detection.encoding])


def _syllable_share(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    return sum(1 for word in words if is_syllable(word)) / len(words)


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _codec_name(label: str | None) -> str | None:
    """Python's codec name for a charset label (`windows-1258` -> `cp1258`), None unless it names one
    of the page encodings browsers honour."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):  # ValueError: a NUL in the label
        return None
    if name in _WINDOWS_1252_ALIASES:
        return "cp1252"
    return name if name in _PAGE_CODECS else None


def _decode(body: bytes, codec: str) -> str:
    # cp1258 decodes to base letter + combining tone; NFC gives the precomposed letters.
    return unicodedata.normalize("NFC", stream_safe(body.decode(codec, errors="replace")))
